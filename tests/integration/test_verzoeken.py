"""Data-subject requests on real data: registering (own gemeente only, no existence leak), the inzage export holds
everything on the trajectory and nothing else, a restriction blocks deliveries and hides the trajectory from every
role but the privacy officer, an erasure leaves no row of the trajectory in any table (the log keeps that it
happened), `niet_meer_nodig` meets the bewaarplicht, a rectificatie keeps the old version; API and pages answer
403 to other roles and 404 for another gemeente's request."""
import io
import json
from dataclasses import dataclass
from datetime import date

import openpyxl
import pytest
from sqlalchemy import Enum, String, Text, func, select

from dpia.verzoeken import services
from dpia.verzoeken.models import Verzoek
from portal.codes import Actie
from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer
from portal.models import AanleverBatch, Aanwezigheid, LeveringHistorie, LogEntry, Traject
from portal.schema import metadata
from portal.trajecten.gegevens import LOG_TABLE, traject_kolom
from portal.voortgang import services as voortgang
from tests.conftest import _csrf
from tests.helpers.api import bearer
from tests.helpers.leveringen import aanwezig, csv_bytes
from tests.helpers.world import World


@dataclass
class Vw:
    w: World
    tweede: Traject  # another trajectory of gemeente A with data of its own (must never leak into the export)


def lever(user, soort, rows, kanaal="api"):
    rapport, _ = importeer(user, user.organisatie, soort, Aanlevering(data=csv_bytes(soort, rows),
                                                                     bestandsnaam="levering.csv"), kanaal=kanaal)
    db.session.commit()
    return rapport


def vul(w: World, traject: Traject):
    """Deliveries of every soort, a correction (history), a DUO registration."""
    assert lever(w.taal_user, "aanwezigheid", [aanwezig(traject.id)]).status == "accepted"
    assert lever(w.taal_user, "aanwezigheid", [aanwezig(traject.id, aanwezig_="28")]).corrected == 1
    lever(w.taal_user, "toets", [{"traject_id": traject.id, "datum": "2026-03-10", "vaardigheid": "lezen",
                                  "niveau": "A2", "resultaat": "behaald", "score": "7"}])
    lever(w.map_user, "afronding", [{"traject_id": traject.id, "onderdeel": "map", "datum": "2026-03-02",
                                     "status": "afgerond"}])
    voortgang.registreer_duo(w.regisseur_a, traject, "map", date(2026, 3, 5))
    db.session.commit()


@pytest.fixture(scope="module")
def _vw(shared):
    """The world with its deliveries and a second trajectory, built once for the module's tests that use them
    (tests/helpers/shared.py)."""
    def bouw(make, world) -> Traject:
        tweede = make.traject(world.regisseur_a)
        make.toewijzing(world.regisseur_a, tweede, world.taal_aanbieder, "taal")
        vul(world, world.traject)
        lever(world.taal_user, "aanwezigheid", [aanwezig(tweede.id, start="2026-04-01", eind="2026-04-30")])
        return tweede
    return shared.build_on_world(bouw)


@pytest.fixture
def vw(world, _vw) -> Vw:
    return Vw(world, _vw.load())


def nieuw(user, type_, ids, ontvangen=date(2026, 6, 1)) -> Verzoek:
    verzoek = services.registreer(user, type_, ontvangen, ids)
    db.session.commit()
    return verzoek



def rijen_van(traject_id: str) -> dict[str, int]:
    """Rows naming the trajectory, per table, over the whole schema (the log left out): every column that refers
    to traject.id or is called traject_id, and every text column that holds exactly the id."""
    gevonden = {}
    for table in metadata.sorted_tables:
        if table.name == LOG_TABLE:
            continue
        columns = {c for c in table.columns if isinstance(c.type, String | Text) and not isinstance(c.type, Enum)}
        kolom = traject_kolom(table)
        if kolom is not None:
            columns.add(kolom)
        for column in columns:
            n = db.session.scalar(select(func.count()).select_from(table).where(column == traject_id))
            if n:
                gevonden[f"{table.name}.{column.name}"] = n
    return gevonden


# --- registering ---------------------------------------------------------------------------------------------------


def test_registering_gives_the_deadline_one_calendar_month_after_receipt(world, client, make):
    response = client.post("/api/v1/verzoeken", headers=bearer(make, world.privacy_a),
                           json={"type": "inzage", "ontvangen": "2026-01-31", "traject_ids": [world.traject.id]})
    assert response.status_code == 201, response.json
    assert response.json["deadline"] == "2026-02-28" and response.json["status"] == "ontvangen"
    got = client.get(f"/api/v1/verzoeken/{response.json['id']}", headers=bearer(make, world.privacy_a))
    assert got.json["traject_ids"] == [world.traject.id] and got.json["acties"] == []


def test_a_foreign_or_unknown_trajectory_gets_the_same_field_error(world, client, make):
    headers = bearer(make, world.privacy_a)
    answers = [client.post("/api/v1/verzoeken", headers=headers,
                           json={"type": "inzage", "ontvangen": "2026-06-01", "traject_ids": [ident]})
               for ident in (world.traject_b.id, "ZZZZ-ZZZZ-Z")]
    assert [a.status_code for a in answers] == [422, 422]
    assert {a.json["field"] for a in answers} == {"traject_ids"}
    assert answers[0].json["message"].replace(world.traject_b.id, "X") == \
        answers[1].json["message"].replace("ZZZZ-ZZZZ-Z", "X")
    assert db.session.scalar(select(func.count()).select_from(Verzoek)) == 0


def test_other_roles_get_403_and_another_gemeentes_privacy_officer_404(world, client, make):
    verzoek = nieuw(world.privacy_a, "inzage", [world.traject.id])
    privacy_b = make.user("privacy", world.gemeente_b)
    for user in (world.regisseur_a, world.taal_user, world.beheerder):
        assert client.get(f"/api/v1/verzoeken/{verzoek.id}", headers=bearer(make, user)).status_code == 403
        assert client.post("/api/v1/verzoeken", headers=bearer(make, user), json={}).status_code == 403
    other = bearer(make, privacy_b)
    assert client.get(f"/api/v1/verzoeken/{verzoek.id}", headers=other).status_code == 404
    assert client.post(f"/api/v1/verzoeken/{verzoek.id}/acties", headers=other,
                       json={"actie": "inzage"}).status_code == 404


def test_pages_are_for_the_privacy_officer_of_the_gemeente_only(world, login, make):
    verzoek = nieuw(world.privacy_a, "inzage", [world.traject.id])
    assert login(world.regisseur_a).get("/privacy/verzoeken").status_code == 403
    privacy_b = login(make.user("privacy", world.gemeente_b))
    assert privacy_b.get(f"/privacy/verzoeken/{verzoek.id}").status_code == 404
    assert privacy_b.get(f"/privacy/verzoeken/{verzoek.id}/export.xlsx").status_code == 404
    eigen = login(world.privacy_a)
    lijst = eigen.get("/privacy/verzoeken")
    assert lijst.status_code == 200 and f"/privacy/verzoeken/{verzoek.id}" in lijst.get_data(as_text=True)


# --- inzage ------------------------------------------------------------------------------------------------------


def test_the_inzage_export_holds_every_record_of_the_trajectory_and_nothing_of_others(vw, client, make):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "inzage", [w.traject.id])
    response = client.post(f"/api/v1/verzoeken/{verzoek.id}/acties", headers=bearer(make, w.privacy_a),
                           json={"actie": "inzage"})
    assert response.status_code == 200, response.json
    [t] = response.json["trajecten"]
    assert t["traject_id"] == w.traject.id and t["traject"]["leerroute"] == "b1"
    # every table that holds rows of the trajectory is in the export with exactly that many rows
    for veld, n in rijen_van(w.traject.id).items():
        tabel = veld.split(".")[0]
        if tabel == "traject":
            continue
        assert len(t[tabel]) == n, veld
    assert len(t["aanwezigheid"]) == 1 and t["aanwezigheid"][0]["uren_aanwezig"] == 28
    assert t["levering_historie"][0]["waarden"]["uren_aanwezig"] == 30
    assert len(t["toewijzing"]) == 2 and len(t["toets"]) == 1 and len(t["afronding"]) == 1
    assert len(t["duo_registratie"]) == 1 and t["verzoek_traject"]
    acties = {e["actie"] for e in t["verwerkingslog"]}
    assert {"aanmaken", "aanleveren", "exporteren"} <= acties
    assert all({"gebruiker", "organisatie", "actie", "verwerkingsactiviteit"} <= set(e) for e in t["verwerkingslog"])
    assert vw.tweede.id not in json.dumps(response.json)
    export = db.session.scalars(select(LogEntry).where(LogEntry.actie == Actie.exporteren.value)).all()
    assert [(e.traject_id, e.verwerkingsactiviteit) for e in export] == [(w.traject.id,
                                                                          "gegevensbeschermingsverzoeken")]


def test_the_export_downloads_as_xlsx_without_formulas_and_as_a_readable_page(vw, login):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "overdraagbaarheid", [w.traject.id])
    web = login(w.privacy_a)
    page = web.get(f"/privacy/verzoeken/{verzoek.id}/export")
    assert page.status_code == 200 and "Aanwezigheid" in page.get_data(as_text=True)
    xlsx = web.get(f"/privacy/verzoeken/{verzoek.id}/export.xlsx")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert w.traject.id in book.sheetnames
    cells = [c.value for row in book[w.traject.id].iter_rows() for c in row if c.value is not None]
    assert "Aanwezigheid" in cells and not any(str(c).startswith("=") for c in cells)
    data = web.get(f"/privacy/verzoeken/{verzoek.id}/export.json").json
    assert data["trajecten"][0]["traject_id"] == w.traject.id


# --- beperking ---------------------------------------------------------------------------------------------------


def test_a_restriction_refuses_deliveries_and_hides_the_trajectory_from_all_but_privacy(vw, client, make):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "beperking", [w.traject.id])
    privacy = bearer(make, w.privacy_a)
    assert client.post(f"/api/v1/verzoeken/{verzoek.id}/acties", headers=privacy,
                       json={"actie": "beperking"}).status_code == 200
    rapport = lever(w.taal_user, "aanwezigheid", [aanwezig(w.traject.id, start="2026-05-01", eind="2026-05-31")])
    assert rapport.status == "rejected" and [e.code for e in rapport.errors] == ["traject_beperkt"]
    for user in (w.regisseur_a, w.taal_user, w.map_user):
        headers = bearer(make, user)
        assert client.get(f"/api/v1/trajecten/{w.traject.id}", headers=headers).status_code == 404
        ids = [t["traject_id"] for t in client.get("/api/v1/trajecten", headers=headers).json["trajecten"]]
        assert w.traject.id not in ids
    regisseur = bearer(make, w.regisseur_a)
    signalen = client.get("/api/v1/signalen", headers=regisseur).json
    assert w.traject.id not in {s["traject_id"] for s in signalen}
    assert vw.tweede.id in [t["traject_id"] for t in client.get("/api/v1/trajecten", headers=regisseur)
                            .json["trajecten"]]
    # the privacy officer still reads it; lifting it restores deliveries and views
    assert client.get(f"/api/v1/verzoeken/{verzoek.id}", headers=privacy).json["traject_ids"] == [w.traject.id]
    assert client.post(f"/api/v1/verzoeken/{verzoek.id}/acties", headers=privacy,
                       json={"actie": "opheffen_beperking"}).status_code == 200
    assert client.get(f"/api/v1/trajecten/{w.traject.id}", headers=regisseur).status_code == 200
    assert lever(w.taal_user, "aanwezigheid", [aanwezig(w.traject.id, start="2026-05-01",
                                                        eind="2026-05-31")]).status == "accepted"
    beperken = db.session.scalars(select(LogEntry.toelichting).where(LogEntry.actie == "beperken")).all()
    assert len(beperken) == 2


def test_a_restricted_trajectory_is_404_on_the_pages_of_regisseur_and_aanbieder(vw, login):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "beperking", [w.traject.id])
    services.beperk(w.privacy_a, verzoek)
    db.session.commit()
    for user in (w.regisseur_a, w.taal_user):
        web = login(user)
        assert web.get(f"/trajecten/{w.traject.id}").status_code == 404
        assert w.traject.id not in web.get("/trajecten/").get_data(as_text=True)
    assert w.traject.id not in login(w.regisseur_a).get("/voortgang/").get_data(as_text=True)


# --- wissing -----------------------------------------------------------------------------------------------------


def test_erasure_leaves_no_row_of_the_trajectory_in_any_table_and_the_log_keeps_that_it_happened(vw, client, make):
    w = vw.w
    traject_id, tweede_id, privacy_email = w.traject.id, vw.tweede.id, w.privacy_a.email
    # a rejected web upload keeps a masked copy that mentions the trajectory (and a line of another one)
    rows = [aanwezig(traject_id, start="2026-05-01", eind="2026-05-31", gepland="x"),
            aanwezig(tweede_id, start="2026-05-01", eind="2026-05-31", gepland="x")]
    rapport = lever(w.taal_user, "aanwezigheid", rows, kanaal="upload")
    beperking = nieuw(w.privacy_a, "beperking", [traject_id])
    services.beperk(w.privacy_a, beperking)
    verzoek = nieuw(w.privacy_a, "wissing", [traject_id])
    assert rijen_van(traject_id)
    response = client.post(f"/api/v1/verzoeken/{verzoek.id}/acties", headers=bearer(make, w.privacy_a),
                           json={"actie": "wissing", "grond": "onrechtmatig_verwerkt"})
    assert response.status_code == 200, response.json
    assert rijen_van(traject_id) == {}
    batch = db.session.get(AanleverBatch, rapport.batch_id)
    assert traject_id.encode() not in batch.bewaard_csv and tweede_id.encode() in batch.bewaard_csv
    assert db.session.get(Traject, tweede_id) is not None
    assert db.session.scalar(select(func.count()).select_from(Aanwezigheid)
                             .where(Aanwezigheid.traject_id == tweede_id)) == 1
    wissen = db.session.scalars(select(LogEntry).where(LogEntry.actie == "wissen")).all()
    assert [(e.traject_id, e.gebruiker) for e in wissen] == [(traject_id, privacy_email)]
    assert response.json["acties"][-1]["actie"] == "wissing" and response.json["traject_ids"] == []
    log = client.get(f"/api/v1/verwerkingslog?traject_id={traject_id}", headers=bearer(make, w.privacy_a))
    assert log.status_code == 200 and log.json[-1]["actie"] == "wissen"


def test_erasure_because_no_longer_needed_meets_the_bewaarplicht(vw, client, make):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "wissing", [w.traject.id])
    response = client.post(f"/api/v1/verzoeken/{verzoek.id}/acties", headers=bearer(make, w.privacy_a),
                           json={"actie": "wissing", "grond": "niet_meer_nodig"})
    assert response.status_code == 409 and response.json["error"] == "bewaarplicht"
    assert db.session.get(Traject, w.traject.id) is not None
    assert not db.session.scalars(select(LogEntry).where(LogEntry.actie == "wissen")).all()


def test_the_ui_explains_the_bewaarplicht_in_dutch(vw, login):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "wissing", [w.traject.id])
    web = login(w.privacy_a)
    page = web.get(f"/privacy/verzoeken/{verzoek.id}")
    response = web.post(f"/privacy/verzoeken/{verzoek.id}/wissen",
                        data={"csrf_token": _csrf(page.get_data(as_text=True)), "grond": "niet_meer_nodig"},
                        follow_redirects=True)
    assert "Er geldt nog een bewaarplicht" in response.get_data(as_text=True)
    assert db.session.get(Traject, w.traject.id) is not None


# --- rectificatie ------------------------------------------------------------------------------------------------


def test_a_rectificatie_keeps_the_old_version_with_the_request_as_reason(vw):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    record = db.session.scalar(select(Aanwezigheid).where(Aanwezigheid.traject_id == w.traject.id))
    services.rectificeer(w.privacy_a, verzoek, w.traject.id, "aanwezigheid", record.id, "uren_aanwezig", "31,5")
    services.rectificeer(w.privacy_a, verzoek, w.traject.id, "traject", w.traject.id, "leerroute", "z_route")
    db.session.commit()
    db.session.refresh(record)
    assert record.uren_aanwezig == 31.5 and record.versie == 3 and record.gewijzigd_door == w.privacy_a.email
    historie = db.session.scalars(select(LeveringHistorie).where(LeveringHistorie.record_id == record.id)
                                  .order_by(LeveringHistorie.id)).all()
    assert historie[-1].waarden["uren_aanwezig"] == 28 and historie[-1].vervangen_door == w.privacy_a.email
    assert db.session.get(Traject, w.traject.id).leerroute.value == "z_route"
    entries = db.session.scalars(select(LogEntry).where(LogEntry.actie == "wijzigen",
                                                        LogEntry.toelichting.contains("rectificatie"))).all()
    assert len(entries) == 2 and all(f"verzoek {verzoek.id}" in e.toelichting for e in entries)
    assert [a.actie.value for a in verzoek.acties] == ["rectificatie", "rectificatie"]


def test_a_bad_rectificatie_value_is_a_field_error(vw):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    with pytest.raises(services.ServiceError) as error:
        services.rectificeer(w.privacy_a, verzoek, w.traject.id, "traject", w.traject.id, "pip_datum", "gisteren")
    assert error.value.field == "waarde"


def test_the_rectificatie_page_lists_the_records_to_pick_from_and_logs_the_read(vw, login):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    record = db.session.scalar(select(Aanwezigheid).where(Aanwezigheid.traject_id == w.traject.id))
    web = login(w.privacy_a)
    assert f"/privacy/verzoeken/{verzoek.id}/rectificatie" in web.get(f"/privacy/verzoeken/{verzoek.id}").get_data(
        as_text=True)
    page = web.get(f"/privacy/verzoeken/{verzoek.id}/rectificatie")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"traject_id={w.traject.id}&amp;soort=aanwezigheid&amp;record_id={record.id}" in html
    assert f"traject_id={w.traject.id}&amp;soort=traject" in html
    assert vw.tweede.id not in html  # a trajectory outside the request is not offered
    assert db.session.scalar(select(func.count()).select_from(LogEntry).where(
        LogEntry.traject_id == w.traject.id, LogEntry.actie == "lezen",
        LogEntry.toelichting.contains(f"verzoek {verzoek.id}: rectificatie"))) == 1


def test_a_picked_record_is_corrected_through_its_form(vw, login):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    record = db.session.scalar(select(Aanwezigheid).where(Aanwezigheid.traject_id == w.traject.id))
    web = login(w.privacy_a)
    url = f"/privacy/verzoeken/{verzoek.id}/rectificatie"
    form = web.get(f"{url}?traject_id={w.traject.id}&soort=aanwezigheid&record_id={record.id}")
    assert form.status_code == 200 and "Uren aanwezig (nu: 28)" in form.get_data(as_text=True)
    assert "begin periode 01-03-2026" in form.get_data(as_text=True)  # which delivery it is
    keuze = {"csrf_token": _csrf(form.get_data(as_text=True)), "traject_id": w.traject.id, "soort": "aanwezigheid",
             "record_id": str(record.id), "veld": "uren_aanwezig"}

    fout = web.post(url, data={**keuze, "waarde": "veel"})
    assert fout.status_code == 422 and "Vul uren aanwezig in als getal" in fout.get_data(as_text=True)
    db.session.refresh(record)
    assert record.uren_aanwezig == 28

    goed = web.post(url, data={**keuze, "waarde": "30,5"})
    assert goed.status_code == 303 and goed.headers["Location"].endswith(f"/privacy/verzoeken/{verzoek.id}")
    db.session.refresh(record)
    assert record.uren_aanwezig == 30.5
    assert db.session.scalar(select(func.count()).select_from(LeveringHistorie).where(
        LeveringHistorie.record_id == record.id, LeveringHistorie.vervangen_door == w.privacy_a.email)) == 1


def test_a_record_outside_the_request_is_not_offered_for_rectificatie(vw, login):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    elders = db.session.scalar(select(Aanwezigheid).where(Aanwezigheid.traject_id == vw.tweede.id))
    web = login(w.privacy_a)
    url = f"/privacy/verzoeken/{verzoek.id}/rectificatie"
    response = web.get(f"{url}?traject_id={w.traject.id}&soort=aanwezigheid&record_id={elders.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert "hoort niet bij het traject" in web.get(url).get_data(as_text=True)
