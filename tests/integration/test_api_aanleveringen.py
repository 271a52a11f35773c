"""POST /api/v1/aanleveringen: every error code of aanleverformaat.md, atomicity, idempotence, corrections."""
import io

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AanleverBatch, Aanwezigheid, LeveringHistorie, LogEntry, Toets
from tests.helpers.leveringen import HEADER, aanwezig, codes, csv_bytes


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_valid_file_is_accepted_whole_and_logged(deliver, world):
    before_log = count(LogEntry)
    response = deliver(world.taal_user, "aanwezigheid", [aanwezig(world.traject.id),
                                                         aanwezig(world.traject.id, "2026-04-01", "2026-04-30")])
    assert response.status_code == 200
    assert response.json == {"status": "accepted", "soort": "aanwezigheid", "rows": 2, "stored": 2, "created": 2,
                             "corrected": 0, "unchanged": 0, "errors": []}
    assert count(Aanwezigheid) == 2
    entry = db.session.scalars(select(LogEntry).order_by(LogEntry.id.desc())).first()
    assert count(LogEntry) == before_log + 1
    assert (entry.actie, entry.traject_id, entry.verwerkingsactiviteit) == (
        "aanleveren", world.traject.id, "voortgangsrapportage")


def test_json_rows_take_the_same_path(deliver, world):
    response = deliver(world.taal_user, "aanwezigheid", [aanwezig(world.traject.id)], filename=None)
    assert response.status_code == 200 and response.json["stored"] == 1


@pytest.mark.parametrize("rows, expected", [
    ([aanwezig("{T}", gepland="")], (2, "uren_gepland", "verplicht")),
    ([aanwezig("{T}", start="31-02-2026")], (2, "periode_start", "datum_ongeldig")),
    ([aanwezig("{T}", eind="2026-07-01", start="2026-06-30")], (2, "periode_eind", "datum_in_toekomst")),
    ([aanwezig("{T}", aanwezig_="1.000")], (2, "uren_aanwezig", "getal_ongeldig")),
    ([aanwezig("{T}", reden="vakantie")], (2, "verzuim_reden", "waarde_onbekend")),
    ([aanwezig("{T}", start="2026-03-01", eind="2026-04-15")], (2, "periode_eind", "periode_ongeldig")),
    ([aanwezig("{T}", aanwezig_="38")], (2, "uren_gepland", "uren_ongeldig")),
    ([aanwezig("{T}"), aanwezig("{T}")], (3, "traject_id", "dubbele_regel")),
    ([aanwezig("{T}"), aanwezig("{T}", start="2026-03-15", eind="2026-04-10")], (3, "periode_start", "overlap")),
    ([aanwezig("ZZZZ-ZZZZ-Z")], (2, "traject_id", "traject_onbekend")),
    ([aanwezig("{T}", onderdeel="map")], (2, "onderdeel", "niet_toegewezen")),
])
def test_each_row_error_code_is_reported_with_line_and_column_and_nothing_is_stored(deliver, world, rows, expected):
    rows = [{k: (v.replace("{T}", world.traject.id) if isinstance(v, str) else v) for k, v in r.items()} for r in rows]
    response = deliver(world.taal_user, "aanwezigheid", rows)
    assert response.status_code == 422 and response.json["status"] == "rejected"
    assert expected in codes(response)
    assert all(e["message"] for e in response.json["errors"])
    assert count(Aanwezigheid) == 0


def test_a_missing_and_an_unknown_column_are_file_errors(deliver, world):
    header = [c for c in HEADER["aanwezigheid"] if c != "uren_gepland"] + ["opmerking"]
    response = deliver(world.taal_user, "aanwezigheid", data=csv_bytes("aanwezigheid", [aanwezig(world.traject.id)],
                                                                       header=header))
    found = {(e["column"], e["code"]) for e in response.json["errors"]}
    assert {("uren_gepland", "kolom_ontbreekt"), ("opmerking", "kolom_onbekend")} <= found


def test_a_toets_on_a_traject_without_taal_assignment_is_niet_toegewezen(deliver, world):
    row = {"traject_id": world.traject.id, "datum": "2026-03-01", "vaardigheid": "lezen", "niveau": "A2",
           "resultaat": "behaald", "score": "71"}
    assert deliver(world.taal_user, "toets", [row]).status_code == 200
    response = deliver(world.map_user, "toets", [row])
    assert (2, "traject_id", "niet_toegewezen") in codes(response)


def test_another_gemeentes_traject_answers_traject_onbekend_not_a_leak(deliver, world):
    response = deliver(world.taal_user, "aanwezigheid", [aanwezig(world.traject_b.id)])
    assert (2, "traject_id", "traject_onbekend") in codes(response)


def test_a_traject_of_a_gemeente_without_agreement_is_a_row_error(deliver, world):
    response = deliver(world.vreemde_user, "aanwezigheid", [aanwezig(world.traject_b.id)])
    assert (2, "traject_id", "geen_verwerkersovereenkomst") in codes(response)


def test_an_aanbieder_without_any_agreement_is_refused_whole_with_403(deliver, make, world):
    zonder = make.user("aanbieder", make.aanbieder(["taal"]))
    response = deliver(zonder, "aanwezigheid", [aanwezig(world.traject.id)])
    assert response.status_code == 403 and response.json["error"] == "geen_verwerkersovereenkomst"


def test_an_unreadable_and_a_too_large_file_are_refused_whole(deliver, world, monkeypatch):
    response = deliver(world.taal_user, "aanwezigheid", data=b"\x00\x01\x02 binary junk", filename="x.csv")
    assert [e["code"] for e in response.json["errors"]] == ["bestand_onleesbaar"]
    import portal.leveringen.parse as parse
    monkeypatch.setattr(parse, "MAX_ROWS", 1)
    rows = [aanwezig(world.traject.id), aanwezig(world.traject.id, "2026-04-01", "2026-04-30")]
    response = deliver(world.taal_user, "aanwezigheid", rows)
    assert [e["code"] for e in response.json["errors"]] == ["bestand_te_groot"]
    assert count(Aanwezigheid) == 0


def test_a_bsn_in_any_cell_is_refused_masked_and_stored_nowhere(deliver, world):
    bsn_value = "111 222 333"
    row = aanwezig(world.traject.id, keer=bsn_value)
    response = deliver(world.taal_user, "aanwezigheid", [row])
    assert (2, "aantal_keer_verzuim", "bsn_niet_toegestaan") in codes(response)
    assert "111" not in response.get_data(as_text=True)
    batch = db.session.scalars(select(AanleverBatch)).one()
    assert "111 222 333" not in str(batch.errors) and b"111 222 333" not in (batch.bewaard_csv or b"")


def test_gedeeltelijk_stores_only_the_good_rows_and_says_which(deliver, world):
    rows = [aanwezig(world.traject.id), aanwezig(world.traject.id, "2026-04-01", "2026-04-30", aanwezig_="99")]
    response = deliver(world.taal_user, "aanwezigheid", rows, gedeeltelijk=True)
    assert response.status_code == 200 and response.json["status"] == "partial"
    assert response.json["stored"] == 1 and response.json["stored_lines"] == [2]
    assert count(Aanwezigheid) == 1


def test_redelivering_changes_nothing_and_a_changed_row_is_a_correction_with_history(deliver, world):
    rows = [aanwezig(world.traject.id)]
    deliver(world.taal_user, "aanwezigheid", rows)
    again = deliver(world.taal_user, "aanwezigheid", rows)
    assert again.json["unchanged"] == 1 and again.json["created"] == 0 and count(LeveringHistorie) == 0
    corrected = deliver(world.taal_user, "aanwezigheid", [aanwezig(world.traject.id, aanwezig_="31", geoorloofd="3")])
    assert corrected.json["corrected"] == 1
    record = db.session.scalars(select(Aanwezigheid)).one()
    db.session.refresh(record)
    history = db.session.scalars(select(LeveringHistorie)).one()
    assert (record.versie, record.uren_aanwezig, record.uren_verzuim_geoorloofd) == (2, 31, 3)
    assert (history.versie, history.waarden["uren_aanwezig"], history.waarden["uren_verzuim_geoorloofd"]) == (1, 30, 4)
    assert history.vervangen_door == world.taal_user.email


def test_an_xlsx_file_with_real_excel_dates_is_accepted(deliver, world):
    import datetime as dt

    import xlsxwriter
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("toets")
    date_format = book.add_format({"num_format": "dd-mm-yyyy"})
    for col, name in enumerate(HEADER["toets"]):
        sheet.write(0, col, name)
    sheet.write(1, 0, world.traject.id)
    sheet.write_datetime(1, 1, dt.datetime(2026, 2, 12), date_format)
    for col, value in enumerate(["spreken", "A2", "niet_behaald", 48.5], start=2):
        sheet.write(1, col, value)
    book.close()
    response = deliver(world.taal_user, "toets", data=buffer.getvalue(), filename="toetsen.xlsx")
    assert response.status_code == 200, response.json
    toets = db.session.scalars(select(Toets)).one()
    assert (toets.datum.isoformat(), toets.score) == ("2026-02-12", 48.5)


def test_regisseur_may_not_deliver(deliver, world):
    assert deliver(world.regisseur_a, "aanwezigheid", [aanwezig(world.traject.id)]).status_code == 403


def test_a_file_name_is_stored_short_and_never_with_a_bsn(deliver, world):
    deliver(world.taal_user, "aanwezigheid", [aanwezig(world.traject.id)], filename="export 111222333.csv")
    deliver(world.taal_user, "aanwezigheid", [aanwezig(world.traject.id)], filename="x" * 400 + ".csv")
    names = [b.bestandsnaam for b in db.session.scalars(select(AanleverBatch).order_by(AanleverBatch.id))]
    assert names[0] == "*********.csv" and len(names[1]) <= 255 and names[1].endswith(".csv")


def test_json_rows_as_an_object_with_rijen_take_the_same_path_as_the_bare_list(client, make, world):
    headers = {"Authorization": f"Bearer {make.token(world.taal_user)}"}
    response = client.post("/api/v1/aanleveringen", query_string={"soort": "aanwezigheid"}, headers=headers,
                           json={"rijen": [aanwezig(world.traject.id)]})
    assert response.status_code == 200 and response.json["stored"] == 1
    again = client.post("/api/v1/aanleveringen", query_string={"soort": "aanwezigheid"}, headers=headers,
                        json=[aanwezig(world.traject.id)])
    assert again.status_code == 200 and again.json["unchanged"] == 1
    wrong = client.post("/api/v1/aanleveringen", query_string={"soort": "aanwezigheid"}, headers=headers,
                        json={"regels": [aanwezig(world.traject.id)]})
    assert wrong.status_code == 422 and wrong.json["errors"][0]["code"] == "bestand_onleesbaar"
