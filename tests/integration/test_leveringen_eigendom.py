"""Delivery records belong to the aanbieder that delivered them (issue 13): after a regisseur reassigns an
onderdeel, neither aanbieder can correct the other's records, deliveries must lie inside the caller's own
assignment (`buiten_toewijzing`), an overlap never shows another aanbieder's periods, and an aanbieder reads a
trajectory only while its assignment (plus the grace period for late corrections) and its verwerkersovereenkomst
with the gemeente are current. Through the API and the upload page, on SQLite and PostgreSQL."""
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from portal.access import NALOOP_DAGEN
from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer
from portal.models import Aanwezigheid, Afronding, LeveringHistorie, Organisatie, Toets, Traject, User
from tests.helpers.leveringen import aanwezig, codes, csv_bytes, last_batch, upload


@dataclass
class Wissel:
    """Taal of one trajectory went from TAALKR (2025-02-01 .. 2026-05-31) to INTEGRA (from 2026-06-01); the test
    app's today is 2026-06-15, so TAALKR is inside its grace period."""

    regisseur: User
    taalkr: Organisatie
    integra: Organisatie
    taalkr_user: User
    integra_user: User
    traject: Traject


def lever(user, soort, rows):
    rapport, _ = importeer(user, user.organisatie, soort, Aanlevering(data=csv_bytes(soort, rows),
                                                                     bestandsnaam="levering.csv"), kanaal="api")
    db.session.commit()
    return rapport


def toets(traject_id, datum="2026-05-20", niveau="A2", resultaat="niet_behaald", score="89"):
    return {"traject_id": traject_id, "datum": datum, "vaardigheid": "lezen", "niveau": niveau,
            "resultaat": resultaat, "score": score}


def afronding(traject_id, datum, status="afgerond", reden="", verwijtbaar=""):
    return {"traject_id": traject_id, "onderdeel": "taal", "datum": datum, "status": status, "reden": reden,
            "verwijtbaar": verwijtbaar}


@pytest.fixture(scope="module")
def _wissel(shared):
    """Built once for the module's tests (tests/helpers/shared.py)."""
    def bouw(make) -> Wissel:
        gemeente = make.gemeente()
        regisseur = make.user("regisseur", gemeente)
        taalkr, integra = make.aanbieder(["taal"]), make.aanbieder(["taal", "map", "pvt"])
        make.vo(taalkr, gemeente)
        make.vo(integra, gemeente)
        taalkr_user, integra_user = make.user("aanbieder", taalkr), make.user("aanbieder", integra)
        traject = make.traject(regisseur)
        make.toewijzing(regisseur, traject, taalkr, "taal", start=date(2025, 2, 1))
        assert lever(taalkr_user, "aanwezigheid", [aanwezig(traject.id, "2026-05-01", "2026-05-31")]).stored == 1
        assert lever(taalkr_user, "toets", [toets(traject.id)]).stored == 1
        make.toewijzing(regisseur, traject, integra, "taal", start=date(2026, 6, 1))
        assert lever(integra_user, "aanwezigheid", [aanwezig(traject.id, "2026-06-01", "2026-06-10", gepland="8",
                                                             aanwezig_="8", geoorloofd="0", ongeoorloofd="0",
                                                             reden="", keer="")]).stored == 1
        return Wissel(regisseur, taalkr, integra, taalkr_user, integra_user, traject)
    return shared.build(bouw)


@pytest.fixture
def wissel(ctx, _wissel) -> Wissel:
    return _wissel.load()


def record(model, traject_id, **key):
    return db.session.scalar(select(model).filter_by(traject_id=traject_id, **key))


def unchanged_attendance(w: Wissel):
    stored = record(Aanwezigheid, w.traject.id, periode_start=date(2026, 6, 1))
    db.session.refresh(stored)
    assert (stored.aanbieder_id, stored.uren_aanwezig, stored.uren_verzuim_ongeoorloofd, stored.versie) == (
        w.integra.id, 8, 0, 1)


def unchanged_exam(w: Wissel):
    stored = record(Toets, w.traject.id)
    db.session.refresh(stored)
    assert (stored.aanbieder_id, stored.niveau.value, stored.resultaat.value, stored.score, stored.versie) == (
        w.taalkr.id, "A2", "niet_behaald", 89, 1)


OVERWRITE_ATTENDANCE = dict(start="2026-06-01", eind="2026-06-10", gepland="8", aanwezig_="0", geoorloofd="0",
                            ongeoorloofd="8", reden="ziekte", keer="4")


# --- the two overwrites of the issue -----------------------------------------------------------------------------


def test_an_aanbieder_whose_assignment_ended_cannot_correct_the_new_aanbieders_attendance_via_the_api(
        wissel, deliver):
    w = wissel
    response = deliver(w.taalkr_user, "aanwezigheid", [aanwezig(w.traject.id, **OVERWRITE_ATTENDANCE)])
    assert response.status_code == 422 and response.json["stored"] == 0
    assert (2, "traject_id", "van_andere_aanbieder") in codes(response)
    assert (2, "periode_start", "buiten_toewijzing") in codes(response)
    unchanged_attendance(w)
    assert db.session.scalar(select(LeveringHistorie).where(LeveringHistorie.traject_id == w.traject.id,
                                                            LeveringHistorie.soort == "aanwezigheid")) is None


def test_an_aanbieder_whose_assignment_ended_cannot_correct_the_new_aanbieders_attendance_via_the_upload_page(
        wissel, login):
    w = wissel
    page = upload(login(w.taalkr_user), csv_bytes("aanwezigheid", [aanwezig(w.traject.id, **OVERWRITE_ATTENDANCE)]))
    html = page.get_data(as_text=True)
    assert "van_andere_aanbieder" in html and "buiten_toewijzing" in html
    assert last_batch(w.taalkr).status == "rejected"
    unchanged_attendance(w)


def test_the_new_aanbieder_cannot_rewrite_the_previous_aanbieders_exam_result_via_the_api(wissel, deliver):
    w = wissel
    response = deliver(w.integra_user, "toets", [toets(w.traject.id, niveau="B1", resultaat="behaald", score="99")])
    assert response.status_code == 422
    assert (2, "traject_id", "van_andere_aanbieder") in codes(response)
    fout = next(e for e in response.json["errors"] if e["code"] == "van_andere_aanbieder")
    assert "A2" not in fout["message"] and "89" not in fout["message"] and "niet_behaald" not in fout["message"]
    unchanged_exam(w)


def test_the_new_aanbieder_cannot_rewrite_the_previous_aanbieders_exam_result_via_the_upload_page(wissel, login):
    w = wissel
    page = upload(login(w.integra_user), csv_bytes("toets", [toets(w.traject.id, niveau="B1", resultaat="behaald",
                                                                   score="99")]), soort="toets")
    assert "van_andere_aanbieder" in page.get_data(as_text=True)
    assert last_batch(w.integra).status == "rejected"
    unchanged_exam(w)


def test_an_afronding_of_another_aanbieder_is_not_corrected_even_with_a_date_inside_the_callers_assignment(
        wissel, deliver):
    w = wissel
    assert lever(w.taalkr_user, "afronding", [afronding(w.traject.id, "2026-05-25", "voortijdig_beeindigd",
                                                        "verhuisd", "nee")]).stored == 1
    response = deliver(w.integra_user, "afronding", [afronding(w.traject.id, "2026-06-12")])
    assert response.status_code == 422 and codes(response) == [(2, "traject_id", "van_andere_aanbieder")]
    stored = record(Afronding, w.traject.id)
    assert (stored.aanbieder_id, stored.status.value, stored.versie) == (w.taalkr.id, "voortijdig_beeindigd", 1)


def test_an_aanbieder_still_corrects_its_own_records_within_the_grace_period_and_keeps_them(wissel, deliver):
    w = wissel
    response = deliver(w.taalkr_user, "aanwezigheid", [aanwezig(w.traject.id, "2026-05-01", "2026-05-31",
                                                                aanwezig_="29")])
    assert response.status_code == 200 and response.json["corrected"] == 1
    stored = record(Aanwezigheid, w.traject.id, periode_start=date(2026, 5, 1))
    assert (stored.aanbieder_id, stored.uren_aanwezig, stored.versie) == (w.taalkr.id, 29, 2)


# --- buiten_toewijzing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, start, eind", [
    ("taalkr", "2025-01-20", "2025-02-10"),   # starts before TAALKR's assignment
    ("taalkr", "2026-05-20", "2026-06-05"),   # ends after TAALKR's einddatum
    ("integra", "2026-05-25", "2026-06-05"),  # starts before INTEGRA's assignment
])
def test_an_attendance_period_outside_the_callers_assignment_is_buiten_toewijzing(wissel, deliver, who, start, eind):
    w = wissel
    user = w.taalkr_user if who == "taalkr" else w.integra_user
    response = deliver(user, "aanwezigheid", [aanwezig(w.traject.id, start, eind)])
    assert response.status_code == 422
    assert [c for c in codes(response) if c[2] == "buiten_toewijzing"] == [
        (2, "periode_start" if who == "integra" or start < "2025-02-01" else "periode_eind", "buiten_toewijzing")]


def test_a_toets_or_afronding_dated_outside_the_callers_assignment_is_buiten_toewijzing(wissel, deliver):
    w = wissel
    response = deliver(w.integra_user, "toets", [toets(w.traject.id, datum="2026-05-28")])
    assert response.status_code == 422 and codes(response) == [(2, "datum", "buiten_toewijzing")]
    response = deliver(w.taalkr_user, "afronding", [afronding(w.traject.id, "2026-06-02")])
    assert response.status_code == 422 and codes(response) == [(2, "datum", "buiten_toewijzing")]
    assert deliver(w.integra_user, "toets", [toets(w.traject.id, datum="2026-06-02")]).status_code == 200


# --- the overlap message -----------------------------------------------------------------------------------------


def test_an_overlap_with_another_aanbieders_period_does_not_show_that_period(wissel, make, deliver):
    w = wissel
    # Taal goes back to TAALKR from 2026-06-05: INTEGRA's stored period 01-06 .. 10-06 now reaches into it.
    make.toewijzing(w.regisseur, w.traject, w.taalkr, "taal", start=date(2026, 6, 5))
    response = deliver(w.taalkr_user, "aanwezigheid", [aanwezig(w.traject.id, "2026-06-05", "2026-06-12")])
    assert response.status_code == 422 and codes(response) == [(2, "periode_start", "overlap")]
    message = response.json["errors"][0]["message"]
    assert "01-06-2026" not in message and "10-06-2026" not in message and "2026-06" not in message
    # Its own stored periods are still named, to help it correct.
    response = deliver(w.taalkr_user, "aanwezigheid", [aanwezig(w.traject.id, "2026-05-15", "2026-05-31")])
    assert "01-05-2026 t/m 31-05-2026" in response.json["errors"][0]["message"]


# --- reading -----------------------------------------------------------------------------------------------------


def _reads(client, make, user, traject_id):
    token = make.token(user)
    headers = {"Authorization": f"Bearer {token}"}
    one = client.get(f"/api/v1/trajecten/{traject_id}", headers=headers).status_code
    listed = traject_id in client.get("/api/v1/trajecten", headers=headers).get_data(as_text=True)
    return one, listed


def test_an_ended_assignment_is_readable_within_the_grace_period_and_404_after_it(wissel, client, make, login,
                                                                                   app, monkeypatch):
    w = wissel
    last_day = date(2026, 5, 31).toordinal() + NALOOP_DAGEN
    monkeypatch.setitem(app.config, "PORTAL_TODAY", date.fromordinal(last_day).isoformat())
    assert _reads(client, make, w.taalkr_user, w.traject.id) == (200, True)
    web = login(w.taalkr_user)
    page = web.get(f"/trajecten/{w.traject.id}")
    assert page.status_code == 200
    assert "10-06-2026" not in page.get_data(as_text=True)  # INTEGRA's period: only its own records are shown
    assert w.traject.id in web.get("/trajecten/").get_data(as_text=True)

    monkeypatch.setitem(app.config, "PORTAL_TODAY", date.fromordinal(last_day + 1).isoformat())
    assert _reads(client, make, w.taalkr_user, w.traject.id) == (404, False)
    assert web.get(f"/trajecten/{w.traject.id}").status_code == 404
    assert w.traject.id not in web.get("/trajecten/").get_data(as_text=True)
    response = lever(w.taalkr_user, "aanwezigheid", [aanwezig(w.traject.id, "2026-05-01", "2026-05-31",
                                                              aanwezig_="20")])
    assert [e.code for e in response.errors] == ["traject_onbekend"]
    assert _reads(client, make, w.integra_user, w.traject.id) == (200, True)


def test_an_aanbieder_does_not_read_a_gemeentes_trajectories_after_the_agreement_ended(make, client, login):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    aanbieder = make.aanbieder(["taal"])
    make.vo(aanbieder, gemeente, start=date(2024, 1, 1), eind=date(2026, 6, 14))
    user = make.user("aanbieder", aanbieder)
    traject = make.traject(regisseur)
    make.toewijzing(regisseur, traject, aanbieder, "taal")
    assert _reads(client, make, user, traject.id) == (404, False)
    web = login(user)
    assert web.get(f"/trajecten/{traject.id}").status_code == 404
    assert traject.id not in web.get("/trajecten/").get_data(as_text=True)

    make.vo(aanbieder, gemeente, start=date(2026, 6, 15), eind=date(2027, 6, 14))
    assert _reads(client, make, user, traject.id) == (200, True)


def test_an_assignment_past_its_grace_period_is_no_longer_offered_on_a_trajectory_still_visible(wissel, make,
                                                                                               client, login):
    w = wissel
    make.toewijzing(w.regisseur, w.traject, w.integra, "map", start=date(2025, 2, 1))
    make.toewijzing(w.regisseur, w.traject, make.aanbieder(["map"]), "map", start=date(2026, 4, 1))
    body = client.get(f"/api/v1/trajecten/{w.traject.id}",
                      headers={"Authorization": f"Bearer {make.token(w.integra_user)}"}).json
    assert [(t["onderdeel"], t["startdatum"]) for t in body["toewijzingen"]] == [("taal", "2026-06-01")]
    web = login(w.integra_user)
    assert web.get(f"/trajecten/{w.traject.id}/invoer/aanwezigheid?onderdeel=map").status_code == 403
    assert web.get(f"/trajecten/{w.traject.id}/invoer/aanwezigheid?onderdeel=taal").status_code == 200
