"""DPIA's (AVG art. 35) on the CNIL method: a new DPIA starts from the VNG model DPIA (every question, model answer and
measure), answers are edited, risks scored before and after the action plan, items reviewed (te verbeteren becomes an
action), a validated DPIA is locked and changes start a new version; renewal after 3 years; exports; scoping."""
import io
from datetime import date
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from werkzeug.exceptions import Forbidden

from dpia.beoordelingen import services, sjabloon
from dpia.beoordelingen.codes import ActieStatus, Beoordeling, DpiaStatus, Niveau
from dpia.beoordelingen.models import Dpia
from dpia.beoordelingen.services import RisicoGegevens, Validatiegegevens
from portal.errors import ServiceError
from portal.extensions import db
from tests.pdf import pdf_titel


@pytest.fixture
def po(make) -> SimpleNamespace:
    """A gemeente with its privacy officer (lighter than the `world` of the scoping tests)."""
    gemeente = make.gemeente(naam="Gemeente Aadorp")
    return SimpleNamespace(gemeente_a=gemeente, privacy_a=make.user("privacy", gemeente))


def nieuwe_dpia(make, user, titel="DPIA Inburgeringsportaal") -> Dpia:
    return make_unit(lambda: services.nieuw(user, titel))


def make_unit(action):
    result = action()
    db.session.commit()
    return result


def scoor(user, dpia, ernst="beperkt", waarschijnlijkheid="belangrijk", na=("verwaarloosbaar", "beperkt")):
    for risico in dpia.risicos:
        services.bewaar_risico(user, dpia, RisicoGegevens(
            naam=risico.naam, gevolgen=risico.gevolgen, dreigingen=risico.dreigingen, bronnen=risico.bronnen,
            maatregel_ids=[m.id for m in risico.maatregelen], ernst=ernst, waarschijnlijkheid=waarschijnlijkheid,
            ernst_na=na[0], waarschijnlijkheid_na=na[1]), risico)


def klaar_voor_validatie(user, dpia):
    scoor(user, dpia)
    services.bewaar_validatiegegevens(user, dpia, Validatiegegevens(
        auteur="A. Auteur", beoordelaar="B. Beoordelaar", validator="C. Validator", fg_naam="F. Gegevens",
        fg_advies="Akkoord, mits de acties op tijd worden uitgevoerd.", fg_oordeel="positief_met_voorwaarden",
        betrokkenen_gevraagd=True, betrokkenen_mening="Cliëntenraad: geen bezwaar."))


# --- the template --------------------------------------------------------------------------------------------------


def test_a_new_dpia_holds_every_section_question_and_measure_of_the_model(po, make):
    dpia = nieuwe_dpia(make, po.privacy_a)
    vragen = sjabloon.vragen()
    assert len(vragen) == 11 + 12 and len(sjabloon.DELEN) == 4
    assert {a.sleutel: a.tekst for a in dpia.antwoorden} == {v.sleutel: v.model for v in vragen}
    assert dpia.antwoord("rechtsgrondslag").tekst == (
        "Artikel 6.1 openbaar gezag + Wet inburgering en Besluit inburgering")
    assert [m.label for m in dpia.maatregelen] == [m.label for m in sjabloon.MAATREGELEN]
    assert len(dpia.maatregelen) == 15 + 30
    assert "9.4.1 Beperking toegang tot informatie" in [m.label for m in dpia.maatregelen]
    assert [r.naam for r in dpia.risicos] == ["Onrechtmatige toegang tot persoonsgegevens",
                                              "Ongewenste wijziging van persoonsgegevens",
                                              "Verdwijnen van persoonsgegevens"]
    toegang, wijziging, verdwijnen = dpia.risicos
    assert toegang.gevolgen.splitlines() == ["Discriminatie", "stigmatisering", "Fysieke bedreiging aan huis"]
    assert len(toegang.maatregelen) == 10 + 30 and len(wijziging.maatregelen) == 11 + 28
    assert [m.label for m in verdwijnen.maatregelen][:2] == ["Fysieke toegangscontrole", "Netwerk veiligheid"]
    assert "8.2.3 Procedures voor behandelen van bedrijfsmiddelen" in [m.label for m in wijziging.maatregelen]
    assert all(r.ernst is None for r in dpia.risicos)  # the gemeente scores; the model's view is the starting text
    assert toegang.ernst_toelichting == "Model-DPIA: Verwaarloosbaar, Verwaarloosbaar gezien genomen maatregelen"
    assert dpia.status is DpiaStatus.concept and dpia.versie == 1 and dpia.reeks_id == dpia.id


def test_answers_are_edited_and_saved_through_the_page(po, make, login):
    dpia = nieuwe_dpia(make, po.privacy_a)
    web = login(po.privacy_a)
    page = web.get(f"/privacy/dpias/{dpia.id}/deel/2")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Evenredigheid en noodzaak" in body and "Wat is de wettelijke basis" in body
    data = {"csrf_token": web.csrf_token, **{v.sleutel: (dpia.antwoord(v.sleutel).tekst or "")
                                             for s in sjabloon.PRINCIPES.secties for v in s.vragen}}
    data["bewaartermijn"] = "Trajectgegevens: 5 jaar na het einde van de inburgeringsplicht."
    response = web.post(f"/privacy/dpias/{dpia.id}/deel/2", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert dpia.antwoord("bewaartermijn").tekst == "Trajectgegevens: 5 jaar na het einde van de inburgeringsplicht."
    assert dpia.antwoord("doelbinding").tekst == sjabloon.VRAGEN["doelbinding"].model
    assert dpia.gewijzigd_door == po.privacy_a.email


def test_a_new_dpia_from_the_list_page_links_register_activities_of_the_own_gemeente_only(world, make, login):
    from dpia.register.services import register
    eigen = register(world.gemeente_a.id)
    vreemd = register(world.gemeente_b.id)
    web = login(world.privacy_a)
    response = web.post("/privacy/dpias", data={"csrf_token": web.csrf_token, "titel": "DPIA Portaal",
                                                "activiteiten": [eigen[0].id]})
    assert response.status_code == 302
    dpia = db.session.query(Dpia).filter_by(titel="DPIA Portaal").one()
    assert [a.id for a in dpia.activiteiten] == [eigen[0].id]
    if vreemd:
        refused = web.post("/privacy/dpias", data={"csrf_token": web.csrf_token, "titel": "X",
                                                   "activiteiten": [vreemd[0].id]})
        assert refused.status_code == 422
    empty = web.post("/privacy/dpias", data={"csrf_token": web.csrf_token, "titel": ""})
    assert empty.status_code == 422 and "Vul de titel van de DPIA in." in empty.get_data(as_text=True)


# --- risks ---------------------------------------------------------------------------------------------------------


def test_risk_gauges_take_the_four_levels_and_after_the_plan_needs_both_and_a_before(po, make):
    dpia = nieuwe_dpia(make, po.privacy_a)
    risico = dpia.risicos[0]
    with pytest.raises(ServiceError) as fout:
        services.bewaar_risico(po.privacy_a, dpia, RisicoGegevens(naam=risico.naam, ernst="enorm"), risico)
    assert fout.value.field == "ernst"
    with pytest.raises(ServiceError) as fout:
        services.bewaar_risico(po.privacy_a, dpia, RisicoGegevens(naam=risico.naam, ernst="beperkt",
                                                                     waarschijnlijkheid="beperkt",
                                                                     ernst_na="verwaarloosbaar"), risico)
    assert fout.value.field == "waarschijnlijkheid_na"
    with pytest.raises(ServiceError) as fout:
        services.bewaar_risico(po.privacy_a, dpia, RisicoGegevens(naam=risico.naam, ernst_na="beperkt",
                                                                     waarschijnlijkheid_na="beperkt"), risico)
    assert fout.value.field == "ernst"
    services.bewaar_risico(po.privacy_a, dpia, RisicoGegevens(
        naam=risico.naam, ernst="maximaal", waarschijnlijkheid="belangrijk", ernst_na="belangrijk",
        waarschijnlijkheid_na="beperkt", maatregel_ids=[dpia.maatregelen[0].id]), risico)
    assert (risico.ernst, risico.waarschijnlijkheid, risico.ernst_na, risico.waarschijnlijkheid_na) == (
        Niveau.maximaal, Niveau.belangrijk, Niveau.belangrijk, Niveau.beperkt)
    assert [m.label for m in risico.maatregelen] == ["Privacyrisico's beheren"]
    extra = services.bewaar_risico(po.privacy_a, dpia, RisicoGegevens(
        naam="Onterechte koppeling aan een persoon", gevolgen="Stigmatisering\n\nBoete", ernst="belangrijk",
        waarschijnlijkheid="beperkt"))
    assert extra.letter == "R4" and extra.gevolgen == "Stigmatisering\nBoete" and len(dpia.risicos) == 4


def test_scoring_a_risk_on_its_page_moves_it_on_the_risk_map(po, make, login):
    dpia = nieuwe_dpia(make, po.privacy_a)
    risico = dpia.risicos[0]
    web = login(po.privacy_a)
    before = web.get(f"/privacy/dpias/{dpia.id}/risicos").get_data(as_text=True)
    assert "<svg" in before and "nog niet geschat" in before and "<script" not in before
    response = web.post(f"/privacy/dpias/{dpia.id}/risicos/{risico.id}", data={
        "csrf_token": web.csrf_token, "naam": risico.naam, "gevolgen": risico.gevolgen, "ernst": "belangrijk",
        "waarschijnlijkheid": "maximaal", "ernst_na": "beperkt", "waarschijnlijkheid_na": "beperkt",
        "maatregelen": [m.id for m in risico.maatregelen]})
    assert response.status_code == 302
    after = web.get(f"/privacy/dpias/{dpia.id}/risicos").get_data(as_text=True)
    assert "ernst belangrijk, waarschijnlijkheid maximaal; na het actieplan ernst beperkt" in after
    assert after.count("<circle") == 2
    bad = web.post(f"/privacy/dpias/{dpia.id}/risicos/{risico.id}", data={
        "csrf_token": web.csrf_token, "naam": risico.naam, "ernst": "belangrijk", "waarschijnlijkheid": "maximaal",
        "ernst_na": "beperkt", "waarschijnlijkheid_na": ""})
    assert bad.status_code == 422 and "zowel de ernst als de waarschijnlijkheid" in bad.get_data(as_text=True)


# --- review and action plan ----------------------------------------------------------------------------------------


def test_te_verbeteren_becomes_an_action_with_owner_and_due_date_and_overdue_actions_are_listed(
        po, make, login, app, monkeypatch):
    dpia = nieuwe_dpia(make, po.privacy_a)
    antwoord = dpia.antwoord("informatie")
    with pytest.raises(ServiceError) as fout:
        services.beoordeel(po.privacy_a, dpia, antwoord, "te_verbeteren", "Folder ontbreekt.", None, None)
    assert fout.value.field == "eigenaar"
    with pytest.raises(ServiceError) as fout:
        services.beoordeel(po.privacy_a, dpia, antwoord, "te_corrigeren", "")
    assert fout.value.field == "toelichting"
    web = login(po.privacy_a)
    response = web.post(f"/privacy/dpias/{dpia.id}/beoordelen/antwoord/{antwoord.id}", data={
        "csrf_token": web.csrf_token, "beoordeling": "te_verbeteren", "toelichting": "Folder ontbreekt.",
        "eigenaar": "Team Inburgering", "deadline": "2026-06-01"})
    assert response.status_code == 302
    db.session.expire_all()
    assert antwoord.beoordeling is Beoordeling.te_verbeteren
    [actie] = dpia.acties
    assert (actie.onderwerp, actie.omschrijving, actie.eigenaar, actie.deadline, actie.status) == (
        sjabloon.VRAGEN["informatie"].tekst, "Folder ontbreekt.", "Team Inburgering", date(2026, 6, 1),
        ActieStatus.open)
    monkeypatch.setitem(app.config, "PORTAL_TODAY", "2026-06-15")
    assert services.acties_te_laat(po.privacy_a, date(2026, 6, 15)) == [actie]
    lijst = web.get("/privacy/dpias").get_data(as_text=True)
    assert "Folder ontbreekt." in lijst and "01-06-2026" in lijst
    web.post(f"/privacy/dpias/{dpia.id}/acties/{actie.id}/afronden", data={"csrf_token": web.csrf_token})
    db.session.expire_all()
    assert actie.status is ActieStatus.afgerond and services.acties_te_laat(po.privacy_a, date(2026, 6, 15)) == []


def test_an_action_is_added_to_the_plan_with_field_errors_in_dutch(po, make, login):
    dpia = nieuwe_dpia(make, po.privacy_a)
    web = login(po.privacy_a)
    bad = web.post(f"/privacy/dpias/{dpia.id}/acties", data={"csrf_token": web.csrf_token, "onderwerp": "Logging",
                                                             "omschrijving": "Log bewaren", "eigenaar": "",
                                                             "deadline": "31-02-2026"})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Vul in wie de actie uitvoert." in body
    assert "31-02-2026 bestaat niet. Controleer dag en maand." in body
    ok = web.post(f"/privacy/dpias/{dpia.id}/acties", data={"csrf_token": web.csrf_token, "onderwerp": "Logging",
                                                            "omschrijving": "Log bewaren", "eigenaar": "ICT",
                                                            "deadline": "2026-09-30"})
    assert ok.status_code == 302 and [a.eigenaar for a in dpia.acties] == ["ICT"]


# --- validation, lock, versions, renewal ---------------------------------------------------------------------------


def test_validation_needs_people_fg_advice_scored_risks_and_nothing_te_corrigeren(po, make):
    dpia = nieuwe_dpia(make, po.privacy_a)
    bezwaren = services.bezwaren_tegen_validatie(dpia)
    assert "Vul het advies van de FG in." in bezwaren and "Kies het oordeel van de FG." in bezwaren
    assert sum("Schat de ernst" in b for b in bezwaren) == 3
    klaar_voor_validatie(po.privacy_a, dpia)
    services.beoordeel(po.privacy_a, dpia, dpia.antwoord("doorgifte"), "te_corrigeren", "Niet ingevuld.")
    with pytest.raises(ServiceError) as fout:
        services.valideer(po.privacy_a, dpia, date(2026, 6, 15))
    assert "staat op Te corrigeren" in fout.value.message
    services.beoordeel(po.privacy_a, dpia, dpia.antwoord("doorgifte"), "acceptabel", "Aangevuld.")
    assert services.bezwaren_tegen_validatie(dpia) == []
    with pytest.raises(ServiceError) as fout:
        services.wijs_af(po.privacy_a, dpia, "  ", date(2026, 6, 15))
    assert fout.value.field == "reden"
    services.wijs_af(po.privacy_a, dpia, "Betrokkenen nog niet gehoord.", date(2026, 6, 15))
    assert dpia.status is DpiaStatus.afgewezen and not dpia.vergrendeld
    services.valideer(po.privacy_a, dpia, date(2026, 6, 15))
    assert dpia.status is DpiaStatus.gevalideerd and dpia.besluit_door == po.privacy_a.email
    assert services.herziening_op(dpia) == date(2029, 6, 15)


def test_a_validated_dpia_is_locked_and_a_change_starts_a_new_version_keeping_the_old_one(po, make, login):
    dpia = nieuwe_dpia(make, po.privacy_a)
    klaar_voor_validatie(po.privacy_a, dpia)
    services.voeg_actie_toe(po.privacy_a, dpia, "Logging", "Bewaartermijn log vastleggen", "ICT", date(2026, 9, 1))
    services.valideer(po.privacy_a, dpia, date(2026, 6, 15))
    db.session.commit()
    with pytest.raises(ServiceError) as fout:
        services.beantwoord(po.privacy_a, dpia, {"doelbinding": "anders"})
    assert fout.value.status == 409
    web = login(po.privacy_a)
    assert web.post(f"/privacy/dpias/{dpia.id}/deel/1", data={"csrf_token": web.csrf_token}).status_code == 409
    locked = web.get(f"/privacy/dpias/{dpia.id}/deel/1").get_data(as_text=True)
    assert "<textarea" not in locked and sjabloon.VRAGEN["verwerking"].model in locked

    response = web.post(f"/privacy/dpias/{dpia.id}/nieuwe-versie", data={"csrf_token": web.csrf_token})
    assert response.status_code == 302
    db.session.expire_all()
    [oud, nieuw] = services.versies(dpia)
    assert (oud.id, oud.status, nieuw.versie, nieuw.status, nieuw.vorige_id) == (
        dpia.id, DpiaStatus.gevalideerd, 2, DpiaStatus.concept, dpia.id)
    assert [r.ernst for r in nieuw.risicos] == [Niveau.beperkt] * 3
    assert [m.label for m in nieuw.risicos[0].maatregelen] == [m.label for m in oud.risicos[0].maatregelen]
    assert {m.id for m in nieuw.risicos[0].maatregelen}.isdisjoint({m.id for m in oud.maatregelen})
    assert [a.omschrijving for a in nieuw.acties] == ["Bewaartermijn log vastleggen"]
    assert services.lijst(po.privacy_a) == [nieuw]
    services.beantwoord(po.privacy_a, nieuw, {"doelbinding": "Aangescherpt doel."})
    assert oud.antwoord("doelbinding").tekst == sjabloon.VRAGEN["doelbinding"].model
    assert web.get(f"/privacy/dpias/{oud.id}").status_code == 200
    with pytest.raises(ServiceError):
        services.nieuwe_versie(po.privacy_a, oud)  # only the newest version starts a new one
    assert nieuw.fg_advies is None  # a new version asks the FG again
    klaar_voor_validatie(po.privacy_a, nieuw)
    services.valideer(po.privacy_a, nieuw, date(2026, 7, 1))
    assert oud.status is DpiaStatus.vervangen


def test_renewal_is_listed_within_90_days_and_when_overdue(po, make, login, app, monkeypatch):
    dpia = nieuwe_dpia(make, po.privacy_a)
    klaar_voor_validatie(po.privacy_a, dpia)
    services.valideer(po.privacy_a, dpia, date(2023, 8, 1))
    db.session.commit()
    assert services.herzieningen(po.privacy_a, date(2026, 5, 1)) == []
    [bijna] = services.herzieningen(po.privacy_a, date(2026, 6, 15))
    assert bijna.op == date(2026, 8, 1) and not bijna.te_laat
    [te_laat] = services.herzieningen(po.privacy_a, date(2026, 8, 2))
    assert te_laat.te_laat
    monkeypatch.setitem(app.config, "PORTAL_TODAY", "2026-08-02")
    page = login(po.privacy_a).get("/privacy/dpias").get_data(as_text=True)
    assert "had uiterlijk 01-08-2026 herzien moeten zijn" in page


# --- exports -------------------------------------------------------------------------------------------------------


def test_the_document_has_the_model_table_of_tasks_and_their_data_as_an_appendix(po, make, login):
    dpia = nieuwe_dpia(make, po.privacy_a)
    html = login(po.privacy_a).get(f"/privacy/dpias/{dpia.id}/document").get_data(as_text=True)
    bijlage = html.split("<h2>Bijlage: tabel gegevensverwerking</h2>")[1]
    for taak in sjabloon.TAKEN:
        assert f"<td>{taak.nummer}. {taak.taak}</td>" in bijlage
    assert "Art. 9.4 lid 3 Besluit" in bijlage
    assert '<li class="utrecht-unordered-list__item">Geboortedatum</li>' in bijlage


def test_the_pdf_carries_the_title_and_the_risk_map_and_the_xlsx_escapes_formulas(po, make, login):
    dpia = nieuwe_dpia(make, po.privacy_a, titel="Portaal Kerkrade 2026")
    scoor(po.privacy_a, dpia)
    services.voeg_actie_toe(po.privacy_a, dpia, "=HYPERLINK(\"http://x\")", "+1+1", "@ICT", date(2026, 9, 1))
    db.session.commit()
    web = login(po.privacy_a)
    html = web.get(f"/privacy/dpias/{dpia.id}/document").get_data(as_text=True)
    assert "<title>DPIA Portaal Kerkrade 2026</title>" in html and "<h1>DPIA Portaal Kerkrade 2026</h1>" in html
    assert "<svg" in html and "Risicokartering" in html
    pdf = web.get(f"/privacy/dpias/{dpia.id}/document.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert pdf_titel(pdf.data) == "DPIA Portaal Kerkrade 2026"

    xlsx = web.get(f"/privacy/dpias/{dpia.id}/actieplan.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data))["Actieplan"]
    assert sheet.cell(5, 1).value == "=HYPERLINK(\"http://x\")" and sheet.cell(5, 1).data_type == "s"
    assert sheet.cell(5, 2).value == "+1+1" and sheet.cell(5, 2).data_type == "s"


# --- scoping -------------------------------------------------------------------------------------------------------


def test_another_gemeentes_privacy_officer_sees_nothing_and_other_roles_are_refused(world, make, login):
    dpia = nieuwe_dpia(make, world.privacy_a, titel="Geheime DPIA Aadorp")
    risico, antwoord = dpia.risicos[0], dpia.antwoorden[0]
    vreemd = login(make.user("privacy", world.gemeente_b))
    urls = [f"/privacy/dpias/{dpia.id}", f"/privacy/dpias/{dpia.id}/deel/1", f"/privacy/dpias/{dpia.id}/risicos",
            f"/privacy/dpias/{dpia.id}/risicos/{risico.id}", f"/privacy/dpias/{dpia.id}/validatie",
            f"/privacy/dpias/{dpia.id}/acties", f"/privacy/dpias/{dpia.id}/beoordelen/antwoord/{antwoord.id}",
            f"/privacy/dpias/{dpia.id}/document", f"/privacy/dpias/{dpia.id}/document.pdf",
            f"/privacy/dpias/{dpia.id}/actieplan.xlsx"]
    for url in urls:
        assert vreemd.get(url).status_code == 404, url
    assert vreemd.post(f"/privacy/dpias/{dpia.id}/besluit", data={"csrf_token": vreemd.csrf_token,
                                                                  "valideren": "1"}).status_code == 404
    assert dpia.titel not in vreemd.get("/privacy/dpias").get_data(as_text=True)
    for user in (world.regisseur_a, world.taal_user, world.beheerder):
        web = login(user)
        assert web.get("/privacy/dpias").status_code == 403
        assert web.get(f"/privacy/dpias/{dpia.id}").status_code == 403
    with pytest.raises(Forbidden):  # the one privacy role check (access.vereis_privacy)
        services.nieuw(world.regisseur_a, "X")
