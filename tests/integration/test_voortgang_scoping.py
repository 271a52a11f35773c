"""Another gemeente never sees a caseload row, a signal, an export line or a trajectory page of this one; only a
regisseur uses the voortgang pages and API; thresholds are per gemeente."""
import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import DuoRegistratie, LogEntry
from tests.helpers.api import bearer
from tests.helpers.voortgang import lever, nieuw_traject, periode, toewijzen


@pytest.fixture
def buren(make, regie):
    """A second gemeente with its own regisseur and one trajectory, served by the same taal aanbieder."""
    gemeente = make.gemeente(naam="Gemeente Buurdorp")
    regisseur = make.user("regisseur", gemeente)
    make.vo(regie.taal, gemeente)
    traject = nieuw_traject(regisseur, date(2025, 1, 6), None)
    toewijzen(regisseur, traject, regie.taal, "taal", date(2025, 7, 1))
    lever(regie.docent, "aanwezigheid", [periode(traject.id, "2026-05-01", "2026-05-31", ongeoorloofd=20, keer=5)])
    return regisseur, traject


def _ids(zeven) -> set[str]:
    return {t.id for t in vars(zeven).values()}


def test_another_gemeente_sees_only_its_own_caseload_signals_and_exports(client, login, make, regie, zeven, buren):
    regisseur_b, traject_b = buren
    web = login(regisseur_b)
    theirs = _ids(zeven)
    for url in ("/voortgang/", "/voortgang/?signaal=alle", f"/voortgang/?aanbieder={regie.mappvt.id}",
                "/voortgang/export.csv", "/voortgang/instellingen"):
        body = web.get(url).get_data(as_text=True)
        assert not any(t in body for t in theirs), url
    searched = web.get(f"/voortgang/?zoek={zeven.duo.id}").get_data(as_text=True)  # the search box echoes the term
    assert "0 trajecten gevonden" in searched and "data-traject=" not in searched
    assert traject_b.id in web.get("/voortgang/").get_data(as_text=True)
    book = openpyxl.load_workbook(io.BytesIO(web.get("/voortgang/export.xlsx").data))
    cells = {str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row}
    assert not cells & theirs and traject_b.id in cells
    signals = client.get("/api/v1/signalen", headers=bearer(make.token(regisseur_b))).json
    assert {s["traject_id"] for s in signals} == {traject_b.id}
    mine = client.get("/api/v1/signalen", headers=bearer(make.token(regie.regisseur))).json
    assert traject_b.id not in {s["traject_id"] for s in mine}


def test_trajectory_specific_voortgang_answers_404_to_another_gemeente(client, login, make, regie, zeven, buren):
    regisseur_b, _ = buren
    web, headers = login(regisseur_b), bearer(make.token(regisseur_b))
    for traject in vars(zeven).values():
        assert web.get(f"/trajecten/{traject.id}").status_code == 404
        assert client.get(f"/api/v1/trajecten/{traject.id}/voortgang", headers=headers).status_code == 404
    assert client.post(f"/api/v1/trajecten/{zeven.duo.id}/duo-registratie", json={"onderdeel": "map"},
                       headers=headers).status_code == 404
    page = web.post(f"/voortgang/trajecten/{zeven.duo.id}/duo-registratie/map",
                    data={"csrf_token": web.csrf_token, "duo-map-datum": "2026-06-12"})
    assert page.status_code == 404 and zeven.duo.id not in page.get_data(as_text=True)
    missing = client.get("/api/v1/trajecten/ZZZZ-ZZZZ-Z/voortgang", headers=headers)
    foreign = client.get(f"/api/v1/trajecten/{zeven.duo.id}/voortgang", headers=headers)
    assert (missing.status_code, missing.json) == (foreign.status_code, foreign.json)
    assert db.session.scalar(select(func.count()).select_from(DuoRegistratie)) == 0
    assert not db.session.scalar(select(func.count()).select_from(LogEntry).where(
        LogEntry.traject_id.in_(_ids(zeven)), LogEntry.gebruiker == regisseur_b.email))


@pytest.mark.parametrize("rol", ["aanbieder", "privacy", "beheerder"])
def test_only_a_regisseur_uses_voortgang(client, login, make, regie, zeven, rol):
    user = {"aanbieder": regie.docent, "privacy": None, "beheerder": None}[rol] or make.user(rol, regie.gemeente)
    web, headers = login(user), bearer(make.token(user))
    for url in ("/voortgang/", "/voortgang/instellingen", "/voortgang/export.xlsx", "/voortgang/export.csv"):
        assert web.get(url).status_code == 403, url
    assert web.post(f"/voortgang/trajecten/{zeven.duo.id}/duo-registratie/map",
                    data={"csrf_token": web.csrf_token}).status_code == 403
    assert client.get("/api/v1/signalen", headers=headers).status_code == 403
    assert client.get(f"/api/v1/trajecten/{zeven.verzuim.id}/voortgang", headers=headers).status_code == 403
    assert client.post(f"/api/v1/trajecten/{zeven.duo.id}/duo-registratie", json={"onderdeel": "map"},
                       headers=headers).status_code == 403
    nav = web.get("/").get_data(as_text=True) if rol != "beheerder" else ""
    assert ">Voortgang<" not in nav


def test_the_nav_shows_voortgang_and_instellingen_to_a_regisseur(login, regie):
    page = login(regie.regisseur).get("/trajecten/").get_data(as_text=True)
    assert 'href="/voortgang/">Voortgang<' in page and 'href="/voortgang/instellingen">Instellingen<' in page


def test_thresholds_of_one_gemeente_do_not_change_another_s_signals(client, login, make, regie, zeven, buren):
    regisseur_b, _ = buren
    web = login(regisseur_b)
    values = {"verzuim_percentage": "10", "verzuim_weken": "4", "verzuim_aantal_keer": "3",
              "vertraagde_start_maanden": "3", "afschalen_uren": "2000", "geen_aanlevering_weken": "5",
              "leerroute_wissel_weken": "8", "termijn_maanden": "6", "termijn_percentage": "50"}
    assert web.post("/voortgang/instellingen", data={**values, "csrf_token": web.csrf_token}).status_code == 302
    mine = client.get("/api/v1/signalen?type=afschalen_mogelijk", headers=bearer(make.token(regie.regisseur))).json
    assert [s["traject_id"] for s in mine] == [zeven.afschalen.id]
