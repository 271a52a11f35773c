"""Reading deliveries: CSV dialects, XLSX sheets and API JSON rows into a frame of strings with line numbers."""
import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter

from portal import bsn
from portal.leveringen import parse

AANWEZIGHEID_HEADER = ("traject_id;onderdeel;periode_start;periode_eind;uren_gepland;uren_aanwezig;"
                       "uren_verzuim_geoorloofd;uren_verzuim_ongeoorloofd;verzuim_reden;aantal_keer_verzuim")
AANWEZIGHEID_ROW = "T-0001;taal;2026-03-01;2026-03-31;40;30,5;2;1;ziekte;2"
TOETS_HEADER = ["traject_id", "datum", "vaardigheid", "niveau", "resultaat", "score"]
VALID_BSN = "123456782"


def csv_bytes(*lines: str, newline: str = "\n", encoding: str = "utf-8") -> bytes:
    return newline.join(lines).encode(encoding)


def aanwezigheid(*lines: str, **kwargs) -> parse.Parsed:
    return parse.read_file(csv_bytes(*lines, **kwargs), "aanlevering.csv", "aanwezigheid")


def codes_of(parsed: parse.Parsed) -> list[str]:
    return [fout.code for fout in parsed.file_errors + parsed.row_errors]


def xlsx_bytes(sheets: dict[str, list[tuple[int, list]]]) -> bytes:
    """A workbook with, per sheet, (0-based row, values) pairs; datetime values become real Excel date cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = book.add_format({"num_format": "dd-mm-yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for row, values in rows:
            for column, value in enumerate(values):
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(row, column, value, date_format)
                elif value is not None:
                    sheet.write(row, column, value)
    book.close()
    return buffer.getvalue()


# --- CSV dialect ---------------------------------------------------------------------------------------------------


def test_csv_with_semicolons_gives_one_string_row_per_data_line():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW)
    assert parsed.file_errors == [] and parsed.row_errors == []
    assert parsed.frame.to_dict("records") == [{
        "traject_id": "T-0001", "onderdeel": "taal", "periode_start": "2026-03-01", "periode_eind": "2026-03-31",
        "uren_gepland": "40", "uren_aanwezig": "30,5", "uren_verzuim_geoorloofd": "2",
        "uren_verzuim_ongeoorloofd": "1", "verzuim_reden": "ziekte", "aantal_keer_verzuim": "2"}]
    assert list(parsed.lines) == [2]


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_comma_and_tab_delimiters_are_detected_from_the_header(delimiter):
    parsed = aanwezigheid(AANWEZIGHEID_HEADER.replace(";", delimiter),
                          AANWEZIGHEID_ROW.replace("30,5", "30.5").replace(";", delimiter))
    assert parsed.file_errors == []
    assert parsed.frame.loc[0, "uren_aanwezig"] == "30.5"


def test_header_names_are_case_insensitive_stripped_and_in_any_order():
    header = " Onderdeel ;TRAJECT_ID;Periode_Start; periode_eind;uren_gepland;uren_aanwezig;" \
             "uren_verzuim_geoorloofd;uren_verzuim_ongeoorloofd"
    parsed = aanwezigheid(header, "taal;T-1;2026-03-01;2026-03-31;40;30;0;0")
    assert parsed.file_errors == []
    assert parsed.frame.loc[0, "traject_id"] == "T-1"
    assert parsed.frame.loc[0, "onderdeel"] == "taal"


def test_utf8_bom_is_not_part_of_the_first_column_name():
    parsed = parse.read_file(b"\xef\xbb\xbf" + csv_bytes(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW), "a.csv",
                             "aanwezigheid")
    assert parsed.file_errors == []
    assert "traject_id" in parsed.frame.columns


def test_windows_1252_is_read_when_the_bytes_are_not_utf8():
    data = csv_bytes("traject_id;datum;vaardigheid;niveau;resultaat", "T-1;2026-03-05;lezen;A2;behaald ë",
                     encoding="cp1252")
    parsed = parse.read_file(data, "toets.csv", "toets")
    assert parsed.frame.loc[0, "resultaat"] == "behaald ë"


def test_crlf_line_ends_are_read_like_lf():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW, AANWEZIGHEID_ROW, newline="\r\n")
    assert parsed.frame.loc[1, "aantal_keer_verzuim"] == "2"
    assert list(parsed.lines) == [2, 3]


def test_empty_lines_are_skipped_but_still_count_for_line_numbers():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, "", AANWEZIGHEID_ROW, "   ", "", AANWEZIGHEID_ROW, "")
    assert list(parsed.lines) == [3, 6]


def test_rows_of_only_delimiters_are_skipped_as_empty():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, ";;;;;;;;;", AANWEZIGHEID_ROW)
    assert list(parsed.lines) == [3]


def test_header_is_the_first_non_empty_line_and_keeps_its_physical_line_number():
    parsed = aanwezigheid("", ";;;", AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW)
    assert parsed.file_errors == []
    assert list(parsed.lines) == [4]


def test_header_after_many_empty_lines_is_still_found():
    parsed = aanwezigheid(*[";;;"] * 50, AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW)
    assert parsed.file_errors == []
    assert list(parsed.lines) == [52]


def test_rfc4180_quotes_hold_delimiters_newlines_and_doubled_quotes():
    row = 'T-1;taal;2026-03-01;2026-03-31;40;30;0;0;"zie;""notitie""\nregel twee";'
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, row, AANWEZIGHEID_ROW)
    assert parsed.frame.loc[0, "verzuim_reden"] == 'zie;"notitie"\nregel twee'
    assert list(parsed.lines) == [2, 4]  # the quoted value spans lines 2-3


def test_unterminated_quote_is_bestand_onleesbaar_naming_the_line():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW, 'T-1;"taal;2026-03-01')
    assert [(f.line, f.code) for f in parsed.file_errors] == [(3, "bestand_onleesbaar")]


def test_values_are_stripped_of_surrounding_spaces():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, "  T-1 ; taal ;2026-03-01;2026-03-31; 40 ;30;0;0;;")
    assert parsed.frame.loc[0, "traject_id"] == "T-1"
    assert parsed.frame.loc[0, "uren_gepland"] == "40"


def test_short_rows_are_completed_with_empty_values():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, "T-1;taal;2026-03-01;2026-03-31;40;30;0;0")
    assert parsed.row_errors == []
    assert parsed.frame.loc[0, "verzuim_reden"] == ""


def test_values_beyond_the_last_header_column_are_a_row_error():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW + ";extra")
    assert [(f.line, f.column, f.code) for f in parsed.row_errors] == [(2, "", "kolom_onbekend")]


def test_empty_values_beyond_the_last_header_column_are_ignored():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW + ";;")
    assert parsed.row_errors == [] and parsed.file_errors == []


def test_bsn_beyond_the_last_header_column_is_reported_as_bsn():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW + ";" + VALID_BSN)
    assert [(f.line, f.code) for f in parsed.row_errors] == [(2, bsn.CODE)]
    assert all(VALID_BSN not in f.message for f in parsed.row_errors)


# --- header checks -------------------------------------------------------------------------------------------------


def test_missing_required_column_is_kolom_ontbreekt_naming_the_column():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER.replace("uren_gepland;", ""), "T-1;taal;2026-03-01;2026-03-31;30;0;0")
    assert [(f.line, f.column, f.code) for f in parsed.file_errors] == [(1, "uren_gepland", "kolom_ontbreekt")]


def test_unknown_column_is_kolom_onbekend_naming_the_column():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER + ";Opmerking", AANWEZIGHEID_ROW + ";iets")
    assert [(f.line, f.column, f.code) for f in parsed.file_errors] == [(1, "opmerking", "kolom_onbekend")]
    assert "opmerking" not in parsed.frame.columns


def test_columns_that_are_not_always_required_may_be_left_out_of_the_header():
    header = AANWEZIGHEID_HEADER.replace(";verzuim_reden;aantal_keer_verzuim", "")
    parsed = aanwezigheid(header, "T-1;taal;2026-03-01;2026-03-31;40;30;0;0")
    assert parsed.file_errors == []
    assert list(parsed.frame.columns) == parse.required_columns("aanwezigheid")


def test_repeated_column_is_a_file_error():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER + ";Onderdeel", AANWEZIGHEID_ROW + ";map")
    assert [(f.column, f.code) for f in parsed.file_errors] == [("onderdeel", "kolom_onbekend")]
    assert parsed.frame.loc[0, "onderdeel"] == "taal"


def test_nameless_column_without_values_is_ignored():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER + ";", AANWEZIGHEID_ROW + ";")
    assert parsed.file_errors == []


def test_nameless_column_with_values_is_a_file_error():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER + ";", AANWEZIGHEID_ROW + ";iets")
    assert [(f.column, f.code) for f in parsed.file_errors] == [("", "kolom_onbekend")]


def test_fouten_column_of_an_error_report_is_ignored():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER + ";Fouten", AANWEZIGHEID_ROW + ";uren_gepland: vul een getal in")
    assert parsed.file_errors == [] and parsed.row_errors == []
    assert "fouten" not in parsed.frame.columns


def test_bsn_in_the_ignored_fouten_column_is_still_reported():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER + ";fouten", AANWEZIGHEID_ROW + ";" + VALID_BSN)
    assert [(f.line, f.column, f.code) for f in parsed.row_errors] == [(2, "fouten", bsn.CODE)]


def test_bsn_in_an_unknown_column_is_reported_with_the_column_name():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER + ";burger", AANWEZIGHEID_ROW + ";123.456.782")
    assert [(f.line, f.column, f.code) for f in parsed.row_errors] == [(2, "burger", bsn.CODE)]


def test_column_name_holding_a_bsn_is_masked_in_the_report():
    parsed = aanwezigheid(AANWEZIGHEID_HEADER + ";" + VALID_BSN, AANWEZIGHEID_ROW + ";x")
    assert [(f.column, f.code) for f in parsed.file_errors] == [(bsn.MASK, bsn.CODE)]
    assert all(VALID_BSN not in f.message and VALID_BSN not in f.column for f in parsed.file_errors)


def test_unknown_soort_is_a_programming_error():
    with pytest.raises(ValueError):
        parse.read_file(csv_bytes(AANWEZIGHEID_HEADER), "a.csv", "verzuim")


# --- unreadable and oversized files --------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\n\n  \r\n", b";;;\n"])
def test_file_without_a_header_is_bestand_onleesbaar(data):
    parsed = parse.read_file(data, "a.csv", "aanwezigheid")
    assert codes_of(parsed) == ["bestand_onleesbaar"]


def test_binary_content_is_bestand_onleesbaar():
    parsed = parse.read_file("traject_id;datum".encode("utf-16"), "a.csv", "toets")
    assert codes_of(parsed) == ["bestand_onleesbaar"]


def test_legacy_xls_is_bestand_onleesbaar():
    parsed = parse.read_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xls", "toets")
    assert codes_of(parsed) == ["bestand_onleesbaar"]


def test_xlsx_name_without_workbook_content_is_bestand_onleesbaar():
    parsed = parse.read_file(csv_bytes(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW), "a.xlsx", "aanwezigheid")
    assert codes_of(parsed) == ["bestand_onleesbaar"]


def test_zip_that_is_not_a_workbook_is_bestand_onleesbaar():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hallo")
    parsed = parse.read_file(buffer.getvalue(), "a.xlsx", "aanwezigheid")
    assert codes_of(parsed) == ["bestand_onleesbaar"]


def test_file_over_the_byte_limit_is_bestand_te_groot_before_parsing(monkeypatch):
    monkeypatch.setattr(parse, "MAX_BYTES", 50)
    parsed = parse.read_file(b"\x00\xff" * 26, "a.csv", "aanwezigheid")  # unreadable, but refused for size first
    assert codes_of(parsed) == ["bestand_te_groot"]


def test_byte_limit_is_50_megabytes_and_row_limit_200000():
    assert parse.MAX_BYTES == 50 * 1024 * 1024
    assert parse.MAX_ROWS == 200_000


def test_file_over_the_row_limit_is_bestand_te_groot(monkeypatch):
    monkeypatch.setattr(parse, "MAX_ROWS", 2)
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW, "", AANWEZIGHEID_ROW, AANWEZIGHEID_ROW)
    assert codes_of(parsed) == ["bestand_te_groot"]
    assert parsed.rows == 0


def test_empty_lines_do_not_count_towards_the_row_limit(monkeypatch):
    monkeypatch.setattr(parse, "MAX_ROWS", 2)
    parsed = aanwezigheid(AANWEZIGHEID_HEADER, AANWEZIGHEID_ROW, "", "", "", AANWEZIGHEID_ROW)
    assert codes_of(parsed) == []


# --- XLSX ----------------------------------------------------------------------------------------------------------


def toets_rows(*data_rows: list) -> list[tuple[int, list]]:
    return [(0, TOETS_HEADER)] + [(i, row) for i, row in enumerate(data_rows, start=1)]


def test_xlsx_is_recognised_by_its_content_whatever_the_file_name():
    data = xlsx_bytes({"Blad1": toets_rows(["T-1", "2026-03-05", "lezen", "A2", "behaald", 80])})
    parsed = parse.read_file(data, "upload.csv", "toets")
    assert parsed.file_errors == []
    assert parsed.frame.loc[0, "traject_id"] == "T-1"


def test_xlsx_real_date_cell_becomes_an_iso_date_string():
    data = xlsx_bytes({"Blad1": toets_rows(["T-1", dt.datetime(2026, 3, 5), "lezen", "A2", "behaald", ""])})
    parsed = parse.read_file(data, "toets.xlsx", "toets")
    assert parsed.frame.loc[0, "datum"] == "2026-03-05"


@pytest.mark.parametrize(("cell", "text"), [(12.5, "12.5"), (3.0, "3"), (7, "7"), (0.1 + 0.2, "0.3"),
                                            (123456782, "123456782")])
def test_xlsx_number_cells_become_plain_number_strings(cell, text):
    data = xlsx_bytes({"Blad1": toets_rows(["T-1", "2026-03-05", "lezen", "A2", "behaald", cell])})
    parsed = parse.read_file(data, "toets.xlsx", "toets")
    assert parsed.frame.loc[0, "score"] == text


def test_xlsx_sheet_named_after_the_soort_is_read_before_the_first_sheet():
    data = xlsx_bytes({"Toelichting": [(0, ["Lees dit eerst"])],
                       "Toets": toets_rows(["T-2", "2026-03-05", "lezen", "A2", "behaald", ""])})
    parsed = parse.read_file(data, "toets.xlsx", "toets")
    assert parsed.file_errors == []
    assert parsed.frame.loc[0, "traject_id"] == "T-2"


def test_xlsx_first_sheet_is_read_when_no_sheet_has_the_soort_name():
    data = xlsx_bytes({"Export": toets_rows(["T-3", "2026-03-05", "lezen", "A2", "behaald", ""]),
                       "Anders": [(0, ["x"])]})
    parsed = parse.read_file(data, "toets.xlsx", "toets")
    assert parsed.frame.loc[0, "traject_id"] == "T-3"


def test_xlsx_line_is_the_sheet_row_number():
    row = ["T-1", "2026-03-05", "lezen", "A2", "behaald", ""]
    data = xlsx_bytes({"Blad1": [(2, TOETS_HEADER), (3, row), (6, row)]})  # header on row 3, data on rows 4 and 7
    parsed = parse.read_file(data, "toets.xlsx", "toets")
    assert parsed.file_errors == []
    assert list(parsed.lines) == [4, 7]


def test_xlsx_header_problems_carry_the_header_row():
    data = xlsx_bytes({"Blad1": [(1, TOETS_HEADER[:-2])]})
    parsed = parse.read_file(data, "toets.xlsx", "toets")
    assert [(f.line, f.column, f.code) for f in parsed.file_errors] == [(2, "resultaat", "kolom_ontbreekt")]


def test_xlsx_empty_sheet_is_bestand_onleesbaar():
    parsed = parse.read_file(xlsx_bytes({"Blad1": []}), "toets.xlsx", "toets")
    assert codes_of(parsed) == ["bestand_onleesbaar"]


# --- JSON rows -----------------------------------------------------------------------------------------------------


def test_json_rows_get_their_one_based_index_as_line():
    parsed = parse.rows_from_json([{"traject_id": "T-1"}, {"traject_id": "T-2"}])
    assert list(parsed.lines) == [1, 2]


def test_json_numbers_and_nulls_become_strings():
    parsed = parse.rows_from_json([{"score": 12.5, "niveau": None, "x": 3, "y": 3.0, "z": "tekst "}])
    assert parsed.frame.to_dict("records") == [{"score": "12.5", "niveau": "", "x": "3", "y": "3", "z": "tekst"}]


def test_json_keys_are_case_insensitive_and_missing_keys_are_empty():
    parsed = parse.rows_from_json([{"Traject_ID ": "T-1", "score": 1}, {"traject_id": "T-2"}])
    assert parsed.frame.to_dict("records") == [{"traject_id": "T-1", "score": "1"},
                                               {"traject_id": "T-2", "score": ""}]


def test_json_rows_are_checked_against_a_soort_given_up_front():
    parsed = parse.rows_from_json([{"traject_id": "T-1", "opmerking": "x"}], "toets")
    assert {(f.column, f.code) for f in parsed.file_errors} == {
        ("opmerking", "kolom_onbekend"), ("datum", "kolom_ontbreekt"), ("vaardigheid", "kolom_ontbreekt"),
        ("niveau", "kolom_ontbreekt"), ("resultaat", "kolom_ontbreekt")}


def test_json_rows_parsed_without_soort_are_checked_by_with_soort():
    parsed = parse.with_soort(parse.rows_from_json([{"traject_id": "T-1", "opmerking": "x"}]), "afronding")
    assert parsed.soort == "afronding"
    assert ("opmerking", "kolom_onbekend") in {(f.column, f.code) for f in parsed.file_errors}
    assert list(parsed.frame.columns) == ["traject_id"]


@pytest.mark.parametrize("body", [{"traject_id": "T-1"}, "rows", None, 12])
def test_json_that_is_not_a_list_is_bestand_onleesbaar(body):
    assert codes_of(parse.rows_from_json(body)) == ["bestand_onleesbaar"]


def test_json_row_that_is_not_an_object_is_bestand_onleesbaar_at_its_index():
    parsed = parse.rows_from_json([{"traject_id": "T-1"}, ["T-2"]])
    assert [(f.line, f.code) for f in parsed.file_errors] == [(2, "bestand_onleesbaar")]


def test_json_nested_value_is_bestand_onleesbaar():
    parsed = parse.rows_from_json([{"traject_id": {"id": "T-1"}}])
    assert [(f.line, f.code) for f in parsed.file_errors] == [(1, "bestand_onleesbaar")]


def test_json_empty_list_is_zero_rows_without_errors():
    parsed = parse.with_soort(parse.rows_from_json([]), "toets")
    assert parsed.rows == 0 and parsed.file_errors == []


def test_json_with_more_rows_than_the_limit_is_bestand_te_groot(monkeypatch):
    monkeypatch.setattr(parse, "MAX_ROWS", 2)
    assert codes_of(parse.rows_from_json([{"traject_id": "T"}] * 3)) == ["bestand_te_groot"]


def test_json_key_holding_a_bsn_is_masked():
    parsed = parse.rows_from_json([{"traject_id": "T-1", VALID_BSN: "x"}], "toets")
    bsn_errors = [f for f in parsed.file_errors if f.code == bsn.CODE]
    assert [f.column for f in bsn_errors] == [bsn.MASK]
    assert all(VALID_BSN not in f.message + f.column for f in parsed.file_errors)
