"""Verwerkingsstop (seed 004): the privacy officer halts one activity of her gemeente at once. Pages (423, Dutch),
the API (423 JSON) and deliveries (`traject_beperkt`) under that activity are refused for that gemeente and
nothing else; each refusal is logged in the hash chain; only she lifts it; the report lists what was processed."""
import csv
import io
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select

from dpia.verwerkingsstop import services
from dpia.verwerkingsstop.models import Verwerkingsstop
from portal import verwerkingslog
from portal.codes import Actie, Activiteit
from portal.extensions import db
from portal.models import LogEntry, Traject
from tests.conftest import _csrf
from tests.helpers.api import bearer
from tests.helpers.leveringen import aanwezig
from tests.helpers.world import World

WEIGERING = services.WEIGERING


@dataclass
class Stopwereld:
    w: World
    traject_b2: Traject  # gemeente B, taal -> world.taal_aanbieder (who also has a valid agreement with B)


@pytest.fixture
def sw(world, make) -> Stopwereld:
    traject_b2 = make.traject(world.regisseur_b)
    make.toewijzing(world.regisseur_b, traject_b2, world.taal_aanbieder, "taal")
    make.vo(world.taal_aanbieder, world.gemeente_b)
    return Stopwereld(world, traject_b2)


def privacy_web(login, user):
    web = login(user)
    web.csrf_token = _csrf(web.get("/privacy/verwerkingsstops").get_data(as_text=True))
    return web


def stop(login, user, activiteit: str, reden: str = "Oproep SZW: staak het gebruik van DUO-gegevens."):
    web = privacy_web(login, user)
    response = web.post("/privacy/verwerkingsstops", data={"csrf_token": web.csrf_token, "activiteit": activiteit,
                                                          "reden": reden, "bevestigen": "Ja, stopzetten"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return web, db.session.scalar(select(Verwerkingsstop).order_by(Verwerkingsstop.id.desc()).limit(1))



def weigeringen() -> list[LogEntry]:
    return list(db.session.scalars(select(LogEntry).where(LogEntry.toelichting == WEIGERING).order_by(LogEntry.id)))


def codes(response) -> list[tuple[int, str]]:
    return [(e["line"], e["code"]) for e in response.json["errors"]]


# --- a stop on voortgangsrapportage: the aanbieders of that gemeente ------------------------------------------------


def test_a_stop_on_voortgangsrapportage_refuses_the_aanbieders_pages_and_api_for_that_gemeente(sw, login, make):
    w = sw.w
    stop(login, w.privacy_a, "voortgangsrapportage", "SZW vraagt het delen te staken.")
    web = login(w.taal_user)
    page = web.get(f"/trajecten/{w.traject.id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 423
    assert "Verwerking stopgezet" in body and "SZW vraagt het delen te staken." in body and w.gemeente_a.naam in body
    assert web.get(f"/trajecten/{sw.traject_b2.id}").status_code == 200  # another gemeente: not halted

    api = web.get(f"/api/v1/trajecten/{w.traject.id}", headers=bearer(make, w.taal_user))
    assert api.status_code == 423 and api.json["error"] == "verwerkingsstop"
    assert "SZW vraagt het delen te staken." in api.json["message"]


def test_the_aanbieders_list_leaves_out_the_halted_gemeente_and_says_so(sw, login, make):
    w = sw.w
    stop(login, w.privacy_a, "voortgangsrapportage")
    listed = login(w.taal_user).get("/api/v1/trajecten", headers=bearer(make, w.taal_user)).json
    ids = {t["traject_id"] for t in listed["trajecten"]}
    assert sw.traject_b2.id in ids and w.traject.id not in ids
    from portal.access import list_trajecten
    assert list_trajecten(w.taal_user).verwerkingsstop == [w.gemeente_a.naam]
    assert list_trajecten(w.map_user).verwerkingsstop == [w.gemeente_a.naam]
    assert list_trajecten(w.vreemde_user).verwerkingsstop == []  # serves no trajectory of gemeente A


def test_a_stop_on_voortgangsrapportage_makes_deliveries_traject_beperkt_for_that_gemeente_only(sw, login, deliver):  # noqa: F811
    w = sw.w
    stop(login, w.privacy_a, "voortgangsrapportage")
    response = deliver(w.taal_user, "aanwezigheid", [aanwezig(w.traject.id), aanwezig(sw.traject_b2.id)])
    assert response.status_code == 422 and codes(response) == [(2, "traject_beperkt")]
    assert "verwerkingsstop" in response.json["errors"][0]["message"]
    partial = deliver(w.taal_user, "aanwezigheid", [aanwezig(w.traject.id), aanwezig(sw.traject_b2.id)],
                      gedeeltelijk=True)
    assert partial.status_code == 200 and partial.json["stored"] == 1 and partial.json["stored_lines"] == [3]


def test_a_stop_on_voortgangsrapportage_leaves_the_regisseur_alone(sw, login, make):
    w = sw.w
    stop(login, w.privacy_a, "voortgangsrapportage")
    web = login(w.regisseur_a)
    assert web.get(f"/trajecten/{w.traject.id}").status_code == 200
    assert web.get("/trajecten/").status_code == 200
    assert web.get(f"/api/v1/trajecten/{w.traject.id}", headers=bearer(make, w.regisseur_a)).status_code == 200


def test_each_refusal_is_logged_with_the_attempted_action_and_the_chain_stays_whole(sw, login, deliver, runner):  # noqa: F811
    w = sw.w
    stop(login, w.privacy_a, "voortgangsrapportage")
    login(w.taal_user).get(f"/trajecten/{w.traject.id}")
    deliver(w.taal_user, "aanwezigheid", [aanwezig(w.traject.id)])
    refused = weigeringen()
    assert [(e.gebruiker, e.traject_id, e.actie, e.verwerkingsactiviteit, e.gemeente) for e in refused] == [
        (w.taal_user.email, w.traject.id, "lezen", "voortgangsrapportage", w.gemeente_a.code),
        (w.taal_user.email, w.traject.id, "aanleveren", "voortgangsrapportage", w.gemeente_a.code)]
    result = runner.invoke(args=["log", "verify"])
    assert result.exit_code == 0 and "in orde" in result.output


# --- a stop on signalering_regie: the regisseur of that gemeente -------------------------------------------------


def test_a_stop_on_signalering_regie_refuses_every_page_and_call_of_the_regisseur(sw, login, make):
    w = sw.w
    stop(login, w.privacy_a, "signalering_regie", "Onderzoek naar onterechte signalen.")
    web = login(w.regisseur_a)
    for path in ("/trajecten/", f"/trajecten/{w.traject.id}", "/trajecten/nieuw"):
        response = web.get(path)
        assert response.status_code == 423, path
        assert "Onderzoek naar onterechte signalen." in response.get_data(as_text=True)
    headers = bearer(make, w.regisseur_a)
    assert web.get(f"/api/v1/trajecten/{w.traject.id}", headers=headers).status_code == 423
    created = web.post("/api/v1/trajecten", headers=headers,
                       json={"doelgroep": "gezinsmigrant", "leerroute": "z_route", "pip_datum": "2026-01-05"})
    assert created.status_code == 423 and created.json["error"] == "verwerkingsstop"
    assert db.session.scalar(select(Traject).where(Traject.doelgroep == "gezinsmigrant",
                                                   Traject.gemeente_id == w.gemeente_a.id)) is None
    refused = weigeringen()
    assert {(e.traject_id, e.actie) for e in refused} >= {("", "lezen"), (w.traject.id, "lezen"), ("", "wijzigen")}
    assert {e.verwerkingsactiviteit for e in refused} == {"signalering_regie"}


def test_a_stop_on_signalering_regie_does_not_block_the_aanbieders_deliveries_or_other_gemeenten(sw, login, make,
                                                                                                  deliver):  # noqa: F811
    w = sw.w
    stop(login, w.privacy_a, "signalering_regie")
    response = deliver(w.taal_user, "aanwezigheid", [aanwezig(w.traject.id)])
    assert response.status_code == 200, response.json
    assert login(w.taal_user).get(f"/trajecten/{w.traject.id}").status_code == 200
    assert login(w.regisseur_b).get(f"/trajecten/{w.traject_b.id}").status_code == 200


def test_lifting_the_stop_allows_processing_again_and_only_the_privacy_officer_lifts(sw, login, make):
    w = sw.w
    web, s = stop(login, w.privacy_a, "signalering_regie")
    regisseur = login(w.regisseur_a)
    assert regisseur.get(f"/trajecten/{w.traject.id}").status_code == 423
    # The regisseur cannot lift it (wrong role), nor can another gemeente's privacy officer (not hers: 404).
    assert regisseur.post(f"/privacy/verwerkingsstops/{s.id}/opheffen",
                          data={"csrf_token": regisseur.csrf_token}).status_code == 403
    andere = privacy_web(login, make.user("privacy", w.gemeente_b))
    assert andere.post(f"/privacy/verwerkingsstops/{s.id}/opheffen",
                       data={"csrf_token": andere.csrf_token}).status_code == 404
    db.session.refresh(s)
    assert s.actief
    response = web.post(f"/privacy/verwerkingsstops/{s.id}/opheffen",
                        data={"csrf_token": web.csrf_token, "reden": "SZW heeft de oproep ingetrokken."})
    assert response.status_code == 302
    db.session.refresh(s)
    assert not s.actief and s.opgeheven_door == w.privacy_a.email
    assert s.opheffing_reden == "SZW heeft de oproep ingetrokken."
    assert regisseur.get(f"/trajecten/{w.traject.id}").status_code == 200


def test_a_stop_needs_a_reason_and_an_activity_is_halted_once(sw, login):
    w = sw.w
    web = privacy_web(login, w.privacy_a)
    response = web.post("/privacy/verwerkingsstops", data={"csrf_token": web.csrf_token,
                                                           "activiteit": "voortgangsrapportage", "reden": ""})
    assert response.status_code == 422 and "Vul de reden van de verwerkingsstop in." in response.get_data(as_text=True)
    stop(login, w.privacy_a, "voortgangsrapportage")
    again = web.post("/privacy/verwerkingsstops", data={"csrf_token": web.csrf_token,
                                                        "activiteit": "voortgangsrapportage", "reden": "nogmaals"})
    assert again.status_code == 409 and "al stopgezet" in again.get_data(as_text=True)
    refused = web.post("/privacy/verwerkingsstops", data={"csrf_token": web.csrf_token,
                                                          "activiteit": "beheer_accounts", "reden": "x"})
    assert refused.status_code == 422


def test_the_privacy_officer_keeps_her_pages_and_the_log_api_under_a_stop_on_her_own_activity(sw, login, make):
    w = sw.w
    web, _ = stop(login, w.privacy_a, "gegevensbeschermingsverzoeken")
    assert web.get("/privacy/verwerkingsstops").status_code == 200
    assert web.get("/privacy/logboek").status_code == 200
    response = web.get("/api/v1/verwerkingslog", query_string={"traject_id": w.traject.id},
                       headers=bearer(make, w.privacy_a))
    assert response.status_code == 200


@pytest.mark.parametrize("rol", ["regisseur", "aanbieder"])
def test_other_roles_get_403_on_the_stop_pages(sw, login, rol):
    w = sw.w
    web = login(w.regisseur_a if rol == "regisseur" else w.taal_user)
    assert web.get("/privacy/verwerkingsstops").status_code == 403
    response = web.post("/privacy/verwerkingsstops", data={"csrf_token": web.csrf_token,
                                                           "activiteit": "signalering_regie", "reden": "x"})
    assert response.status_code == 403
    assert db.session.scalar(select(Verwerkingsstop)) is None


# --- the report of what was processed under the activity --------------------------------------------------------


def _at(monkeypatch, moment: datetime):
    monkeypatch.setattr(verwerkingslog, "utcnow", lambda: moment)


def test_the_report_lists_every_trajectory_and_organisation_processed_under_the_activity_in_the_period(
        sw, login, make, monkeypatch, runner):
    w = sw.w
    extra = make.traject(w.regisseur_a)
    make.toewijzing(w.regisseur_a, extra, w.taal_aanbieder, "taal")
    a = w.gemeente_a.code
    vr = Activiteit.voortgangsrapportage
    _at(monkeypatch, datetime(2026, 3, 10, 9, 0))   # before the period
    verwerkingslog.record(w.map_user, Actie.lezen, vr, [(w.traject.id, a)])
    _at(monkeypatch, datetime(2026, 4, 1, 8, 0))    # 10:00 in Amsterdam on the first day of the period
    verwerkingslog.record(w.taal_user, Actie.aanleveren, vr, [(w.traject.id, a), (extra.id, a)])
    _at(monkeypatch, datetime(2026, 5, 20, 12, 0))
    verwerkingslog.record(w.taal_user, Actie.lezen, vr, [(w.traject.id, a)])
    verwerkingslog.record(w.map_user, Actie.lezen, vr, [(w.traject.id, a)])
    verwerkingslog.record(w.regisseur_a, Actie.lezen, Activiteit.signalering_regie, [(w.traject.id, a)])  # other act.
    verwerkingslog.record(w.taal_user, Actie.lezen, vr, [(sw.traject_b2.id, w.gemeente_b.code)])  # other gemeente
    verwerkingslog.record(w.taal_user, Actie.aanleveren, vr, [(extra.id, a)], toelichting=WEIGERING)  # a refusal
    _at(monkeypatch, datetime(2026, 6, 14, 22, 30))  # 00:30 on 15 June in Amsterdam: after the period
    verwerkingslog.record(w.map_user, Actie.lezen, vr, [(extra.id, a)])
    db.session.commit()
    monkeypatch.undo()

    web, s = stop(login, w.privacy_a, "voortgangsrapportage")
    response = web.get(f"/privacy/verwerkingsstops/{s.id}/rapport", query_string={"van": "2026-04-01",
                                                                                  "tot": "2026-06-14"})
    page = " ".join(response.get_data(as_text=True).split())
    assert response.status_code == 200
    assert "2 trajecten door 2 organisaties verwerkt van 01-04-2026 t/m 14-06-2026" in page

    rapport = services.rapport(w.privacy_a, s, datetime(2026, 4, 1).date(), datetime(2026, 6, 14).date())
    assert [(v.traject_id, v.organisatie, v.acties, v.aantal) for v in rapport.verwerkingen] == sorted([
        (w.traject.id, w.taal_aanbieder.code, ["aanleveren", "lezen"], 2),
        (w.traject.id, w.map_aanbieder.code, ["lezen"], 1),
        (extra.id, w.taal_aanbieder.code, ["aanleveren"], 1)])
    assert {(o.organisatie, o.trajecten, o.verwerkingen) for o in rapport.organisaties} == {
        (w.taal_aanbieder.code, 2, 3), (w.map_aanbieder.code, 1, 1)}

    export = web.get(f"/privacy/verwerkingsstops/{s.id}/rapport.csv", query_string={"van": "2026-04-01",
                                                                                   "tot": "2026-06-14"})
    assert export.status_code == 200 and export.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(export.get_data().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["traject_id", "organisatie", "organisatie_naam", "acties", "aantal", "eerste", "laatste"]
    assert len(rows) == 4 and {r[0] for r in rows[1:]} == {w.traject.id, extra.id}
    first = next(r for r in rows[1:] if r[0] == extra.id)
    assert first[5] == "01-04-2026 10:00"  # local time


def test_the_report_of_another_gemeentes_stop_is_404(sw, login, make):
    w = sw.w
    _, s = stop(login, w.privacy_a, "voortgangsrapportage")
    andere = privacy_web(login, make.user("privacy", w.gemeente_b))
    assert andere.get(f"/privacy/verwerkingsstops/{s.id}/rapport").status_code == 404
    assert andere.get(f"/privacy/verwerkingsstops/{s.id}/rapport.csv").status_code == 404
    assert w.gemeente_a.naam not in andere.get("/privacy/verwerkingsstops").get_data(as_text=True)


def test_the_stop_page_lists_the_stop_and_its_reason(sw, login):
    w = sw.w
    web, s = stop(login, w.privacy_a, "voortgangsrapportage", "Bericht van Divosa")
    page = web.get("/privacy/verwerkingsstops").get_data(as_text=True)
    assert "Stopgezet: Voortgangsrapportage" in page and "Bericht van Divosa" in page
    assert f"/privacy/verwerkingsstops/{s.id}/opheffen" in page
