"""OpenDocument (issue 19 item 7): an ODS spreadsheet is accepted on every channel like the same sheet as XLSX or CSV,
within the same size caps (repeated cells and rows counted as the reader expands them); templates and the error report
are offered as ODS too; and "Mijn trajecten" offers a prefilled template (issue 19 item 3)."""
import csv
import io
import json
import zipfile
from datetime import date
from xml.etree import ElementTree

import openpyxl
import pytest
from sqlalchemy import func, select

from portal import bsn
from portal.extensions import db
from portal.leveringen import export, parse
from portal.models import AanleverBatch, Aanwezigheid, LogEntry

COLUMNS = parse.columns("aanwezigheid")
ODS = "application/vnd.oasis.opendocument.spreadsheet"
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
         'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body>'
         '<office:spreadsheet>')
_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def text(value: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'


def datum(day: date) -> str:
    return (f'<table:table-cell office:value-type="date" office:date-value="{day.isoformat()}">'
            f'<text:p>{day:%d-%m-%Y}</text:p></table:table-cell>')


def getal(value: float) -> str:
    return (f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
            "</table:table-cell>")


def ods_file(tables: str, *, mimetype: str = ODS, extra: dict | None = None) -> bytes:
    """A zip laid out as LibreOffice Calc saves a spreadsheet, with the given tables in content.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", _HEAD + tables + _TAIL)
        z.writestr("styles.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-styles '
                                 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        z.writestr("settings.xml", "<office:document-settings "
                                   'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                   f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   "</manifest:manifest>")
        for name, body in (extra or {}).items():
            z.writestr(name, body)
    return out.getvalue()


def calc_sheet(traject_ids: list[str], name: str = "aanwezigheid", start=date(2026, 5, 1),
               eind=date(2026, 5, 31)) -> str:
    """An aanwezigheid sheet as LibreOffice writes it: real dates and numbers, the empty rest of every row one
    repeated cell and the empty rest of the sheet one row repeated a million times."""
    rows = ["<table:table-row>" + "".join(text(c) for c in COLUMNS)
            + '<table:table-cell table:number-columns-repeated="1014"/></table:table-row>']
    for traject_id in traject_ids:
        rows.append("<table:table-row>" + text(traject_id) + text("taal") + datum(start) + datum(eind)
                    + getal(40) + getal(36.5) + getal(2) + getal(1.5) + text("ziekte") + getal(2)
                    + '<table:table-cell table:number-columns-repeated="1014"/></table:table-row>')
    rows.append('<table:table-row table:number-rows-repeated="1048574">'
                '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    return (f'<table:table table:name="{name}"><table:table-column table:number-columns-repeated="1024"/>'
            + "".join(rows) + "</table:table>")


@pytest.fixture
def web(world, login):
    return login(world.taal_user)


def upload(web, data: bytes, filename: str, soort="aanwezigheid"):
    return web.post("/aanleveren/", data={"csrf_token": web.csrf_token, "soort": soort,
                                          "bestand": (io.BytesIO(data), filename)},
                    content_type="multipart/form-data")


def last_batch(aanbieder) -> AanleverBatch:
    return db.session.scalar(select(AanleverBatch).where(AanleverBatch.aanbieder_id == aanbieder.id)
                             .order_by(AanleverBatch.id.desc()).limit(1))


def stored_rows(traject_id: str) -> list[tuple]:
    return db.session.execute(select(Aanwezigheid.periode_start, Aanwezigheid.periode_eind, Aanwezigheid.uren_aanwezig,
                                     Aanwezigheid.uren_verzuim_ongeoorloofd)
                              .where(Aanwezigheid.traject_id == traject_id)).all()


def edit_content(body: bytes, old: str, new: str) -> bytes:
    """The ODS with `old` replaced by `new` (once) in its content.xml, as a user editing the file would."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                assert old.encode() in data, old
                data = data.replace(old.encode(), new.encode(), 1)
            target.writestr(info, data)
    return out.getvalue()


def content_xml(body: bytes) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        assert z.namelist()[0] == "mimetype" and z.read("mimetype") == ODS.encode()
        return ElementTree.fromstring(z.read("content.xml"))


def sheet_values(body: bytes, name: str) -> list[list[str]]:
    """The text of every cell of one sheet of an ODS (repeated rows left out)."""
    root = content_xml(body)
    table = next(t for t in root.iter(f"{{{NS['table']}}}table") if t.get(f"{{{NS['table']}}}name") == name)
    return [["".join(cell.itertext()) for cell in row.findall("table:table-cell", NS)]
            for row in table.findall("table:table-row", NS)
            if not row.get(f"{{{NS['table']}}}number-rows-repeated")]


# --- reading --------------------------------------------------------------------------------------------------------


def test_a_sheet_saved_by_libreoffice_as_ods_is_accepted_on_the_upload_page(world, web):
    response = upload(web, ods_file(calc_sheet([world.traject.id])), "aanwezigheid.ods")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    batch = last_batch(world.taal_aanbieder)
    assert batch.status == "accepted" and batch.stored == 1
    assert stored_rows(world.traject.id) == [(date(2026, 5, 1), date(2026, 5, 31), 36.5, 1.5)]


def test_an_ods_delivered_through_the_api_gives_the_same_report_as_the_same_rows_as_csv(world, client, make):
    headers = {"Authorization": f"Bearer {make.token(world.taal_user)}"}

    def deliver(data, filename):
        return client.post("/api/v1/aanleveringen", query_string={"soort": "aanwezigheid"}, headers=headers,
                           data={"bestand": (io.BytesIO(data), filename)}, content_type="multipart/form-data")

    bad = calc_sheet([world.traject.id, "ABCD-1234-X"])  # a made-up trajectory on line 3
    ods = deliver(ods_file(bad), "levering.ods")
    csv_body = ";".join(COLUMNS) + "\n" + "\n".join(
        f"{t};taal;2026-05-01;31-05-2026;40;36,5;2;1,5;ziekte;2" for t in (world.traject.id, "ABCD-1234-X"))
    as_csv = deliver(csv_body.encode(), "levering.csv")
    assert ods.status_code == as_csv.status_code == 422
    assert [(e["line"], e["column"], e["code"]) for e in ods.json["errors"]] == \
        [(e["line"], e["column"], e["code"]) for e in as_csv.json["errors"]] == [(3, "traject_id", "traject_onbekend")]


def test_portal_import_reads_an_ods_file(world, runner, tmp_path):
    path = tmp_path / "levering.ods"
    path.write_bytes(ods_file(calc_sheet([world.traject.id])))
    result = runner.invoke(args=["import", str(path), "--aanbieder", world.taal_aanbieder.code,
                                 "--soort", "aanwezigheid", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["status"] == "accepted"
    assert len(stored_rows(world.traject.id)) == 1


def test_an_ods_is_recognised_by_its_content_not_its_name(world, web):
    response = upload(web, ods_file(calc_sheet([world.traject.id])), "export-uit-ons-systeem.xlsx")
    assert response.status_code == 303 and last_batch(world.taal_aanbieder).status == "accepted"


def test_the_sheet_named_after_the_soort_is_read_and_other_sheets_are_not(world, web):
    other = '<table:table table:name="notities">' + "<table:table-row>" + text("kladblok") + "</table:table-row>" \
        + "</table:table>"
    response = upload(web, ods_file(other + calc_sheet([world.traject.id], name="Aanwezigheid ")), "twee.ods")
    assert response.status_code == 303 and last_batch(world.taal_aanbieder).stored == 1


def test_a_file_named_ods_that_is_no_spreadsheet_says_spreadsheet_and_what_to_do(world, web):
    upload(web, b"dit is geen spreadsheet", "kapot.ods")
    page = web.get(f"/aanleveren/{last_batch(world.taal_aanbieder).id}").get_data(as_text=True)
    assert last_batch(world.taal_aanbieder).errors[0]["code"] == "bestand_onleesbaar"
    assert "geen geldige spreadsheet" in page and "OpenDocument-spreadsheet (.ods)" in page
    assert "Excel-bestand" not in page


def test_a_broken_ods_is_unreadable_with_a_message_about_a_spreadsheet(world, web):
    broken = ods_file('<table:table table:name="aanwezigheid"><table:table-row>' + text("traject_id"))  # not closed
    upload(web, broken, "kapot.ods")
    errors = last_batch(world.taal_aanbieder).errors
    assert [e["code"] for e in errors] == ["bestand_onleesbaar"]
    assert "spreadsheet" in errors[0]["message"] and "Excel-bestand" not in errors[0]["message"]


def test_a_bsn_in_an_ignored_column_of_an_ods_is_found_and_not_echoed(world, web):
    sheet = calc_sheet([world.traject.id]).replace(
        '<table:table-cell table:number-columns-repeated="1014"/></table:table-row>',
        text("opmerking") + '<table:table-cell table:number-columns-repeated="1013"/></table:table-row>', 1)
    sheet = sheet.replace(text("ziekte") + getal(2) + '<table:table-cell table:number-columns-repeated="1014"/>',
                          text("ziekte") + getal(2) + text("111 222 333")
                          + '<table:table-cell table:number-columns-repeated="1013"/>', 1)
    response = upload(web, ods_file(sheet), "bsn.ods")
    batch = last_batch(world.taal_aanbieder)
    assert bsn.CODE in {e["code"] for e in batch.errors}
    assert "111 222 333" not in response.get_data(as_text=True) + json.dumps(batch.errors)


def test_the_document_guard_reads_the_text_of_an_ods():
    assert bsn.document_holds_bsn(ods_file('<table:table table:name="a"><table:table-row>'
                                           '<table:table-cell office:value-type="string"><text:p>1112<text:s/>22333'
                                           "</text:p></table:table-cell></table:table-row></table:table>")) is True
    assert bsn.document_holds_bsn(export.sjabloon_ods("toets", date(2026, 6, 15))) is False


# --- the caps hold for ODS --------------------------------------------------------------------------------------------


def _refused(web, world, data: bytes, code="bestand_te_groot"):
    response = upload(web, data, "groot.ods")
    batch = last_batch(world.taal_aanbieder)
    assert [e["code"] for e in batch.errors] == [code], batch.errors
    assert batch.stored == 0 and batch.bewaard_csv is None and len(response.get_data()) < 200_000
    return batch


def test_a_few_bytes_claiming_millions_of_filled_cells_are_refused_before_the_reader_runs(world, web):
    header = "<table:table-row>" + "".join(text(c) for c in COLUMNS) + "</table:table-row>"
    filled_row = ('<table:table-row table:number-rows-repeated="250000"><table:table-cell office:value-type="float" '
                  'office:value="1" table:number-columns-repeated="10"><text:p>1</text:p></table:table-cell>'
                  "</table:table-row>")
    _refused(web, world, ods_file(f'<table:table table:name="aanwezigheid">{header}{filled_row}</table:table>'))


def test_an_ods_with_a_filled_cell_beyond_column_50_is_refused(world, web):
    wide = ('<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated="1000000">'
            "<text:p>x</text:p></table:table-cell></table:table-row>")
    _refused(web, world, ods_file(f'<table:table table:name="aanwezigheid">{wide}</table:table>'))


def test_an_ods_with_a_filled_row_below_the_row_cap_is_refused(world, web):
    far_down = ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>'
                "<table:table-row>" + text("x") + "</table:table-row>")
    _refused(web, world, ods_file(f'<table:table table:name="aanwezigheid">{far_down}</table:table>'))


def test_sheets_that_together_expand_beyond_the_cell_cap_are_refused(world, web):
    row = ('<table:table-row table:number-rows-repeated="100000"><table:table-cell office:value-type="float" '
           'office:value="1" table:number-columns-repeated="13"><text:p>1</text:p></table:table-cell>'
           "</table:table-row>")
    sheets = "".join(f'<table:table table:name="blad{i}">{row}</table:table>' for i in range(2))
    _refused(web, world, ods_file(sheets))


def test_an_attribute_holding_a_closing_bracket_does_not_hide_a_repeat_from_the_count(world, web):
    sneaky = ('<table:table-row><table:table-cell office:value-type="string" office:string-value="a&gt;b>c" '
              'table:number-columns-repeated="1000000"><text:p>x</text:p></table:table-cell></table:table-row>')
    _refused(web, world, ods_file(f'<table:table table:name="aanwezigheid">{sneaky}</table:table>'))


def test_cdata_that_could_hide_tags_from_the_count_is_unreadable(world, web):
    hidden = "<table:table-row>" + text("<![CDATA[</table:table-row>]]>") + "</table:table-row>"
    _refused(web, world, ods_file(f'<table:table table:name="aanwezigheid">{hidden}</table:table>'),
             code="bestand_onleesbaar")


def test_an_ods_whose_content_unpacks_beyond_the_limit_is_refused_before_it_is_read(world, web, monkeypatch):
    monkeypatch.setattr(parse, "MAX_XLSX_UNPACKED", 64 * 1024)
    padding = "<table:table-row><table:table-cell/></table:table-row>" * 2_000  # ~100 KB unpacked, far less packed
    _refused(web, world, ods_file(calc_sheet([world.traject.id]).replace("</table:table>", padding + "</table:table>")))


def test_a_settings_part_beyond_its_limit_is_refused(world, web):
    _refused(web, world, ods_file(calc_sheet([world.traject.id]),
                                  extra={"Configurations2/huge.xml": b" " * (parse.MAX_XLSX_PART + 1)}))


# --- templates and report as ODS -------------------------------------------------------------------------------------


@pytest.mark.parametrize("soort", parse.SOORTEN)
def test_the_ods_template_has_the_header_an_example_row_drop_downs_and_an_explanation(world, web, soort):
    response = web.get(f"/aanleveren/sjabloon/{soort}.ods")
    assert response.status_code == 200 and response.mimetype == ODS
    assert f'filename="sjabloon-{soort}.ods"' in response.headers["Content-Disposition"]
    rows = sheet_values(response.data, soort)
    assert rows[0] == parse.columns(soort) and rows[1][0] == export.VOORBEELD_TRAJECT_ID
    assert any("Aanleverformaat v1" in " ".join(row) for row in sheet_values(response.data, "toelichting"))
    validations = content_xml(response.data).findall(".//table:content-validation", NS)
    assert len(validations) == sum(1 for name in parse.columns(soort) if export.code_list(soort, name))
    parsed = parse.read_file(response.data, "sjabloon.ods", soort)
    assert not parsed.file_errors and parsed.frame.iloc[0]["traject_id"] == export.VOORBEELD_TRAJECT_ID


def test_the_upload_page_links_the_ods_templates_and_accepts_ods(world, web):
    page = web.get("/aanleveren/").get_data(as_text=True)
    assert "/aanleveren/sjabloon/toets.ods" in page and ".ods" in page.split('accept="')[1].split('"')[0]


def test_the_ods_report_marks_the_wrong_cells_and_can_be_corrected_and_uploaded_again(world, web):
    rows = calc_sheet([world.traject.id]).replace(getal(36.5), text("=1+1"), 1)
    upload(web, ods_file(rows), "fout.ods")
    batch = last_batch(world.taal_aanbieder)
    assert batch.status == "rejected"
    response = web.get(f"/aanleveren/{batch.id}/rapport.ods")
    assert response.status_code == 200 and response.mimetype == ODS
    values = sheet_values(response.data, "aanwezigheid")
    assert values[0] == [*COLUMNS, "fouten"] and values[1][5] == "=1+1" and values[1][-1]
    root = content_xml(response.data)
    assert not [c for c in root.iter(f"{{{NS['table']}}}table-cell") if c.get(f"{{{NS['table']}}}formula")]
    wrong = [c for c in root.iter(f"{{{NS['table']}}}table-cell") if c.get(f"{{{NS['table']}}}style-name") == "fout"]
    assert ["".join(c.itertext()) for c in wrong] == ["=1+1"]
    assert "rapport.ods" in web.get(f"/aanleveren/{batch.id}").get_data(as_text=True)

    corrected = edit_content(response.data, "<text:p>=1+1</text:p>", "<text:p>36,5</text:p>")
    assert upload(web, corrected, "verbeterd.ods").status_code == 303
    assert last_batch(world.taal_aanbieder).status == "accepted"


# --- the prefilled template of "Mijn trajecten" -----------------------------------------------------------------------


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_mijn_trajecten_links_the_prefilled_template_in_every_format(world, web):
    page = web.get("/trajecten/").get_data(as_text=True)
    for formaat in ("ods", "xlsx", "csv"):
        assert f"/aanleveren/sjabloon/mijn-trajecten.{formaat}" in page


def test_the_prefilled_template_holds_the_own_current_assignments_with_the_coming_period(world, web, make):
    eigen = make.traject(world.regisseur_a)
    make.toewijzing(world.regisseur_a, eigen, world.taal_aanbieder, "taal", start=date(2026, 6, 10))
    body = web.get("/aanleveren/sjabloon/mijn-trajecten.csv")
    assert body.status_code == 200 and 'filename="aanwezigheid-2026-06-15.csv"' in body.headers["Content-Disposition"]
    rows = _csv_rows(body.data)
    assert rows[0] == COLUMNS
    assert sorted(rows[1:]) == sorted([
        [world.traject.id, "taal", "01-02-2025", "28-02-2025", "", "", "", "", "", ""],
        [eigen.id, "taal", "10-06-2026", "30-06-2026", "", "", "", "", "", ""]])
    assert world.traject_b.id not in body.get_data(as_text=True)  # another aanbieder's trajectory


def test_after_a_delivery_the_prefilled_template_offers_the_next_period(world, web):
    rows = calc_sheet([world.traject.id], start=date(2026, 4, 1), eind=date(2026, 4, 30))
    assert upload(web, ods_file(rows), "april.ods").status_code == 303
    rows = _csv_rows(web.get("/aanleveren/sjabloon/mijn-trajecten.csv").data)
    assert rows[1][:4] == [world.traject.id, "taal", "01-05-2026", "31-05-2026"]


def test_an_ended_assignment_offers_its_period_up_to_its_end_and_later_nothing(world, web, make):
    from portal.trajecten import services
    kort = make.traject(world.regisseur_a)
    make.toewijzing(world.regisseur_a, kort, world.taal_aanbieder, "taal", start=date(2026, 5, 20))
    services.beeindig_toewijzing(world.regisseur_a, kort, "taal", date(2026, 5, 25), "verhuisd")
    services.beeindig_toewijzing(world.regisseur_a, world.traject, "taal", date(2025, 3, 1), "verhuisd")
    db.session.commit()
    rows = _csv_rows(web.get("/aanleveren/sjabloon/mijn-trajecten.csv").data)
    # the world's trajectory ended more than the naloop ago: no longer current work
    assert [row[:4] for row in rows[1:]] == [[kort.id, "taal", "20-05-2026", "25-05-2026"]]


@pytest.mark.parametrize("formaat", ["ods", "xlsx"])
def test_the_prefilled_spreadsheets_hold_the_same_rows_as_the_csv(world, web, formaat):
    body = web.get(f"/aanleveren/sjabloon/mijn-trajecten.{formaat}").data
    parsed = parse.read_file(body, f"x.{formaat}", "aanwezigheid")
    assert not parsed.file_errors
    assert parsed.frame[["traject_id", "onderdeel", "periode_start", "periode_eind"]].values.tolist() == [
        [world.traject.id, "taal", "2025-02-01", "2025-02-28"]]
    if formaat == "xlsx":
        assert openpyxl.load_workbook(io.BytesIO(body)).sheetnames == ["aanwezigheid", "toelichting"]


def test_the_prefilled_template_filled_in_is_accepted(world, web):
    body = web.get("/aanleveren/sjabloon/mijn-trajecten.ods").data
    empty = ('<table:table-cell/><table:table-cell/><table:table-cell/><table:table-cell/>'
             '<table:table-cell table:content-validation-name="val2"/><table:table-cell/></table:table-row>')
    hours = "".join((getal(40), getal(38), getal(2), getal(0), text("ziekte"), getal(1)))
    filled = edit_content(body, empty, hours + "</table:table-row>")
    assert upload(web, filled, "ingevuld.ods").status_code == 303
    assert stored_rows(world.traject.id) == [(date(2025, 2, 1), date(2025, 2, 28), 38.0, 0.0)]


def test_downloading_the_prefilled_template_is_logged_as_a_read_of_each_trajectory(world, web):
    def reads():
        return db.session.scalar(select(func.count()).select_from(LogEntry).where(
            LogEntry.traject_id == world.traject.id, LogEntry.actie == "lezen"))

    before = reads()
    web.get("/aanleveren/sjabloon/mijn-trajecten.xlsx")
    assert reads() == before + 1


def test_other_roles_cannot_download_the_prefilled_template(world, login):
    assert login(world.regisseur_a).get("/aanleveren/sjabloon/mijn-trajecten.csv").status_code == 403
