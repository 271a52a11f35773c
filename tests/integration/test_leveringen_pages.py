"""The aanbieder's upload pages: every error code of aanleverformaat v1 through the upload form, the result page,
the error report downloads, delivering only the good rows, the history and the templates."""
import csv
import io
import re
import zipfile
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from dpia.verwerkersovereenkomsten.models import Verwerkersovereenkomst
from portal.codes import VoStatus
from portal.extensions import db
from portal.leveringen import parse
from portal.models import Aanwezigheid, LogEntry
from tests.helpers.leveringen import COLUMNS, csv_file, last_batch, rij, upload, xlsx_file

BSN = "111222333"  # passes the elfproef
BSN_DOTTED = "111.222.333"


def stored(traject_id=None) -> int:
    query = select(func.count()).select_from(Aanwezigheid)
    if traject_id:
        query = query.where(Aanwezigheid.traject_id == traject_id)
    return db.session.scalar(query)


def report_csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def traject_in_gemeente_zonder_vo(world, make):
    """A trajectory of gemeente B assigned to the taal aanbieder, which has a VO with gemeente A only."""
    traject = make.traject(world.regisseur_b)
    make.toewijzing(world.regisseur_b, traject, world.taal_aanbieder, "taal")
    return traject


# --- one test per error code, through the upload page -------------------------------------------------------------

def _cases(world, make) -> dict[str, tuple[bytes, str, str]]:
    """code -> (file, file name, column the error is on)."""
    t = world.traject.id
    return {
        "kolom_ontbreekt": (csv_file(rij(t), columns=[c for c in COLUMNS if c != "uren_gepland"]), "a.csv",
                            "uren_gepland"),
        "kolom_onbekend": (csv_file(rij(t, opmerking="x"), columns=[*COLUMNS, "opmerking"]), "a.csv", "opmerking"),
        "verplicht": (csv_file(rij(t, onderdeel="")), "a.csv", "onderdeel"),
        "datum_ongeldig": (csv_file(rij(t, periode_start="31-02-2026")), "a.csv", "periode_start"),
        "datum_in_toekomst": (csv_file(rij(t, periode_start="2026-07-01", periode_eind="2026-07-31")), "a.csv",
                              "periode_start"),
        "getal_ongeldig": (csv_file(rij(t, uren_aanwezig="veel")), "a.csv", "uren_aanwezig"),
        "waarde_onbekend": (csv_file(rij(t, verzuim_reden="griep")), "a.csv", "verzuim_reden"),
        "traject_onbekend": (csv_file(rij("ABCD-1234-X")), "a.csv", "traject_id"),
        "niet_toegewezen": (csv_file(rij(t, onderdeel="map")), "a.csv", "onderdeel"),
        "periode_ongeldig": (csv_file(rij(t, periode_start="2026-05-31", periode_eind="2026-05-01")), "a.csv",
                             "periode_eind"),
        "uren_ongeldig": (csv_file(rij(t, uren_aanwezig="50")), "a.csv", "uren_gepland"),
        "dubbele_regel": (csv_file(rij(t), rij(t)), "a.csv", "traject_id"),
        "overlap": (csv_file(rij(t), rij(t, periode_start="2026-05-15", periode_eind="2026-06-10")), "a.csv",
                    "periode_start"),
        "bsn_niet_toegestaan": (csv_file(rij(t, aantal_keer_verzuim=BSN)), "a.csv", "aantal_keer_verzuim"),
        "geen_verwerkersovereenkomst": (csv_file(rij(traject_in_gemeente_zonder_vo(world, make).id)), "a.csv",
                                        "traject_id"),
        "bestand_onleesbaar": (b"PK\x03\x04 dit is geen werkmap", "a.xlsx", ""),
    }


CODES = ["kolom_ontbreekt", "kolom_onbekend", "verplicht", "datum_ongeldig", "datum_in_toekomst", "getal_ongeldig",
         "waarde_onbekend", "traject_onbekend", "niet_toegewezen", "periode_ongeldig", "uren_ongeldig",
         "dubbele_regel", "overlap", "bsn_niet_toegestaan", "geen_verwerkersovereenkomst", "bestand_onleesbaar"]


@pytest.mark.parametrize("code", CODES)
def test_each_error_code_is_reported_on_the_result_page_and_nothing_is_stored(code, world, login, make):
    data, filename, column = _cases(world, make)[code]
    web = login(world.taal_user)
    response = upload(web, data, filename=filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:400]
    batch = last_batch(world.taal_aanbieder)
    assert response.request.path == f"/aanleveren/{batch.id}"
    assert batch.status == "rejected" and batch.stored == 0 and stored() == 0
    assert (column, code) in {(e["column"], e["code"]) for e in batch.errors}
    assert "De aanlevering is afgewezen" in page or "Het bestand is afgewezen" in page
    assert f"<td class=\"utrecht-table__cell\">{code}</td>" in page  # the errors table names the code
    message = next(e["message"] for e in batch.errors if e["code"] == code)
    assert message.replace("'", "&#39;") in page


def test_a_trajectory_that_exists_but_is_not_assigned_is_traject_onbekend_like_a_made_up_one(world, login):
    upload(login(world.taal_user), csv_file(rij(world.traject_b.id)))
    assert [e["code"] for e in last_batch(world.taal_aanbieder).errors] == ["traject_onbekend"]


def test_a_delivery_that_overlaps_a_stored_period_is_overlap(world, login):
    web = login(world.taal_user)
    upload(web, csv_file(rij(world.traject.id)))
    assert last_batch(world.taal_aanbieder).status == "accepted"
    upload(web, csv_file(rij(world.traject.id, periode_start="2026-05-20", periode_eind="2026-06-05")))
    assert [e["code"] for e in last_batch(world.taal_aanbieder).errors] == ["overlap"]
    assert stored(world.traject.id) == 1


def test_an_aanbieder_without_any_verwerkersovereenkomst_is_refused_with_403_and_nothing_recorded(make, login):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    aanbieder = make.aanbieder(["taal"])
    traject = make.traject(regisseur)
    make.toewijzing(regisseur, traject, aanbieder, "taal")
    web = login(make.user("aanbieder", aanbieder))
    response = upload(web, csv_file(rij(traject.id)))
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Aanleveren is niet mogelijk" in page and "geen enkele gemeente een geldige verwerkersovereenkomst" in page
    assert 'id="upload-form"' in page  # the upload page itself, with the alert
    assert last_batch(aanbieder) is None and stored() == 0


def test_a_file_over_50_mb_is_bestand_te_groot(world, login, monkeypatch):
    monkeypatch.setattr(parse, "MAX_BYTES", 1_000)
    response = upload(login(world.taal_user), csv_file(*[rij(world.traject.id)] * 30))
    batch = last_batch(world.taal_aanbieder)
    assert [e["code"] for e in batch.errors] == ["bestand_te_groot"] and batch.rows == 0
    page = response.get_data(as_text=True)
    assert "Het bestand is afgewezen" in page and "Splits het in kleinere bestanden" in page
    assert 'id="regels"' not in page and "Foutenrapport downloaden" not in page  # no rows: just the messages


def test_a_file_with_more_than_200000_rows_is_bestand_te_groot(world, login):
    data = b"traject_id\n" + b"x\n" * (parse.MAX_ROWS + 1)
    response = upload(login(world.taal_user), data)
    assert response.status_code == 200
    assert [e["code"] for e in last_batch(world.taal_aanbieder).errors] == ["bestand_te_groot"]
    assert "200.000 regels" in response.get_data(as_text=True)


def test_a_file_with_binary_content_is_bestand_onleesbaar(world, login):
    upload(login(world.taal_user), b"\x00\x01\x02binary", filename="aanlevering.csv")
    assert [e["code"] for e in last_batch(world.taal_aanbieder).errors] == ["bestand_onleesbaar"]


# --- the form itself -------------------------------------------------------------------------------------------


def test_the_upload_page_offers_the_soorten_the_file_field_and_the_templates(world, login):
    page = login(world.taal_user).get("/aanleveren/").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    for soort in parse.SOORTEN:
        assert f'value="{soort}"' in page
        assert f"/aanleveren/sjabloon/{soort}.xlsx" in page and f"/aanleveren/sjabloon/{soort}.csv" in page
    assert '<script src="/static/js/upload.js" defer></script>' in page and "<progress" in page
    assert "<script>" not in page and "style=" not in page


def test_a_missing_file_is_a_dutch_form_error_not_a_500(world, login):
    web = login(world.taal_user)
    response = web.post("/aanleveren/", data={"csrf_token": web.csrf_token, "soort": "toets"},
                        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Kies een bestand (CSV of spreadsheet) om aan te leveren." in response.get_data(as_text=True)
    assert last_batch(world.taal_aanbieder) is None


@pytest.mark.parametrize("soort", ["", "verzuim", "<script>"])
def test_a_wrong_soort_is_a_dutch_form_error_not_a_500(world, login, soort):
    response = upload(login(world.taal_user), csv_file(rij(world.traject.id)), soort=soort)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies de soort aanlevering: aanwezigheid, toets of afronding." in page
    assert "<script>" not in page.split('id="inhoud"')[1].split("<footer")[0].replace(
        '<script src="/static/js/upload.js" defer></script>', "")
    assert last_batch(world.taal_aanbieder) is None


def test_a_file_name_holding_a_bsn_is_refused_and_not_echoed(world, login):
    response = upload(login(world.taal_user), csv_file(rij(world.traject.id)), filename=f"{BSN}.csv")
    assert response.status_code == 422 and BSN not in response.get_data(as_text=True)
    assert last_batch(world.taal_aanbieder) is None


def test_a_long_file_name_is_shortened_for_the_batch_not_a_500(world, login):
    response = upload(login(world.taal_user), csv_file(rij(world.traject.id)), filename="maart-" + "x" * 300 + ".csv")
    assert response.status_code == 200
    name = last_batch(world.taal_aanbieder).bestandsnaam
    assert len(name) <= 255 and name.startswith("maart-") and name.endswith(".csv")


def test_a_bsn_in_a_file_name_delivered_through_the_api_is_masked_on_the_pages(world, login, make, client):
    token = make.token(world.taal_user)
    client.post("/api/v1/aanleveringen?soort=aanwezigheid", headers={"Authorization": f"Bearer {token}"},
                data={"bestand": (io.BytesIO(csv_file(rij(world.traject.id))), f"{BSN}.csv")},
                content_type="multipart/form-data")
    batch = last_batch(world.taal_aanbieder)
    web = login(world.taal_user)
    for path in ("/aanleveren/historie", f"/aanleveren/{batch.id}"):
        page = web.get(path).get_data(as_text=True)
        assert BSN not in page and "*********" in page


def test_other_roles_get_403_on_the_upload_pages(world, login):
    for user in (world.regisseur_a, world.privacy_a, world.beheerder):
        web = login(user)
        for path in ("/aanleveren/", "/aanleveren/historie", "/aanleveren/sjabloon/toets.csv"):
            assert web.get(path).status_code == 403, (user.rol, path)


# --- accepted and corrected uploads ------------------------------------------------------------------------------


def test_an_accepted_upload_redirects_to_its_result_with_the_counts(world, login):
    web = login(world.taal_user)
    t = world.traject.id
    first = csv_file(rij(t), rij(t, periode_start="01-04-2026", periode_eind="30-04-2026"))
    response = upload(web, first, follow=False)
    batch = last_batch(world.taal_aanbieder)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/aanleveren/{batch.id}")
    page = web.get(f"/aanleveren/{batch.id}").get_data(as_text=True)
    assert "De aanlevering is geaccepteerd" in page and "Alle 2 regels zijn opgeslagen." in page
    assert (batch.status, batch.rows, batch.stored, batch.created) == ("accepted", 2, 2, 0 + 2)
    assert stored(t) == 2
    assert 'id="regels"' not in page  # an accepted upload keeps no rows to show

    upload(web, csv_file(rij(t), rij(t, periode_start="01-04-2026", periode_eind="30-04-2026", uren_aanwezig="30")))
    batch = last_batch(world.taal_aanbieder)
    assert (batch.status, batch.created, batch.corrected, batch.unchanged) == ("accepted", 0, 1, 1)
    page = web.get(f"/aanleveren/{batch.id}").get_data(as_text=True)
    counts = page.split("Aantallen</h2>")[1].split("</table>")[0]
    for label in ("Regels", "Opgeslagen", "Nieuw", "Gecorrigeerd", "Ongewijzigd", "Fouten"):
        assert label in counts


def test_an_xlsx_upload_is_read_like_a_csv(world, login):
    web = login(world.taal_user)
    upload(web, xlsx_file(rij(world.traject.id)), filename="maart.xlsx")
    batch = last_batch(world.taal_aanbieder)
    assert (batch.status, batch.bestandsnaam, batch.stored) == ("accepted", "maart.xlsx", 1)
    assert "De regel is opgeslagen." in web.get(f"/aanleveren/{batch.id}").get_data(as_text=True)  # one row: singular


# --- the result page of a rejected upload ---------------------------------------------------------------------


def test_the_result_page_shows_each_row_with_its_errors_and_marks_the_wrong_cells(world, login):
    t = world.traject.id
    response = upload(login(world.taal_user), csv_file(rij(t), rij(t, periode_start="01-04-2026",
                                                                    periode_eind="30-04-2026", uren_aanwezig="x")))
    page = response.get_data(as_text=True)
    assert "Er is niets opgeslagen: 1 van de 2 regels heeft een fout." in page
    table = page.split('id="regels"')[1].split("</table>")[0]
    assert 'id="regel-2"' in table and 'id="regel-3"' in table
    row3 = table.split('id="regel-3"')[1].split("</tr>")[0]
    marked = ('<td class="utrecht-table__cell portal-cel--fout" data-kolom="uren_aanwezig">'
              '<mark class="utrecht-mark">x</mark>')
    assert marked in row3
    assert "uren_aanwezig is geen geldig getal" in row3
    row2 = table.split('id="regel-2"')[1].split("</tr>")[0]
    assert "portal-cel--fout" not in row2 and "geen fouten" in row2
    assert "alleen de goede regels aanleveren".lower() in page.lower()
    assert "style=" not in page and "<script>" not in page


def test_the_result_page_lists_the_errors_before_the_rows(world, login):
    t = world.traject.id
    page = upload(login(world.taal_user), csv_file(rij(t), rij(t, periode_start="01-04-2026",
                                                                periode_eind="30-04-2026", uren_aanwezig="x"))
                  ).get_data(as_text=True)
    assert page.index('id="fouten"') < page.index('id="regels"')
    assert page.index('id="fouten"') < page.index("Foutenrapport downloaden")


def test_the_result_page_shows_at_most_500_rows_with_the_wrong_ones_first(world, login):
    t = world.traject.id
    rows = [rij(t, periode_start=f"{d:%d-%m-%Y}", periode_eind=f"{d:%d-%m-%Y}", uren_gepland="8", uren_aanwezig="4,5")
            for d in (date.fromordinal(date(2024, 1, 1).toordinal() + i) for i in range(600))]
    rows[-1]["uren_aanwezig"] = "x"
    page = upload(login(world.taal_user), csv_file(*rows)).get_data(as_text=True)
    table = page.split('id="regels"')[1].split("</table>")[0]
    assert table.count("<tr class=\"utrecht-table__row") == 1 + 500
    assert 'id="regel-601"' in table and 'id="regel-2"' in table and 'id="regel-600"' not in table
    assert "Nog 100 regels staan niet op deze pagina" in page


def test_a_cell_empty_with_an_error_is_marked_as_leeg(world, login):
    page = upload(login(world.taal_user), csv_file(rij(world.traject.id, onderdeel=""))).get_data(as_text=True)
    assert '<mark class="utrecht-mark">(leeg)</mark>' in page


def test_a_bsn_never_appears_in_the_page_the_reports_or_the_database(world, login):
    t = world.traject.id
    web = login(world.taal_user)
    data = csv_file(rij(t), rij(BSN_DOTTED, periode_start="01-04-2026", periode_eind="30-04-2026"),
                    rij(t, periode_start="01-03-2026", periode_eind="31-03-2026", uren_gepland=BSN),
                    rij(t, periode_start="01-02-2026", periode_eind="28-02-2026", fouten=BSN),
                    columns=[*COLUMNS, "fouten"])
    page = upload(web, data).get_data(as_text=True)
    batch = last_batch(world.taal_aanbieder)
    assert {e["code"] for e in batch.errors} == {"bsn_niet_toegestaan"}
    assert "*********" in page and "bsn_niet_toegestaan" in page
    report_csv = web.get(f"/aanleveren/{batch.id}/rapport.csv").data
    report_xlsx = web.get(f"/aanleveren/{batch.id}/rapport.xlsx").data
    with zipfile.ZipFile(io.BytesIO(report_xlsx)) as book:
        xlsx_text = b"".join(book.read(name) for name in book.namelist())
    history = web.get("/aanleveren/historie").data
    for blob in (page.encode(), report_csv, xlsx_text, batch.bewaard_csv, str(batch.errors).encode(), history):
        assert BSN.encode() not in blob and BSN_DOTTED.encode() not in blob
    assert b"*********" in report_csv and b"*********" in xlsx_text


# --- the error report ---------------------------------------------------------------------------------------------


def test_the_csv_report_has_every_row_on_its_line_with_fouten_and_escapes_formulas(world, login):
    t = world.traject.id
    web = login(world.taal_user)
    data = ("\ufeff" + ";".join(COLUMNS) + "\n"
            + ";".join(rij(t).values()) + "\n"
            + "\n"  # an empty line: the report keeps the line numbers of the file
            + ";".join(rij(t, periode_start="01-04-2026", periode_eind="30-04-2026", verzuim_reden="=1+1",
                           uren_aanwezig="-3").values()) + "\n").encode()
    upload(web, data)
    batch = last_batch(world.taal_aanbieder)
    response = web.get(f"/aanleveren/{batch.id}/rapport.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = f'attachment; filename="foutenrapport-{batch.id}-aanwezigheid.csv"'
    assert response.headers["Content-Disposition"] == disposition
    assert response.headers["Cache-Control"] == "no-store"
    rows = report_csv_rows(response.data)
    assert rows[0] == [*COLUMNS, "fouten"]
    assert rows[1][:len(COLUMNS)] == list(rij(t).values()) and rows[1][-1] == ""
    assert rows[2] == []  # line 3 was empty in the file
    wrong = dict(zip(rows[0], rows[3], strict=True))
    assert wrong["verzuim_reden"] == "'=1+1" and wrong["uren_aanwezig"] == "'-3"
    messages = [e["message"] for e in batch.errors if e["line"] == 4]
    assert len(messages) == 2 and wrong["fouten"] == " | ".join(messages)


def test_the_xlsx_report_writes_every_cell_as_text_and_fills_the_wrong_ones(world, login):
    t = world.traject.id
    web = login(world.taal_user)
    upload(web, csv_file(rij(t), rij(t, periode_start="01-04-2026", periode_eind="30-04-2026",
                                     verzuim_reden="=1+1", uren_aanwezig="@SUM(A1)")))
    batch = last_batch(world.taal_aanbieder)
    response = web.get(f"/aanleveren/{batch.id}/rapport.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["aanwezigheid"]
    header = [c.value for c in sheet[1]]
    assert header == [*COLUMNS, "fouten"]
    row = {name: cell for name, cell in zip(header, sheet[3], strict=True)}
    assert row["verzuim_reden"].value == "=1+1" and row["verzuim_reden"].data_type == "s"
    assert row["uren_aanwezig"].value == "@SUM(A1)" and row["uren_aanwezig"].data_type == "s"
    assert row["verzuim_reden"].fill.fgColor.rgb.endswith("F9D0D0")
    assert not row["traject_id"].fill.fgColor.rgb.endswith("F9D0D0")
    assert "waarde" in row["fouten"].value and " | " in row["fouten"].value
    assert all(cell.data_type == "s" for line in sheet.iter_rows() for cell in line if cell.value is not None)


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_report_can_be_corrected_and_uploaded_again(world, login, formaat):
    t = world.traject.id
    web = login(world.taal_user)
    upload(web, csv_file(rij(t), rij(t, periode_start="01-04-2026", periode_eind="30-04-2026", verzuim_reden="griep")))
    batch = last_batch(world.taal_aanbieder)
    body = web.get(f"/aanleveren/{batch.id}/rapport.{formaat}").data
    if formaat == "csv":
        text = body.decode("utf-8-sig").replace(";griep;", ";ziekte;")
        fixed, name = text.encode("utf-8-sig"), "rapport.csv"
    else:
        book = openpyxl.load_workbook(io.BytesIO(body))
        for line in book.active.iter_rows():
            for cell in line:
                if cell.value == "griep":
                    cell.value = "ziekte"
        out = io.BytesIO()
        book.save(out)
        fixed, name = out.getvalue(), "rapport.xlsx"
    page = upload(web, fixed, filename=name).get_data(as_text=True)
    assert "De aanlevering is geaccepteerd" in page, page
    assert stored(t) == 2


def test_a_report_is_not_there_after_an_accepted_upload_or_a_file_error(world, login):
    web = login(world.taal_user)
    upload(web, csv_file(rij(world.traject.id)))
    accepted = last_batch(world.taal_aanbieder)
    upload(web, csv_file(rij(world.traject.id), columns=COLUMNS[:3]))
    file_error = last_batch(world.taal_aanbieder)
    for batch in (accepted, file_error):
        assert web.get(f"/aanleveren/{batch.id}/rapport.csv").status_code == 404
        assert "Foutenrapport downloaden" not in web.get(f"/aanleveren/{batch.id}").get_data(as_text=True)


def test_downloading_the_report_is_logged_as_an_export_of_the_own_trajectories(world, login):
    web = login(world.taal_user)
    upload(web, csv_file(rij(world.traject.id, uren_aanwezig="x"), rij(world.traject_b.id)))
    batch = last_batch(world.taal_aanbieder)
    web.get(f"/aanleveren/{batch.id}/rapport.csv")
    logged = db.session.scalars(select(LogEntry.traject_id).where(LogEntry.actie == "exporteren")).all()
    assert logged == [world.traject.id]  # not traject_b: that one is not the aanbieder's


# --- alleen de goede regels aanleveren --------------------------------------------------------------------------


def test_delivering_only_the_good_rows_stores_those_and_nothing_else(world, login):
    t = world.traject.id
    web = login(world.taal_user)
    upload(web, csv_file(rij(t), rij(t, periode_start="01-04-2026", periode_eind="30-04-2026", uren_aanwezig="x"),
                         rij(t, periode_start="01-03-2026", periode_eind="31-03-2026")))
    rejected = last_batch(world.taal_aanbieder)
    assert stored() == 0
    page = web.get(f"/aanleveren/{rejected.id}").get_data(as_text=True)
    assert "2 van de 3 regels hebben geen fouten" in page

    response = web.post(f"/aanleveren/{rejected.id}/goede-regels", data={"csrf_token": web.csrf_token})
    partial = last_batch(world.taal_aanbieder)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/aanleveren/{partial.id}")
    assert (partial.status, partial.rows, partial.stored) == ("partial", 3, 2)
    assert sorted(d.isoformat() for d in db.session.scalars(select(Aanwezigheid.periode_start))) == [
        "2026-03-01", "2026-05-01"]
    page = web.get(f"/aanleveren/{partial.id}").get_data(as_text=True)
    assert "De goede regels zijn aangeleverd" in page and "2 van de 3 regels zijn opgeslagen" in page
    db.session.refresh(rejected)
    assert rejected.bewaard_csv is None

    again = web.post(f"/aanleveren/{rejected.id}/goede-regels", data={"csrf_token": web.csrf_token})
    assert again.status_code == 409 and "kan niet meer gedeeltelijk" in again.get_data(as_text=True)
    assert stored() == 2


def test_when_the_agreement_ended_meanwhile_the_good_rows_button_is_refused_and_the_rows_are_kept(world, login):
    web = login(world.taal_user)
    upload(web, csv_file(rij(world.traject.id), rij(world.traject.id, uren_aanwezig="x")))
    batch = last_batch(world.taal_aanbieder)
    for vo in db.session.scalars(select(Verwerkersovereenkomst).where(
            Verwerkersovereenkomst.aanbieder_id == world.taal_aanbieder.id)):
        vo.status = VoStatus.beeindigd
    db.session.commit()
    response = web.post(f"/aanleveren/{batch.id}/goede-regels", data={"csrf_token": web.csrf_token})
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "geen enkele gemeente een geldige verwerkersovereenkomst" in page
    db.session.refresh(batch)
    assert batch.bewaard_csv is not None and last_batch(world.taal_aanbieder).id == batch.id and stored() == 0
    assert "Alleen de goede regels aanleveren" in page


def test_the_good_rows_button_needs_a_csrf_token(world, login):
    web = login(world.taal_user)
    upload(web, csv_file(rij(world.traject.id), rij(world.traject.id, uren_aanwezig="x")))
    batch = last_batch(world.taal_aanbieder)
    assert web.post(f"/aanleveren/{batch.id}/goede-regels").status_code == 400
    assert stored() == 0


def test_delivering_only_the_good_rows_of_an_xlsx_upload(world, login):
    t = world.traject.id
    web = login(world.taal_user)
    upload(web, xlsx_file(rij(t), rij(t, periode_start="01-04-2026", periode_eind="30-04-2026", uren_aanwezig="x")),
           filename="april.xlsx")
    rejected = last_batch(world.taal_aanbieder)
    web.post(f"/aanleveren/{rejected.id}/goede-regels", data={"csrf_token": web.csrf_token})
    assert last_batch(world.taal_aanbieder).status == "partial" and stored() == 1


def test_a_value_with_a_line_break_keeps_every_row_and_line_in_the_report(world, login):
    t = world.traject.id
    web = login(world.taal_user)
    data = (";".join(COLUMNS) + "\n" + ";".join(rij(t, verzuim_reden='"zie\nkte"').values()) + "\n"
            + ";".join(rij(t, periode_start="01-04-2026", periode_eind="30-04-2026", uren_aanwezig="x").values())
            + "\n" + ";".join(rij(t, periode_start="01-03-2026", periode_eind="31-03-2026").values()) + "\n").encode()
    upload(web, data)
    batch = last_batch(world.taal_aanbieder)
    assert [e["line"] for e in batch.errors] == [2, 4]
    rows = report_csv_rows(web.get(f"/aanleveren/{batch.id}/rapport.csv").data)
    assert [row[5] for row in rows[1:] if row] == ["36,5", "x", "36,5"]  # uren_aanwezig of lines 2, 4 and 5
    assert rows[3][5] == "x"  # line 4 of the report is line 4 of the file
    web.post(f"/aanleveren/{batch.id}/goede-regels", data={"csrf_token": web.csrf_token})
    assert last_batch(world.taal_aanbieder).stored == 1


# --- history and isolation ---------------------------------------------------------------------------------------


def test_the_history_lists_only_the_own_batches_and_another_aanbieders_batch_is_404(world, login):
    taal, ander = login(world.taal_user), login(world.vreemde_user)
    upload(taal, csv_file(rij(world.traject.id)), filename="eigen.csv")
    upload(ander, csv_file(rij(world.traject_b.id, uren_aanwezig="x")), filename="vreemd.csv")
    own, foreign = last_batch(world.taal_aanbieder), last_batch(world.vreemde_aanbieder)

    page = taal.get("/aanleveren/historie").get_data(as_text=True)
    assert "eigen.csv" in page and "vreemd.csv" not in page
    assert f'href="/aanleveren/{own.id}"' in page and f'href="/aanleveren/{foreign.id}"' not in page
    assert "geaccepteerd" in page and own.ontvangen_op.strftime("%Y") in page
    for path in (f"/aanleveren/{foreign.id}", f"/aanleveren/{foreign.id}/rapport.csv",
                 f"/aanleveren/{foreign.id}/rapport.xlsx", "/aanleveren/999999"):
        response = taal.get(path)
        assert response.status_code == 404 and world.traject_b.id not in response.get_data(as_text=True)
    response = taal.post(f"/aanleveren/{foreign.id}/goede-regels", data={"csrf_token": taal.csrf_token})
    assert response.status_code == 404
    assert "vreemd.csv" in ander.get("/aanleveren/historie").get_data(as_text=True)


def test_the_history_shows_date_soort_kanaal_status_and_counts(world, login):
    web = login(world.taal_user)
    upload(web, csv_file(rij(world.traject.id, uren_aanwezig="x")), filename="mei.csv")
    batch = last_batch(world.taal_aanbieder)
    page = web.get("/aanleveren/historie").get_data(as_text=True)
    row = page.split(f'href="/aanleveren/{batch.id}"')[1].split("</tr>")[0]
    assert ">aanwezigheid<" in row and ">Upload<" in row and ">mei.csv<" in row and "afgewezen" in row
    assert row.count('utrecht-table__cell--numeric-column">') == 3
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}</a>", page.split(f'href="/aanleveren/{batch.id}"')[1])


# --- templates ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("soort", parse.SOORTEN)
def test_the_csv_template_has_the_header_in_spec_order_and_an_example_row(world, login, soort):
    response = login(world.taal_user).get(f"/aanleveren/sjabloon/{soort}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = report_csv_rows(response.data)
    assert rows[0] == parse.columns(soort) and len(rows) == 2


@pytest.mark.parametrize("soort", parse.SOORTEN)
def test_the_xlsx_template_has_drop_downs_for_the_code_columns_and_a_toelichting(world, login, soort):
    response = login(world.taal_user).get(f"/aanleveren/sjabloon/{soort}.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [soort, "toelichting"]
    sheet = book[soort]
    header = [c.value for c in sheet[1]]
    assert header == parse.columns(soort)
    validations = sheet.data_validations.dataValidation
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in validations if dv.type == "list"}
    assert all(str(dv.sqref).endswith(str(parse.MAX_ROWS + 1)) for dv in validations)
    letters = {name: openpyxl.utils.get_column_letter(i + 1) for i, name in enumerate(header)}
    expected = {"aanwezigheid": {"onderdeel", "verzuim_reden"}, "toets": {"vaardigheid", "niveau", "resultaat"},
                "afronding": {"onderdeel", "status", "reden", "verwijtbaar"}}[soort]
    assert set(lists) == {letters[c] for c in expected}
    if soort == "afronding":
        assert lists[letters["onderdeel"]] == '"taal,map,pvt,taalschakeltraject"'
    toelichting = " ".join(str(c.value) for line in book["toelichting"].iter_rows() for c in line if c.value)
    assert all(name in toelichting for name in header) and "verplicht" in toelichting.lower()


def test_an_unknown_soort_has_no_template(world, login):
    assert login(world.taal_user).get("/aanleveren/sjabloon/verzuim.csv").status_code == 404


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_an_unchanged_template_is_refused_only_for_its_made_up_traject_id(world, login, formaat):
    web = login(world.taal_user)
    for soort in parse.SOORTEN:
        body = web.get(f"/aanleveren/sjabloon/{soort}.{formaat}").data
        upload(web, body, soort=soort, filename=f"sjabloon.{formaat}")
        assert [e["code"] for e in last_batch(world.taal_aanbieder).errors] == ["traject_onbekend"], soort
