"""Voortgang for the regisseur: every signal from real deliveries (raised on its day, not one before, closed when its
cause is gone or the regisseur acted), DUO registration by page and API, thresholds per gemeente, the caseload's
filters, sorting, paging and logged reads, totals that agree on page, API and exports, and the exports themselves.
The clock is frozen on 15-06-2026 (PORTAL_TODAY)."""
import csv
import io
import json
import re
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from portal import access
from portal.extensions import db
from portal.models import Aanwezigheid, DuoRegistratie, LogEntry, User
from portal.models.voortgang import TrajectUren
from portal.trajecten import overzicht
from portal.voortgang import signalen, uren
from portal.voortgang.services import instellingen_voor
from tests.helpers.api import bearer
from tests.helpers.voortgang import (
    lever,
    nieuw_traject,
    periode,
    toewijzen,
)

VANDAAG = date(2026, 6, 15)


# --- building the data through the services: tests/helpers/voortgang.py --------------------------------------------


def open_signalen(user: User, dag: date) -> list[dict]:
    """The engine's answer for the user's scope on `dag` (the same call the pages and the API make)."""
    return signalen.als_json(signalen.bereken(access.visible_trajecten(user), dag,
                                              instellingen_voor(user.organisatie_id)))


def _set(signals: list[dict]) -> set[tuple]:
    return {(s["type"], s["traject_id"], s["onderdeel"], s["datum"], s["deadline"], s["te_laat"]) for s in signals}


# --- every signal, raised on its day ----------------------------------------------------------------------------------


def test_every_signal_of_design_md_is_raised_by_its_rule_and_served_by_the_api(client, regie, zeven, make):
    z = zeven
    response = client.get("/api/v1/signalen", headers=bearer(make.token(regie.regisseur)))
    assert response.status_code == 200
    assert _set(response.json) == {
        ("ongeoorloofd_verzuim", z.verzuim.id, "taal", "2026-05-31", None, False),
        ("duo_registratie", z.duo.id, "map", "2026-06-01", "2026-06-15", False),
        ("vertraagde_start", z.start.id, None, "2026-04-06", "2026-04-05", True),
        ("afschalen_mogelijk", z.afschalen.id, "taal", "2026-05-28", None, False),
        ("geen_aanlevering", z.geen.id, "pvt", "2026-05-05", None, False),
        ("leerroute_wissel", z.wissel.id, None, "2026-05-11", "2026-07-06", False),
        # the termijn ends 10-07-2026 (exclusive): its last day is the deadline; from 2 months before it DUO will
        # ask whether MAP and PVT not afgerond are verwijtbaar
        ("termijn_in_gevaar", z.termijn.id, "taal", "2026-01-10", "2026-07-09", False),
        ("map_pvt_niet_afgerond", z.termijn.id, "map", "2026-05-10", "2026-07-09", False),
        ("map_pvt_niet_afgerond", z.termijn.id, "pvt", "2026-05-10", "2026-07-09", False),
    }
    assert [s["type"] for s in response.json][:3] == ["vertraagde_start", "duo_registratie", "leerroute_wissel"]
    only = client.get("/api/v1/signalen?type=duo_registratie", headers=bearer(make.token(regie.regisseur))).json
    assert [s["traject_id"] for s in only] == [z.duo.id]
    assert client.get("/api/v1/signalen?type=onzin",
                      headers=bearer(make.token(regie.regisseur))).status_code == 400


@pytest.mark.parametrize(("naam", "eerste_dag"), [
    ("duo", date(2026, 6, 1)),        # the afronding's day
    ("start", date(2026, 4, 6)),      # PIP 05-01-2026 + 3 months, the day after
    ("geen", date(2026, 5, 5)),       # last period ends 31-03-2026, + 5 weeks
    ("wissel", date(2026, 5, 11)),    # the 18-month window closes 06-07-2026, minus 8 weeks
    ("termijn", date(2026, 1, 10)),   # the termijn ends 10-07-2026, minus 6 months
])
def test_a_date_driven_signal_is_raised_on_its_first_day_and_not_one_day_before(regie, zeven, naam, eerste_dag):
    traject = getattr(zeven, naam)
    before = [s for s in open_signalen(regie.regisseur, date.fromordinal(eerste_dag.toordinal() - 1))
              if s["traject_id"] == traject.id]
    on = [s for s in open_signalen(regie.regisseur, eerste_dag) if s["traject_id"] == traject.id]
    assert before == [] and len(on) == 1 and on[0]["datum"] == eerste_dag.isoformat()


def test_the_frozen_clock_of_the_app_decides_the_day(app, client, regie, zeven, make, monkeypatch):
    headers = bearer(make.token(regie.regisseur))
    monkeypatch.setitem(app.config, "PORTAL_TODAY", "2026-05-10")
    assert zeven.wissel.id not in {s["traject_id"] for s in client.get("/api/v1/signalen", headers=headers).json}
    monkeypatch.setitem(app.config, "PORTAL_TODAY", "2026-05-11")
    assert zeven.wissel.id in {s["traject_id"] for s in client.get("/api/v1/signalen", headers=headers).json}


def test_duo_registratie_is_late_only_after_its_tenth_werkdag(regie, zeven):
    on_deadline = [s for s in open_signalen(regie.regisseur, date(2026, 6, 15)) if s["type"] == "duo_registratie"]
    after = [s for s in open_signalen(regie.regisseur, date(2026, 6, 16)) if s["type"] == "duo_registratie"]
    assert on_deadline[0]["te_laat"] is False and after[0]["te_laat"] is True


def test_the_verzuim_window_takes_periods_that_end_in_the_last_four_weeks(regie):
    r = regie
    binnen, buiten = (nieuw_traject(r.regisseur, date(2025, 6, 2), date(2025, 6, 20)) for _ in range(2))
    for traject in (binnen, buiten):
        toewijzen(r.regisseur, traject, r.taal, "taal", date(2025, 7, 1))
    lever(r.docent, "aanwezigheid", [periode(binnen.id, "2026-05-12", "2026-05-19", ongeoorloofd=4),
                                     periode(buiten.id, "2026-05-11", "2026-05-18", ongeoorloofd=4)])
    ids = {s["traject_id"] for s in open_signalen(r.regisseur, VANDAAG) if s["type"] == "ongeoorloofd_verzuim"}
    assert ids == {binnen.id}  # the window is 19-05-2026 up to and including 15-06-2026


# --- closing ----------------------------------------------------------------------------------------------------------


def test_data_driven_signals_close_when_the_cause_is_gone(regie, zeven):
    r, z = regie, zeven
    lever(r.docent, "aanwezigheid", [
        periode(z.verzuim.id, "2026-05-01", "2026-05-31", gepland=40, ongeoorloofd=0),  # a correction
        periode(z.afschalen.id, "2026-05-01", "2026-05-28", gepland=150, aanwezig=100, geoorloofd=50),
        periode(z.termijn.id, "2026-04-01", "2026-04-30", gepland=400),
    ])
    lever(r.coach, "aanwezigheid", [periode(z.geen.id, "2026-05-11", "2026-06-10", gepland=4, onderdeel="pvt")])
    types = {(s["type"], s["traject_id"]) for s in open_signalen(r.regisseur, VANDAAG)}
    for gone in (("ongeoorloofd_verzuim", z.verzuim.id), ("afschalen_mogelijk", z.afschalen.id),
                 ("termijn_in_gevaar", z.termijn.id), ("geen_aanlevering", z.geen.id)):
        assert gone not in types


def test_vertraagde_start_closes_once_the_aanbod_is_there_and_signals_stop_with_the_trajectory(regie, zeven):
    zeven.start.datum_aanbod = date(2026, 6, 1)
    zeven.wissel.status = "afgerond"
    db.session.commit()
    types = {(s["type"], s["traject_id"]) for s in open_signalen(regie.regisseur, VANDAAG)}
    assert ("vertraagde_start", zeven.start.id) not in types
    assert ("leerroute_wissel", zeven.wissel.id) not in types


def test_the_regisseur_marks_a_duo_registration_on_the_trajectory_page_and_the_signal_closes(login, regie, zeven):
    web = login(regie.regisseur)
    page = web.get(f"/trajecten/{zeven.duo.id}").get_data(as_text=True)
    assert "DUO-registratie MAP vastleggen" in page and 'name="duo-map-datum"' in page
    response = web.post(f"/voortgang/trajecten/{zeven.duo.id}/duo-registratie/map",
                        data={"csrf_token": web.csrf_token, "duo-map-datum": "2026-06-12"})
    assert response.status_code == 303
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "De DUO-registratie van MAP is vastgelegd" in page
    assert "geregistreerd in het DUO-portaal op 12-06-2026" in page
    assert "DUO-registratie MAP vastleggen" not in page
    assert not [s for s in open_signalen(regie.regisseur, VANDAAG) if s["type"] == "duo_registratie"]
    entry = db.session.scalars(select(LogEntry).where(LogEntry.traject_id == zeven.duo.id, LogEntry.actie == "wijzigen")
                               .order_by(LogEntry.id.desc())).first()
    assert entry.verwerkingsactiviteit == "signalering_regie" and entry.toelichting == "DUO-registratie map vastgelegd"


def test_a_second_or_wrong_duo_registration_on_the_page_is_refused_with_a_message(login, regie, zeven):
    web = login(regie.regisseur)
    url = f"/voortgang/trajecten/{zeven.duo.id}/duo-registratie"
    web.post(f"{url}/map", data={"csrf_token": web.csrf_token, "duo-map-datum": "2026-06-12"})
    again = web.post(f"{url}/map", data={"csrf_token": web.csrf_token, "duo-map-datum": "2026-06-12"},
                     follow_redirects=True)
    assert "al vastgelegd" in again.get_data(as_text=True)
    pvt = web.post(f"{url}/pvt", data={"csrf_token": web.csrf_token, "duo-pvt-datum": "2026-06-12"},
                   follow_redirects=True)
    assert "niet als afgerond geleverd" in pvt.get_data(as_text=True)
    assert web.post(f"{url}/taal", data={"csrf_token": web.csrf_token}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(DuoRegistratie)) == 1


def test_the_duo_registration_api(client, regie, zeven, make):
    headers = bearer(make.token(regie.regisseur))
    url = f"/api/v1/trajecten/{zeven.duo.id}/duo-registratie"
    assert client.post(url, json={"onderdeel": "taal"}, headers=headers).json["error"] == "onderdeel_ongeldig"
    assert client.post(url, json={"onderdeel": "pvt"}, headers=headers).status_code == 409
    assert client.post(url, json={"onderdeel": "map", "datum": "2026-06-16"},
                       headers=headers).json["error"] == "datum_in_toekomst"
    assert client.post(url, json={"onderdeel": "map", "datum": "2026-05-31"},
                       headers=headers).json["error"] == "datum_voor_afronding"
    assert client.post(url, json={"datum": "2026-06-12"}, headers=headers).status_code == 422
    created = client.post(url, json={"onderdeel": "map"}, headers=headers)
    assert created.status_code == 201
    assert created.json == {"traject_id": zeven.duo.id, "onderdeel": "map", "datum": "2026-06-15",
                            "door": regie.regisseur.email, "waarde_datum": "2026-06-01", "verwijtbaar": None}
    assert client.post(url, json={"onderdeel": "map"}, headers=headers).json["error"] == "al_geregistreerd"
    voortgang = client.get(f"/api/v1/trajecten/{zeven.duo.id}/voortgang", headers=headers).json
    assert voortgang["afrondingen"][0]["duo_geregistreerd"] == "2026-06-15"
    assert not [s for s in voortgang["signalen"] if s["type"] == "duo_registratie"]


# --- thresholds -------------------------------------------------------------------------------------------------------


def test_the_regisseur_sets_the_gemeente_thresholds_and_the_signals_follow(login, regie, zeven):
    web = login(regie.regisseur)
    page = web.get("/voortgang/instellingen").get_data(as_text=True)
    assert 'name="afschalen_uren"' in page and 'value="600"' in page and "standaardwaarden" in page
    values = {name: str(v) for name, v in instellingen_voor(regie.gemeente.id).waarden().items()}
    refused = web.post("/voortgang/instellingen", data={**values, "afschalen_uren": "0", "csrf_token": web.csrf_token})
    assert refused.status_code == 422 and "van 600 tot en met 2000" in refused.get_data(as_text=True)
    # looser than the law (600 hours, 3 months) is refused; stricter is the gemeente's choice
    for name, looser in (("afschalen_uren", "599"), ("vertraagde_start_maanden", "4")):
        refused = web.post("/voortgang/instellingen", data={**values, name: looser, "csrf_token": web.csrf_token})
        assert refused.status_code == 422
    saved = web.post("/voortgang/instellingen", data={**values, "afschalen_uren": "700", "verzuim_percentage": "20",
                                                      "csrf_token": web.csrf_token}, follow_redirects=True)
    assert "De instellingen zijn opgeslagen" in saved.get_data(as_text=True)
    assert "B1-route met examenniveau B1 en 700 of meer taaluren" in saved.get_data(as_text=True)
    types = {(s["type"], s["traject_id"]) for s in open_signalen(regie.regisseur, VANDAAG)}
    assert ("afschalen_mogelijk", zeven.afschalen.id) not in types  # 600 hours, threshold now 700
    assert ("ongeoorloofd_verzuim", zeven.verzuim.id) in types     # still 3 absences in a month


def test_the_trajectory_page_explains_and_finds_its_signals_with_the_gemeente_s_own_thresholds(login, regie, zeven):
    web = login(regie.regisseur)

    def signalen_en_regels(html: str) -> tuple[str, str]:
        sectie = html.split('id="signalen"', 1)[1].split("</section>", 1)[0]
        return sectie.split("<details>", 1)[0], sectie.split("<details>", 1)[1]
    signalen, regels = signalen_en_regels(web.get(f"/trajecten/{zeven.afschalen.id}").get_data(as_text=True))
    assert "Afschalen mogelijk" in signalen and "en 600 of meer taaluren" in regels
    values = {name: str(v) for name, v in instellingen_voor(regie.gemeente.id).waarden().items()}
    web.post("/voortgang/instellingen", data={**values, "afschalen_uren": "700", "csrf_token": web.csrf_token})
    signalen, regels = signalen_en_regels(web.get(f"/trajecten/{zeven.afschalen.id}").get_data(as_text=True))
    assert "Afschalen mogelijk" not in signalen and "en 700 of meer taaluren" in regels


# --- the caseload page ------------------------------------------------------------------------------------------------


def _rij(html: str, traject_id: str) -> list[str]:
    """The cells of a trajectory's caseload row as text."""
    row = re.search(rf'<tr class="utrecht-table__row" data-traject="{traject_id}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]


def _ids(html: str) -> list[str]:
    return re.findall(r'data-traject="([^"]+)"', html)


def test_the_caseload_shows_every_trajectory_with_hours_aanbieders_and_signals_urgent_first(login, regie, zeven):
    html = login(regie.regisseur).get("/voortgang/").get_data(as_text=True)
    z = zeven
    assert _ids(html)[:3] == [z.start.id, z.duo.id, z.wissel.id]  # deadlines 05-04, 15-06, 06-07
    assert set(_ids(html)) == {t.id for t in vars(z).values()}
    cells = _rij(html, z.verzuim.id)
    assert cells[1:3] == ["—", "Ongeoorloofd verzuim (Taal)"]
    assert cells[3:5] == ["B1-route Asielstatushouder", "Taalhuis Noord (taal)"]
    assert cells[5:8] == ["40", "34", "0 / 6"]
    assert cells[8] == "34 van 800 (4 %)"
    assert _rij(html, z.start.id)[1:3] == ["05-04-2026 te laat", "Vertraagde start"]
    assert _rij(html, z.duo.id)[1:3] == ["15-06-2026", "DUO-registratie (MAP)"]
    assert 'utrecht-status-badge--error">Vertraagde start' in html
    assert "7 trajecten gevonden; 7 met een open signaal, waarvan 1 met een verlopen deadline." in html


def test_the_caseload_filters_searches_sorts_and_pages(app, login, regie, zeven, monkeypatch):
    web, z = login(regie.regisseur), zeven
    assert _ids(web.get("/voortgang/?signaal=geen_aanlevering").get_data(as_text=True)) == [z.geen.id]
    assert _ids(web.get("/voortgang/?signaal=te_laat").get_data(as_text=True)) == [z.start.id]
    assert set(_ids(web.get("/voortgang/?leerroute=z_route").get_data(as_text=True))) == {z.duo.id, z.wissel.id}
    assert set(_ids(web.get(f"/voortgang/?aanbieder={regie.mappvt.id}").get_data(as_text=True))) == {z.duo.id,
                                                                                                   z.geen.id}
    assert _ids(web.get(f"/voortgang/?zoek={z.termijn.id[:6].lower()}").get_data(as_text=True)) == [z.termijn.id]
    assert _ids(web.get("/voortgang/?status=afgerond").get_data(as_text=True)) == []
    by_hours = _ids(web.get("/voortgang/?sorteer=aanwezig&richting=af").get_data(as_text=True))
    assert by_hours[0] == z.afschalen.id
    page = web.get("/voortgang/?sorteer=aanwezig&richting=af").get_data(as_text=True)
    assert 'aria-sort="descending"' in page
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    first, third = (web.get(f"/voortgang/?pagina={n}").get_data(as_text=True) for n in (1, 3))
    assert _ids(first) == [z.start.id, z.duo.id, z.wissel.id] and len(_ids(third)) == 1
    assert 'aria-label="Pagina 3"' in first


def test_the_caseload_logs_a_read_of_exactly_the_trajectories_shown(app, login, regie, zeven, monkeypatch):
    web = login(regie.regisseur)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    before = db.session.scalar(select(func.max(LogEntry.id))) or 0
    web.get("/voortgang/")
    logged = db.session.execute(select(LogEntry.traject_id, LogEntry.actie, LogEntry.verwerkingsactiviteit)
                                .where(LogEntry.id > before)).all()
    assert sorted(logged) == sorted([(zeven.start.id, "lezen", "signalering_regie"),
                                     (zeven.duo.id, "lezen", "signalering_regie")])


# --- totals agree everywhere ------------------------------------------------------------------------------------------


def test_totals_on_page_api_and_exports_agree_with_the_deliveries_after_corrections(client, login, regie, make):
    r = regie
    traject = nieuw_traject(r.regisseur, date(2025, 6, 2), date(2025, 6, 20))
    toewijzen(r.regisseur, traject, r.taal, "taal", date(2025, 7, 1))
    toewijzen(r.regisseur, traject, r.mappvt, "map", date(2025, 7, 1))
    lever(r.docent, "aanwezigheid", [periode(traject.id, "2026-03-01", "2026-03-31", gepland=40, geoorloofd=2.5),
                                     periode(traject.id, "2026-04-01", "2026-04-30", gepland=40, ongeoorloofd=4)])
    lever(r.coach, "aanwezigheid", [periode(traject.id, "2026-04-01", "2026-04-30", gepland=6, onderdeel="map")])
    web = login(r.regisseur)
    web.get("/voortgang/")  # counted once before the correction
    lever(r.docent, "aanwezigheid", [periode(traject.id, "2026-04-01", "2026-04-30", gepland=40, aanwezig=31.25,
                                             ongeoorloofd=8.75, keer=2)])
    source = db.session.execute(select(func.sum(Aanwezigheid.uren_gepland), func.sum(Aanwezigheid.uren_aanwezig),
                                       func.sum(Aanwezigheid.uren_verzuim_geoorloofd),
                                       func.sum(Aanwezigheid.uren_verzuim_ongeoorloofd))
                                .where(Aanwezigheid.traject_id == traject.id)).one()
    assert [float(x) for x in source] == [86.0, 74.75, 2.5, 8.75]

    cells = _rij(web.get("/voortgang/").get_data(as_text=True), traject.id)
    assert cells[5:8] == ["86", "74,75", "2,5 / 8,75"] and cells[8].startswith("68,75 van 800")

    api = client.get(f"/api/v1/trajecten/{traject.id}/voortgang", headers=bearer(make.token(r.regisseur))).json
    per = {t["onderdeel"]: t for t in api["totalen"]}
    assert (per["taal"]["uren_gepland"] + per["map"]["uren_gepland"], per["taal"]["uren_aanwezig"]
            + per["map"]["uren_aanwezig"]) == (86.0, 74.75)
    assert api["taaluren_aanwezig"] == 68.75 and per["taal"]["perioden"] == 2

    book = openpyxl.load_workbook(io.BytesIO(web.get("/voortgang/export.xlsx").data))
    sheet = book["Trajecten"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == traject.id)
    values = dict(zip(header, row, strict=True))
    assert (values["Uren gepland"], values["Uren aanwezig"], values["Verzuim geoorloofd (uur)"],
            values["Verzuim ongeoorloofd (uur)"], values["Taaluren aanwezig"]) == (86, 74.75, 2.5, 8.75, 68.75)

    rows = list(csv.DictReader(io.StringIO(web.get("/voortgang/export.csv").data.decode("utf-8-sig")), delimiter=";"))
    line = next(x for x in rows if x["Traject-ID"] == traject.id)
    assert (line["Uren gepland"], line["Uren aanwezig"], line["Verzuim ongeoorloofd (uur)"]) == ("86", "74,75", "8,75")
    assert line["Aanbieders"] == "Taalhuis Noord (taal); MAP-bureau (map)"


def test_traject_uren_equals_the_sums_over_the_deliveries_whatever_the_order_of_deliveries(regie):
    r = regie
    trajects = [nieuw_traject(r.regisseur, date(2025, 6, 2), date(2025, 6, 20)) for _ in range(3)]
    for t in trajects:
        toewijzen(r.regisseur, t, r.taal, "taal", date(2025, 7, 1))
    lever(r.docent, "aanwezigheid", [periode(t.id, "2026-01-01", "2026-01-31", gepland=10 + i)
                                     for i, t in enumerate(trajects)])
    uren.bijwerken()
    lever(r.docent, "aanwezigheid", [periode(trajects[0].id, "2026-01-01", "2026-01-31", gepland=20, ongeoorloofd=5),
                                     periode(trajects[1].id, "2026-02-01", "2026-02-28", gepland=8)])
    lever(r.docent, "aanwezigheid", [periode(trajects[1].id, "2026-02-01", "2026-02-28", gepland=8)])  # unchanged
    uren.bijwerken()
    db.session.commit()
    a, u = Aanwezigheid, TrajectUren
    expected = set(db.session.execute(
        select(a.traject_id, func.count(), func.sum(a.uren_gepland), func.sum(a.uren_verzuim_ongeoorloofd))
        .where(a.traject_id.in_([t.id for t in trajects])).group_by(a.traject_id)).all())
    kept = set(db.session.execute(select(u.traject_id, u.perioden, u.uren_gepland, u.uren_verzuim_ongeoorloofd)
                                  .where(u.traject_id.in_([t.id for t in trajects]))).all())
    def plain(rows):
        return {(t, n, float(g), float(o)) for t, n, g, o in rows}
    assert plain(expected) == plain(kept)
    assert uren.bijwerken() == 0  # nothing left to count


# --- exports ----------------------------------------------------------------------------------------------------------


def test_the_xlsx_export_has_a_summary_with_a_chart_the_trajectories_and_the_signals_typed(login, regie, zeven):
    response = login(regie.regisseur).get("/voortgang/export.xlsx?signaal=alle")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="voortgang-')
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Samenvatting", "Trajecten", "Signalen"]
    summary = {row[0]: row[1] for row in book["Samenvatting"].iter_rows(values_only=True) if row[0]}
    assert summary["Peildatum"].date() == VANDAAG and summary["Trajecten"] == 7
    assert summary["Filters"] == "Signaal: Met een open signaal"
    assert summary["Vertraagde start"] == 1 and summary["DUO-registratie"] == 1
    assert len(book["Samenvatting"]._charts) == 1
    trajects = book["Trajecten"]
    header = [c.value for c in trajects[1]]
    start = next(r for r in trajects.iter_rows(min_row=2) if r[0].value == zeven.start.id)
    cell = dict(zip(header, start, strict=True))
    assert cell["PIP-datum"].is_date and cell["PIP-datum"].value.date() == date(2026, 1, 5)
    assert cell["Eerste deadline"].value.date() == date(2026, 4, 5)
    assert cell["Intensiteit (uur)"].data_type == "n" and cell["Open signalen"].value == "Vertraagde start"
    signals = list(book["Signalen"].iter_rows(min_row=2, values_only=True))
    assert len(signals) == 9  # the seven of design.md, and MAP and PVT not afgerond of the termijn trajectory
    duo = next(s for s in signals if s[2] == "duo_registratie")
    assert duo[0] == zeven.duo.id and duo[4].date() == date(2026, 6, 1) and duo[5].date() == date(2026, 6, 15)
    assert duo[6] == "nee" and duo[7].startswith("MAP afgerond op 01-06-2026")


def test_exports_never_turn_a_name_into_a_formula(login, regie, make):
    boos = make.aanbieder(["taal"], naam='=HYPERLINK("http://x.example","klik")')
    make.vo(boos, regie.gemeente)
    traject = nieuw_traject(regie.regisseur, date(2025, 6, 2), date(2025, 6, 20))
    toewijzen(regie.regisseur, traject, boos, "taal", date(2025, 7, 1))
    web = login(regie.regisseur)
    book = openpyxl.load_workbook(io.BytesIO(web.get("/voortgang/export.xlsx").data))
    cell = next(r for r in book["Trajecten"].iter_rows(min_row=2) if r[0].value == traject.id)[4]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # a string, never a formula
    csv = web.get("/voortgang/export.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and csv.startswith("Traject-ID;")
    assert web.get("/voortgang/export.csv").data.startswith("\ufeff".encode())


def test_every_export_logs_each_exported_trajectory(login, regie, zeven):
    web = login(regie.regisseur)
    for formaat, expected in (("xlsx", {t.id for t in vars(zeven).values()}), ("csv", {zeven.geen.id})):
        before = db.session.scalar(select(func.max(LogEntry.id)))
        query = "" if formaat == "xlsx" else "?signaal=geen_aanlevering"
        assert web.get(f"/voortgang/export.{formaat}{query}").status_code == 200
        logged = db.session.execute(select(LogEntry.traject_id, LogEntry.actie, LogEntry.verwerkingsactiviteit)
                                    .where(LogEntry.id > before)).all()
        assert {t for t, _, _ in logged} == expected
        assert {(a, v) for _, a, v in logged} == {("exporteren", "signalering_regie")}


# --- the trajectory page ----------------------------------------------------------------------------------------------


def test_the_trajectory_page_has_chart_data_tables_and_the_signals_with_rule_and_deadline(login, regie, zeven):
    html = login(regie.regisseur).get(f"/trajecten/{zeven.verzuim.id}").get_data(as_text=True)
    data = re.search(r'<script type="application/json" id="grafiek-data">(.*?)</script>', html, re.S).group(1)
    charts = json.loads(data)
    assert charts["taaluren"] == {"labels": ["mei 2026"], "aanwezig": [34.0], "intensiteit": 800}
    assert charts["verzuim"] == {"labels": ["mei 2026"], "geoorloofd": [0.0], "ongeoorloofd": [6.0]}
    for name in ("taaluren", "verzuim"):
        assert f'data-grafiek="{name}"' in html
    assert "Tabel bij deze grafiek" in html and "<script>" not in html and "onclick" not in html
    assert 'src="/static/vendor/chartjs/chart.umd.js"' in html and 'src="/static/js/charts.js"' in html
    signalen_html = html[html.index('id="signalen"'):html.index("Toewijzingen</h2>")]
    assert 'utrecht-status-badge--warning">Ongeoorloofd verzuim<' in signalen_html
    assert "Taal: 6 van 40 geplande uren ongeoorloofd (15 %) in de laatste 4 weken; 3 keer" in signalen_html
    assert "Regels van de signalen" in signalen_html and "10 % of meer van de geplande uren" in signalen_html


def test_the_trajectory_chart_writes_a_whole_toets_score_alike_on_every_database(login, regie, zeven):
    lever(regie.docent, "toets", [{"traject_id": zeven.verzuim.id, "datum": "2026-05-20", "vaardigheid": "lezen",
                                   "niveau": "A2", "resultaat": "behaald", "score": "51"}])
    html = login(regie.regisseur).get(f"/trajecten/{zeven.verzuim.id}").get_data(as_text=True)
    data = re.search(r'<script type="application/json" id="grafiek-data">(.*?)</script>', html, re.S).group(1)
    assert '"score": [51.0]' in data  # SQLite gave back 51 and PostgreSQL 51.0 (different pages for the same data)


def _grafieken(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="grafiek-data">(.*?)</script>', html, re.S)
                      .group(1))


@pytest.mark.parametrize("per_pagina", [2, 50], ids=["summed-by-the-database", "all-periods-read"])
def test_the_trajectory_page_sums_every_period_per_month_and_reads_the_corrected_ones_beyond_its_page(
        app, login, regie, zeven, monkeypatch, per_pagina):
    """Totals, charts and the number of periods come from the attendance summed per month (by the database when
    the periods do not fit on the page, else from the periods read), the periods shown from one page of each
    onderdeel: they say what all the periods say, for the regisseur and for each aanbieder (its own records only);
    a correction of a period far from the page shown is in the history."""
    t = zeven.afschalen  # taal: four monthly periods of 150 hours, February to May 2026
    toewijzen(regie.regisseur, t, regie.mappvt, "map", date(2026, 1, 5))
    taal = [periode(t.id, "2025-12-29", "2026-01-04", gepland=12, ongeoorloofd=2, keer=1),  # counts for January
            periode(t.id, "2026-01-05", "2026-01-11", gepland=12, geoorloofd=2, ongeoorloofd=1.5, keer=1),
            periode(t.id, "2026-01-12", "2026-01-18", gepland=12, geoorloofd=0.25)]
    map_ = [periode(t.id, f"2026-{m:02d}-{d:02d}", f"2026-{m:02d}-{d + 6:02d}", gepland=4, ongeoorloofd=m % 2,
                    keer=m % 2 or "", onderdeel="map") for m in (1, 3, 5) for d in (5, 12, 19)]
    lever(regie.docent, "aanwezigheid", taal)
    lever(regie.coach, "aanwezigheid", map_)
    lever(regie.docent, "aanwezigheid", [{**taal[1], "uren_aanwezig": 7.5}])  # a correction of January's 2nd week
    taal[1] = {**taal[1], "uren_aanwezig": 7.5}
    maandelijks = [periode(t.id, f"2026-0{m}-01", f"2026-0{m}-28", gepland=150) for m in (2, 3, 4, 5)]
    monkeypatch.setitem(app.config, "PAGE_SIZE", per_pagina)

    def verwacht(rijen: list[dict]):
        maanden = sorted({r["periode_eind"][:7] for r in rijen})
        labels = [f"{overzicht.MAANDEN[int(m[5:]) - 1]} {m[:4]}" for m in maanden]
        verzuim = {"labels": labels,
                   **{kant: [sum(r[f"uren_verzuim_{kant}"] for r in rijen if r["periode_eind"][:7] == m)
                             for m in maanden] for kant in ("geoorloofd", "ongeoorloofd")}}
        taal_maanden = sorted({r["periode_eind"][:7] for r in rijen if r["onderdeel"] == "taal"})
        opgeteld = [sum(r["uren_aanwezig"] for r in rijen if r["onderdeel"] == "taal" and r["periode_eind"][:7] <= m)
                    for m in maanden if taal_maanden and m >= taal_maanden[0]]
        return verzuim, opgeteld

    for user, rijen in ((regie.regisseur, taal + maandelijks + map_), (regie.docent, taal + maandelijks),
                        (regie.coach, map_)):
        html = login(user).get(f"/trajecten/{t.id}").get_data(as_text=True)
        charts = _grafieken(html)
        verzuim, opgeteld = verwacht(rijen)
        assert charts["verzuim"] == verzuim, user.email
        if user is not regie.coach:
            assert charts["taaluren"]["aanwezig"] == opgeteld and charts["taaluren"]["labels"] == verzuim["labels"]
        totalen = html.split('<div id="totalen">')[1].split("</div>")[0]
        for onderdeel, label in (("taal", "Taal"), ("map", "MAP")):
            eigen = [r for r in rijen if r["onderdeel"] == onderdeel]
            if not eigen:
                continue
            cellen = re.search(rf"<th[^>]*>{label}</th>(.*?)</tr>", totalen, re.S).group(1)
            assert re.findall(r"<td[^>]*>([^<]*)</td>", cellen)[:5] == [
                str(len(eigen)), *(overzicht.uren(sum(r[k] for r in eigen)) or "0" for k in (
                    "uren_gepland", "uren_aanwezig", "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd"))], label
            sectie = html.split(f'<section id="aanwezigheid-{onderdeel}"')[1].split("</section>")[0]
            paginas = -(-len(eigen) // per_pagina)
            assert f"({len(eigen)} perioden{f', pagina 1 van {paginas}' if paginas > 1 else ''})" in sectie
            nieuwste = sorted(eigen, key=lambda r: r["periode_start"], reverse=True)[:per_pagina]
            getoond = dict.fromkeys(re.findall(r"(\d\d-\d\d-\d{4}) t/m", sectie))  # (a "Corrigeren" link says it too)
            assert list(getoond) == ["-".join(reversed(r["periode_start"].split("-"))) for r in nieuwste]
        historie = html.split('id="historie-kop"')[1]
        assert ("Aanwezigheid taal, 05-01-2026 t/m 11-01-2026, versie 1 → 2" in historie) is (user is not regie.coach)


def test_an_aanbieder_sees_charts_of_its_own_onderdelen_but_no_signals_on_the_trajectory_page(login, regie, zeven):
    html = login(regie.docent).get(f"/trajecten/{zeven.verzuim.id}").get_data(as_text=True)
    assert 'data-grafiek="taaluren"' in html and 'id="signalen"' not in html
    html = login(regie.coach).get(f"/trajecten/{zeven.duo.id}").get_data(as_text=True)
    assert 'data-grafiek="verzuim"' in html and "grafiek-taaluren" not in html and "grafiek-toetsen" not in html
    assert '"taaluren"' not in re.search(r'id="grafiek-data">(.*?)</script>', html, re.S).group(1)


# --- the doelgroep rules on stored data (interface.md v1.1) ---------------------------------------------------------


def test_afschalen_counts_taal_hours_after_the_pip_datum_and_closes_when_the_niveau_becomes_a2(client, regie, make):
    r = regie
    traject = nieuw_traject(r.regisseur, date(2025, 6, 2), date(2025, 6, 20), intensiteit=1000)
    toewijzen(r.regisseur, traject, r.taal, "taal", date(2025, 4, 1))  # brede intake: before the PIP-datum
    lever(r.docent, "aanwezigheid", [
        periode(traject.id, "2025-04-01", "2025-04-30", gepland=100),   # ends before the PIP-datum: not counted
        *[periode(traject.id, f"2026-0{m}-01", f"2026-0{m}-28", gepland=125) for m in (2, 3, 4, 5)],  # 500 after
    ])
    afschalen = lambda: [s for s in open_signalen(r.regisseur, VANDAAG)  # noqa: E731
                         if s["type"] == "afschalen_mogelijk" and s["traject_id"] == traject.id]
    assert afschalen() == []  # 600 taal hours in all, but 500 after the PIP-datum
    lever(r.docent, "aanwezigheid", [periode(traject.id, "2026-01-01", "2026-01-28", gepland=100)])
    assert len(afschalen()) == 1  # 600.00 after the PIP-datum
    response = client.patch(f"/api/v1/trajecten/{traject.id}", headers=bearer(make.token(r.regisseur)),
                            json={"niveau": "A2", "reden": "Afgeschaald naar A2"})
    assert response.status_code == 200
    assert afschalen() == []


def test_no_aanbod_signal_for_a_gezinsmigrant_and_no_termijn_signal_without_an_intensiteit(regie):
    r = regie
    gezin = nieuw_traject(r.regisseur, date(2026, 1, 5), None, doelgroep="gezinsmigrant", intensiteit=None)
    asiel = nieuw_traject(r.regisseur, date(2026, 1, 5), None)
    types = {(s["type"], s["traject_id"]) for s in open_signalen(r.regisseur, VANDAAG)}
    assert ("vertraagde_start", asiel.id) in types and ("vertraagde_start", gezin.id) not in types
