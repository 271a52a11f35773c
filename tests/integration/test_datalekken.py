"""Datalekken register (AVG art. 33/34): the 72-hour deadline counts calendar hours (a weekend included) and is shown
as a server-side countdown; the form answers bad input per field in Dutch; the affected trajectories are found in the
processing log by aanbieder, upload batch, activity and period, and that read is logged; a leak can halt a
processing through the verwerkingsstop, linked both ways; scoping."""
import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from dpia.datalekken import services
from dpia.datalekken.services import DatalekGegevens, Selectie
from dpia.verwerkingsstop.services import actieve_stops
from portal.codes import Activiteit
from portal.extensions import db
from portal.models import LogEntry
from tests.helpers.leveringen import aanwezig

VRIJDAG_16U = dt.datetime(2026, 6, 12, 16, 0)  # Dutch local time


@pytest.fixture
def po(make) -> SimpleNamespace:
    """A gemeente with its privacy officer (lighter than the `world` of the scoping tests)."""
    gemeente = make.gemeente(naam="Gemeente Aadorp")
    return SimpleNamespace(gemeente_a=gemeente, privacy_a=make.user("privacy", gemeente))


def vastleggen(user, ontdekt=VRIJDAG_16U, **extra):
    datalek = services.registreer(user, DatalekGegevens(titel="Mail met trajectoverzicht verkeerd verstuurd",
                                                        omschrijving="Een overzicht ging naar de verkeerde aanbieder.",
                                                        ontdekt_op=ontdekt, **extra))
    db.session.commit()
    return datalek


def test_the_72_hour_deadline_runs_through_the_weekend_friday_16h_is_monday_16h(po, app, monkeypatch, login):
    monkeypatch.setitem(app.config, "PORTAL_NOW", "2026-06-13T09:00")
    datalek = vastleggen(po.privacy_a)
    assert services.lokaal(datalek.deadline) == dt.datetime(2026, 6, 15, 16, 0)  # Monday 16:00
    assert datalek.deadline == dt.datetime(2026, 6, 15, 14, 0)  # stored as UTC (CEST = UTC+2)

    monkeypatch.setitem(app.config, "PORTAL_NOW", "2026-06-15T10:00")
    web = login(po.privacy_a)
    page = web.get(f"/privacy/datalekken/{datalek.id}").get_data(as_text=True)
    assert "nog 6 uur" in page and "15-06-2026 16:00" in page and "datalek-te-laat" not in page

    monkeypatch.setitem(app.config, "PORTAL_NOW", "2026-06-15T17:30")
    page = web.get(f"/privacy/datalekken/{datalek.id}").get_data(as_text=True)
    assert "1 uur te laat" in page and 'datalek-aftellen datalek-te-laat' in page
    assert "1 uur te laat" in web.get("/privacy/datalekken").get_data(as_text=True)

    services.wijzig(po.privacy_a, datalek, DatalekGegevens(**{
        **services.gegevens(datalek).__dict__, "gemeld_ap": True, "gemeld_ap_op": dt.datetime(2026, 6, 15, 11, 0)}))
    t = services.termijn(datalek, services.nu())
    assert t.gemeld and not t.te_laat and t.tekst == "Gemeld bij de AP op 15-06-2026 11:00"


def test_without_a_frozen_moment_now_follows_the_frozen_day(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_TODAY", "2026-06-15")
    assert services.lokaal(services.nu()).date() == dt.date(2026, 6, 15)


def test_the_form_records_a_leak_and_answers_bad_input_per_field_in_dutch(po, app, monkeypatch, login):
    monkeypatch.setitem(app.config, "PORTAL_NOW", "2026-06-13T09:00")
    web = login(po.privacy_a)
    assert web.get("/privacy/datalekken/nieuw").status_code == 200
    bad = web.post("/privacy/datalekken/nieuw", data={
        "csrf_token": web.csrf_token, "titel": "", "omschrijving": "Lek", "ontdekt_op": "gisteren",
        "betrokkenen_informeren": "nog_besluiten"})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Vul een korte omschrijving van het datalek in." in body
    assert "Vul in wanneer het datalek is ontdekt (datum en tijd)." in body
    future = web.post("/privacy/datalekken/nieuw", data={
        "csrf_token": web.csrf_token, "titel": "Lek", "omschrijving": "Lek", "ontdekt_op": "2026-06-20T10:00",
        "betrokkenen_informeren": "nog_besluiten"})
    assert future.status_code == 422 and "ligt in de toekomst" in future.get_data(as_text=True)
    reden = web.post("/privacy/datalekken/nieuw", data={
        "csrf_token": web.csrf_token, "titel": "Lek", "omschrijving": "Lek", "ontdekt_op": "2026-06-12T16:00",
        "betrokkenen_informeren": "nee", "gemeld_ap_op": "2026-06-12T18:00"})
    assert reden.status_code == 422 and "Vink aan dat het datalek bij de AP is gemeld" in reden.get_data(as_text=True)
    bsn = web.post("/privacy/datalekken/nieuw", data={
        "csrf_token": web.csrf_token, "titel": "Lek", "omschrijving": "Betreft 111222333",
        "ontdekt_op": "2026-06-12T16:00", "betrokkenen_informeren": "nog_besluiten"})
    assert bsn.status_code == 422 and "111222333" not in bsn.get_data(as_text=True)
    ok = web.post("/privacy/datalekken/nieuw", data={
        "csrf_token": web.csrf_token, "titel": "USB-stick kwijt", "omschrijving": "Export op een stick verloren.",
        "soort": "vertrouwelijkheid", "ontdekt_op": "2026-06-12T16:00", "betrokkenen_informeren": "ja",
        "betrokkenen_reden": "Hoog risico: gezondheidsgegevens.", "maatregelen": "Stick op afstand gewist."})
    assert ok.status_code == 302
    [datalek] = services.lijst(po.privacy_a)
    assert datalek.titel == "USB-stick kwijt" and services.lokaal(datalek.ontdekt_op) == VRIJDAG_16U
    assert datalek.gewijzigd_door == po.privacy_a.email


def test_affected_trajectories_are_found_by_aanbieder_batch_and_activity_and_the_read_is_logged(
        world, make, login, deliver):  # noqa: F811
    w = world
    extra = make.traject(w.regisseur_a)
    make.toewijzing(w.regisseur_a, extra, w.taal_aanbieder, "taal")
    eerste = deliver(w.taal_user, "aanwezigheid", [aanwezig(w.traject.id)])
    assert eerste.status_code == 200, eerste.json
    tweede = deliver(w.taal_user, "aanwezigheid", [aanwezig(extra.id)])
    login(w.map_user).get(f"/trajecten/{w.traject.id}")
    from portal.models import AanleverBatch
    batch_id = db.session.scalar(select(AanleverBatch.id).where(AanleverBatch.aanbieder_id == w.taal_aanbieder.id)
                                 .order_by(AanleverBatch.id))
    assert tweede.status_code == 200
    datalek = vastleggen(w.privacy_a)
    vandaag = dt.date.today()  # the processing log has real timestamps
    periode = dict(van=vandaag - dt.timedelta(days=1), tot=vandaag + dt.timedelta(days=1))

    alles = {v.traject_id for v in services.zoek_trajecten(w.privacy_a, Selectie(**periode))}
    assert alles == {w.traject.id, extra.id}
    door_map = services.zoek_trajecten(w.privacy_a, Selectie(**periode, aanbieder=w.map_aanbieder.code))
    assert {v.traject_id for v in door_map} == {w.traject.id}
    uit_batch = services.zoek_trajecten(w.privacy_a, Selectie(**periode, batch_id=batch_id))
    assert {v.traject_id for v in uit_batch} == {w.traject.id}
    regie = services.zoek_trajecten(w.privacy_a, Selectie(**periode, activiteit=Activiteit.signalering_regie.value))
    assert {v.traject_id for v in regie} == {w.traject.id, extra.id}  # the regisseur made them
    leeg = services.zoek_trajecten(w.privacy_a, Selectie(van=vandaag - dt.timedelta(days=60),
                                                         tot=vandaag - dt.timedelta(days=30)))
    assert leeg == []

    web = login(w.privacy_a)
    response = web.post(f"/privacy/datalekken/{datalek.id}/trajecten", data={
        "csrf_token": web.csrf_token, "van": periode["van"].isoformat(), "tot": periode["tot"].isoformat(),
        "aanbieder": w.taal_aanbieder.code, "batch": "", "activiteit": "voortgangsrapportage"})
    assert response.status_code == 302
    db.session.expire_all()
    assert [t.traject_id for t in datalek.trajecten] == sorted([w.traject.id, extra.id])
    gelogd = db.session.scalars(select(LogEntry).where(LogEntry.toelichting == f"datalek {datalek.id}: getroffen "
                                                                                f"trajecten vastgesteld")).all()
    assert {e.traject_id for e in gelogd} == {w.traject.id, extra.id}
    assert {e.verwerkingsactiviteit for e in gelogd} == {Activiteit.gegevensbeschermingsverzoeken.value}
    csv = web.get(f"/privacy/datalekken/{datalek.id}/trajecten.csv")
    assert csv.status_code == 200 and w.traject.id in csv.get_data(as_text=True)
    assert db.session.scalar(select(LogEntry).where(LogEntry.actie == "exporteren",
                                                    LogEntry.traject_id == extra.id)) is not None
    bad = web.post(f"/privacy/datalekken/{datalek.id}/trajecten", data={
        "csrf_token": web.csrf_token, "van": "2026-06-10", "tot": "2026-06-01", "aanbieder": "", "batch": "",
        "activiteit": ""})
    assert bad.status_code == 422 and "ligt voor de begindatum" in bad.get_data(as_text=True)


def test_a_leak_triggers_a_verwerkingsstop_linked_both_ways(world, login):
    datalek = vastleggen(world.privacy_a)
    web = login(world.privacy_a)
    response = web.post(f"/privacy/datalekken/{datalek.id}/verwerkingsstop", data={
        "csrf_token": web.csrf_token, "activiteit": "voortgangsrapportage", "reden": "Lek bij aanbieder nog open."})
    assert response.status_code == 302
    db.session.expire_all()
    stop = datalek.verwerkingsstop
    assert stop is not None and stop.actief
    assert stop.reden == (f"Datalek #{datalek.id} (Mail met trajectoverzicht verkeerd verstuurd): Lek bij aanbieder "
                          f"nog open.")
    assert actieve_stops(Activiteit.voortgangsrapportage, [world.gemeente_a.id])[world.gemeente_a.id].id == stop.id
    assert services.van_stop(world.privacy_a, stop.id) == [datalek]
    assert login(world.taal_user).get(f"/trajecten/{world.traject.id}").status_code == 423
    page = web.get(f"/privacy/datalekken/{datalek.id}").get_data(as_text=True)
    assert "Vanwege dit datalek is de verwerking &#39;Voortgangsrapportage&#39;" in page
    again = web.post(f"/privacy/datalekken/{datalek.id}/verwerkingsstop", data={
        "csrf_token": web.csrf_token, "activiteit": "voortgangsrapportage"})
    assert again.status_code == 409 and "Naar de verwerkingsstop" in again.get_data(as_text=True)


def test_halting_a_processing_needs_an_activity(po, login):
    datalek = vastleggen(po.privacy_a)
    web = login(po.privacy_a)
    empty = web.post(f"/privacy/datalekken/{datalek.id}/verwerkingsstop", data={"csrf_token": web.csrf_token,
                                                                                "activiteit": ""})
    assert empty.status_code == 422 and "Kies de activiteit die u stopzet." in empty.get_data(as_text=True)


def test_another_gemeentes_privacy_officer_sees_nothing_and_other_roles_are_refused(world, make, login):
    datalek = vastleggen(world.privacy_a)
    vreemd = login(make.user("privacy", world.gemeente_b))
    for url in (f"/privacy/datalekken/{datalek.id}", f"/privacy/datalekken/{datalek.id}/bewerken",
                f"/privacy/datalekken/{datalek.id}/trajecten.csv"):
        assert vreemd.get(url).status_code == 404, url
    assert vreemd.post(f"/privacy/datalekken/{datalek.id}/verwerkingsstop", data={
        "csrf_token": vreemd.csrf_token, "activiteit": "voortgangsrapportage"}).status_code == 404
    assert datalek.titel not in vreemd.get("/privacy/datalekken").get_data(as_text=True)
    for user in (world.regisseur_a, world.taal_user, world.beheerder):
        web = login(user)
        assert web.get("/privacy/datalekken").status_code == 403
        assert web.get(f"/privacy/datalekken/{datalek.id}").status_code == 403
    with pytest.raises(Forbidden):  # the one privacy role check (access.vereis_privacy)
        services.lijst(world.regisseur_a)
