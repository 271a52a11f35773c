"""portal.spreadsheet: every cell that leaves the portal in a spreadsheet is inert (CSV escaping, XLSX strings, ODS
string cells), whichever feature writes it."""
import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from portal import spreadsheet

# --- escape_cell -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["=1+1", "+31 6 1234", "-3", "@SUM(A1:A2)", "  =HYPERLINK(\"x\")", "\n=1+1",
                                   "\t=1+1", "\tgewoon", "\rgewoon", "\uff1d1+1", " \t@x"])
def test_a_cell_a_spreadsheet_would_evaluate_gets_a_leading_apostrophe(value):
    assert spreadsheet.escape_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["taal", "2026-05-01", "31-05-2026", "36,5", "a=b", "ABCD-1234-X", "", "*********",
                                   "e-mail", "1+1"])
def test_an_ordinary_cell_is_left_as_it_is(value):
    assert spreadsheet.escape_cell(value) == value


def test_none_and_numbers_become_text():
    assert spreadsheet.escape_cell(None) == "" and spreadsheet.escape_cell(12.5) == "12.5"
    assert spreadsheet.escape_cell(-1) == "'-1"


def test_csv_is_semicolon_separated_utf8_with_bom_and_escaped():
    body = spreadsheet.csv_bytes([["a", "b;c", "=1+1"], [], ["ë", '"q"', "-2"]])
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text == 'a;"b;c";\'=1+1\r\n\r\në;"""q""";\'-2\r\n'
    assert list(csv.reader(io.StringIO(text, newline=""), delimiter=";")) == [
        ["a", "b;c", "'=1+1"], [], ["ë", '"q"', "'-2"]]


def test_an_xlsx_workbook_writes_a_formula_like_text_as_a_string():
    out = io.BytesIO()
    book = spreadsheet.workbook(out)
    sheet = book.add_worksheet("blad")
    spreadsheet.write_text(sheet, 0, 0, "=HYPERLINK(\"http://x\")")
    sheet.write(0, 1, "=1+1")  # plain write too: the workbook's options keep strings strings
    book.close()
    cells = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["blad"]
    assert cells["A1"].data_type == "s" and cells["A1"].value == "=HYPERLINK(\"http://x\")"
    assert cells["B1"].data_type == "s" and cells["B1"].value == "=1+1"


def test_dutch_text_writes_dates_as_dd_mm_jjjj_and_numbers_with_a_decimal_comma():
    assert spreadsheet.dutch_text(dt.date(2026, 3, 31)) == "31-03-2026"
    assert spreadsheet.dutch_text(12.5) == "12,5" and spreadsheet.dutch_text(48.0) == "48"
    assert spreadsheet.dutch_text(None) == "" and spreadsheet.dutch_text("taal") == "taal"


def test_writing_ods_keeps_spaces_lines_and_markup_as_text_and_replaces_what_xml_cannot_hold():
    import python_calamine

    values = ["  twee  spaties & <tag> \x01", "regel 1\nregel 2"]
    body = spreadsheet.ods_bytes([spreadsheet.OdsBlad("blad", [["kop"], *([value] for value in values),
                                                               ["met\ttab"]])])
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(body))
    assert list(book.get_sheet_by_name("blad").iter_rows())[1:3] == [["  twee  spaties & <tag> \ufffd"],
                                                                      ["regel 1\nregel 2"]]
    assert b"met<text:tab/>tab" in zipfile.ZipFile(io.BytesIO(body)).read("content.xml")


def test_an_ods_text_cell_that_looks_like_a_formula_stays_a_string_cell():
    body = spreadsheet.ods_bytes([spreadsheet.OdsBlad("blad", [["=1+1", 2.5, dt.date(2026, 1, 2)]])])
    content = zipfile.ZipFile(io.BytesIO(body)).read("content.xml").decode()
    assert "table:formula" not in content
    assert 'office:value-type="string"><text:p>=1+1</text:p>' in content
    assert 'office:value-type="float" office:value="2.5"' in content and 'office:date-value="2026-01-02"' in content
