"""Exports of the upload pages: the error report (CSV/XLSX) and the templates (the cell escaping: test_spreadsheet)."""
import csv
import datetime as dt
import io

import numpy as np
import openpyxl
import pytest

from portal import codes
from portal.leveringen import export, kolommen, parse
from portal.leveringen.validate import validate
from portal.models import AanleverBatch
from portal.trajecten import ids

DAG = dt.date(2026, 6, 15)
COLUMNS = parse.columns("aanwezigheid")
GOOD = "ABCD-1234-X;taal;01-05-2026;31-05-2026;40;36;2;2;ziekte;1"


# --- the report of a rejected upload -----------------------------------------------------------------------------

def _batch(lines: list[str], errors: list[dict], soort="aanwezigheid") -> AanleverBatch:
    """A batch as the import service leaves a rejected upload: kept rows on their original lines."""
    return AanleverBatch(soort=soort, status="rejected", rows=len([x for x in lines[1:] if x]),
                         bewaard_csv=("\n".join(lines) + "\n").encode(), errors=errors)


def _fout(line, column, message, code="getal_ongeldig"):
    return {"line": line, "column": column, "code": code, "message": message}


BAD = "ABCD-1234-X;taal;01-04-2026;30-04-2026;40;=1+1;2;2;ziekte;1"
KEPT = [";".join(COLUMNS), GOOD, "", BAD]
ERRORS = [_fout(4, "uren_aanwezig", "uren_aanwezig is geen geldig getal."),
          _fout(4, "", "Deze regel heeft meer waarden dan de kopregel.", "kolom_onbekend")]


def test_the_kept_rows_are_read_back_with_their_original_lines():
    kept = export.bewaard(_batch(KEPT, ERRORS))
    assert kept.columns == COLUMNS and list(kept.lines) == [2, 4]
    assert kept.goede_regels() == 1
    regel = kept.regel(1)
    assert regel.line == 4 and regel.messages == [e["message"] for e in ERRORS]
    cells = dict(zip(COLUMNS, regel.cells, strict=True))
    assert cells["uren_aanwezig"].value == "=1+1" and cells["uren_aanwezig"].errors == [ERRORS[0]["message"]]
    assert cells["traject_id"].errors == []


def test_nothing_kept_gives_no_report():
    assert export.bewaard(AanleverBatch(soort="toets", bewaard_csv=None, errors=[])) is None


def test_the_csv_report_keeps_line_numbers_adds_fouten_and_escapes():
    rows = list(csv.reader(io.StringIO(export.rapport_csv(export.bewaard(_batch(KEPT, ERRORS))).decode("utf-8-sig"),
                                       newline=""), delimiter=";"))
    assert rows[0] == [*COLUMNS, "fouten"]
    assert rows[1] == [*GOOD.split(";"), ""]
    assert rows[2] == []
    assert rows[3][5] == "'=1+1"
    assert rows[3][-1] == "uren_aanwezig is geen geldig getal. | Deze regel heeft meer waarden dan de kopregel."


def test_the_xlsx_report_writes_text_only_on_the_original_rows_and_fills_wrong_cells():
    book = openpyxl.load_workbook(io.BytesIO(export.rapport_xlsx(export.bewaard(_batch(KEPT, ERRORS)), "aanwezigheid")))
    sheet = book["aanwezigheid"]
    assert [c.value for c in sheet[1]] == [*COLUMNS, "fouten"]
    assert all(c.value is None for c in sheet[3])
    wrong = sheet.cell(row=4, column=COLUMNS.index("uren_aanwezig") + 1)
    assert (wrong.value, wrong.data_type) == ("=1+1", "s") and wrong.fill.fgColor.rgb.endswith("F9D0D0")
    assert sheet.cell(row=2, column=1).fill.fgColor.rgb in (None, "00000000")
    assert sheet.cell(row=2, column=5).value == "40" and sheet.cell(row=2, column=5).data_type == "s"


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_report_reads_back_as_the_same_delivery_with_fouten_ignored(formaat):
    kept = export.bewaard(_batch(KEPT, ERRORS))
    body = export.rapport_csv(kept) if formaat == "csv" else export.rapport_xlsx(kept, "aanwezigheid")
    parsed = parse.read_file(body, f"rapport.{formaat}", "aanwezigheid")
    assert parsed.file_errors == [] and list(parsed.lines) == [2, 4]
    assert parsed.frame.iloc[0].tolist() == GOOD.split(";")
    expected_bad = BAD.split(";")
    if formaat == "csv":
        expected_bad[5] = "'=1+1"  # the price of escaping: the user corrects the cell anyway
    assert parsed.frame.iloc[1].tolist() == expected_bad


def test_a_line_with_errors_but_no_kept_values_still_gets_a_report_row():
    kept = export.bewaard(_batch(KEPT, [*ERRORS, _fout(6, "", "Alleen waarden achter de laatste kolom.")]))
    rows = list(kept.rapport())
    assert [line for line, *_ in rows] == [2, 4, 6]
    assert rows[-1][1] == [""] * len(COLUMNS) and rows[-1][3] == "Alleen waarden achter de laatste kolom."


def test_the_page_shows_rows_with_errors_first_then_fills_up_in_line_order():
    lines = [";".join(COLUMNS)] + [GOOD.replace("01-05-2026", f"{d:02d}-05-2026") for d in range(1, 11)]
    errors = [_fout(9, "uren_gepland", "fout"), _fout(11, "uren_gepland", "fout")]
    kept = export.bewaard(_batch(lines, errors))
    regels, hidden = kept.voor_pagina(limit=4)
    assert [r.line for r in regels] == [2, 3, 9, 11] and hidden == 6
    regels, hidden = kept.voor_pagina(limit=1)
    assert [r.line for r in regels] == [9] and hidden == 9
    assert np.isin(kept.lines, kept.error_lines()).sum() == 2


# --- templates ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("soort", parse.SOORTEN)
@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_a_template_has_the_columns_in_spec_order_and_an_example_row_that_passes_validation(soort, formaat):
    body = export.sjabloon_csv(soort, DAG) if formaat == "csv" else export.sjabloon_xlsx(soort, DAG)
    parsed = parse.read_file(body, f"sjabloon.{formaat}", soort)
    assert list(parsed.frame.columns) == parse.columns(soort) and parsed.rows == 1
    checked = validate(parsed, soort, DAG)
    assert checked.errors == [], checked.errors


def test_the_example_traject_id_looks_right_but_can_never_be_a_trajectory():
    assert ids.PATTERN.match(export.VOORBEELD_TRAJECT_ID) and not ids.is_valid(export.VOORBEELD_TRAJECT_ID)


def test_the_csv_template_is_dutch_excel_csv():
    body = export.sjabloon_csv("aanwezigheid", DAG)
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    example = dict(zip(rows[0], rows[1], strict=True))
    assert example["periode_start"] == "01-05-2026" and example["periode_eind"] == "31-05-2026"
    assert example["uren_aanwezig"] == "42,5"


CODE_COLUMNS = {
    "aanwezigheid": {"onderdeel": codes.Onderdeel, "verzuim_reden": codes.VerzuimReden},
    "toets": {"vaardigheid": codes.Vaardigheid, "niveau": codes.Niveau, "resultaat": codes.ToetsResultaat},
    "afronding": {"onderdeel": codes.AfrondingOnderdeel, "status": codes.AfrondingStatus,
                  "reden": codes.AfrondingReden, "verwijtbaar": codes.Verwijtbaar},
}


@pytest.mark.parametrize("soort", parse.SOORTEN)
def test_the_xlsx_template_has_a_drop_down_per_code_column_from_the_code_lists(soort):
    book = openpyxl.load_workbook(io.BytesIO(export.sjabloon_xlsx(soort, DAG)))
    sheet = book[soort]
    header = [c.value for c in sheet[1]]
    found = {}
    for dv in sheet.data_validations.dataValidation:
        first = str(dv.sqref).split(":")[0]
        column = header[openpyxl.utils.column_index_from_string(first.rstrip("0123456789")) - 1]
        assert first.endswith("2") and str(dv.sqref).endswith(str(parse.MAX_ROWS + 1))
        found[column] = (dv.type, dv.formula1)
    lists = {column: formula for column, (kind, formula) in found.items() if kind == "list"}
    assert lists == {column: '"' + ",".join(codes.values(enum)) + '"'
                     for column, enum in CODE_COLUMNS[soort].items()}
    date_columns = [c for c in header if c in ("datum", "periode_start", "periode_eind")]
    assert all(found[c][0] == "date" for c in date_columns)
    for column in date_columns:
        cell = sheet.cell(row=2, column=header.index(column) + 1)
        assert cell.number_format == "dd-mm-yyyy" and isinstance(cell.value, dt.datetime)


def test_every_code_list_fits_an_excel_drop_down():
    for soort, columns in CODE_COLUMNS.items():
        for column, enum in columns.items():
            assert export.code_list(soort, column) == codes.values(enum)
            assert len(",".join(codes.values(enum))) <= 255


@pytest.mark.parametrize("soort", parse.SOORTEN)
def test_the_toelichting_sheet_explains_every_column_in_dutch(soort):
    assert all(kolom.toelichting for kolom in kolommen.kolommen(soort))
    book = openpyxl.load_workbook(io.BytesIO(export.sjabloon_xlsx(soort, DAG)))
    rows = [[c.value for c in line] for line in book["toelichting"].iter_rows()]
    table = rows[next(i for i, r in enumerate(rows) if r[0] == "Kolom"):]
    assert table[0] == ["Kolom", "Verplicht", "Toelichting", "Toegestane waarden"]
    assert [r[0] for r in table[1:]] == parse.columns(soort)
    assert [r[2] for r in table[1:]] == [kolom.toelichting for kolom in kolommen.kolommen(soort)]
    verplicht = {r[0]: r[1] for r in table[1:]}
    assert verplicht["traject_id"] == "ja"
    if soort == "afronding":
        assert verplicht["reden"] == "ja, als status niet afgerond is"
        assert "taalschakeltraject" in {r[0]: r[3] for r in table[1:]}["onderdeel"]
