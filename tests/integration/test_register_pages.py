"""The register pages, exports and API for the privacy officer: her own gemeente only (another's activity is 404),
other roles 403; editing through the form makes a new version; the exports carry the art. 30 fields."""
import io
import json
import re

import openpyxl
import pytest
from sqlalchemy import select

from dpia.register import services
from dpia.register.codes import VELDEN, RegisterStatus
from dpia.register.models import Verwerkingsactiviteit
from portal.codes import Activiteit
from portal.extensions import db
from tests.conftest import _csrf
from tests.integration.test_register import VOLLEDIG

VAR_NAMEN = {"id", "versieId", "versie", "code", "naam", "doel", "grondslag", "grondslagArtikel",
             "verantwoordelijkeBestuursorgaan", "categorieenBetrokkenen", "categorieenPersoonsgegevens",
             "bijzondereCategorieen", "uitzonderingArt9", "ontvangers", "verwerkers", "doorgifteBuitenEer",
             "doorgifteWaarborgen", "bewaartermijn", "bewaartermijnJaren", "beveiligingsmaatregelen", "eigenaar",
             "dpia", "status", "gewijzigdOp", "gewijzigdDoor"}


def _activiteit(gemeente, code: Activiteit) -> Verwerkingsactiviteit:
    return db.session.scalar(select(Verwerkingsactiviteit).where(
        Verwerkingsactiviteit.gemeente_id == gemeente.id, Verwerkingsactiviteit.code == code.value))


def _form_data(web, inhoud: dict, basis_versie: int | None = None) -> dict:
    data = {"csrf_token": web.csrf_token}
    for key, value in inhoud.items():
        if value is None or value is False or value == []:
            continue
        data[key] = "y" if value is True else value if isinstance(value, list) else str(getattr(value, "value", value))
    if basis_versie is not None:
        data["basis_versie"] = str(basis_versie)
    return data


START = {"privacy": "/privacy/", "beheerder": "/beheer/organisaties", "regisseur": "/trajecten/",
         "aanbieder": "/trajecten/"}


@pytest.fixture
def inloggen(login):
    """A logged-in client with the CSRF token of the user's start page (every page has the logout form)."""
    def _web(user):
        client = login(user)
        client.csrf_token = _csrf(client.get(START[user.rol.value]).get_data(as_text=True))
        return client
    return _web


@pytest.fixture
def privacy_b(world, make):
    return make.user("privacy", world.gemeente_b)


# --- pages -------------------------------------------------------------------------------------------------------


def test_the_register_page_lists_the_activities_with_status_and_completeness(world, login, make):
    eigen = services.nieuwe_activiteit(world.gemeente_a, {"naam": "Cameratoezicht taalschool"}, "p@x.nl")
    db.session.commit()
    page = login(world.privacy_a).get("/privacy/register")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Voortgangsrapportage door aanbieders inburgering" in html and "Vastgesteld" in html
    assert "Cameratoezicht taalschool" in html and "Onvolledig" in html and "Bewaartermijn in jaren" in html
    assert html.count("Volledig</span>") == len(Activiteit)
    assert f"/privacy/register/{eigen.id}" in html


def test_the_detail_page_shows_the_version_in_force_and_the_history(world, login):
    activiteit = _activiteit(world.gemeente_a, Activiteit.signalering_regie)
    services.wijzig(activiteit, {**services.inhoud_van(activiteit.nieuwste), "eigenaar": "Teamleider regie"}, "p@x.nl")
    db.session.commit()
    web = login(world.privacy_a)
    html = web.get(f"/privacy/register/{activiteit.id}").get_data(as_text=True)
    assert "Versie 2" in html and "Concept" in html and "Teamleider regie" in html
    assert "Ter beoordeling aanbieden" in html and "Versiegeschiedenis" in html
    assert f"versie-id {activiteit.versies[0].id}" in html
    oud = web.get(f"/privacy/register/{activiteit.id}?versie=1").get_data(as_text=True)
    assert "Teamleider regie" not in oud and "Proceseigenaar inburgering" in oud
    assert web.get(f"/privacy/register/{activiteit.id}?versie=9").status_code == 404


def test_editing_through_the_form_makes_a_new_version_and_keeps_every_other_field(world, inloggen):
    activiteit = _activiteit(world.gemeente_a, Activiteit.voortgangsrapportage)
    web = inloggen(world.privacy_a)
    form = web.get(f"/privacy/register/{activiteit.id}/wijzigen").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="gezondheid"', form)
    assert "Voortgangsrapportage door aanbieders inburgering" in form
    inhoud = services.inhoud_van(activiteit.nieuwste)
    response = web.post(f"/privacy/register/{activiteit.id}/wijzigen",
                        data=_form_data(web, {**inhoud, "doel": "Aangepast doel."}, basis_versie=1))
    assert response.status_code == 302
    db.session.expire_all()
    v1, v2 = activiteit.versies
    assert (v2.versie, v2.status, v2.doel, v2.gewijzigd_door) == (2, RegisterStatus.draft, "Aangepast doel.",
                                                                   world.privacy_a.email)
    assert {k: v for k, v in services.inhoud_van(v2).items() if k != "doel"} == \
        {k: v for k, v in services.inhoud_van(v1).items() if k != "doel"}


def test_the_form_shows_a_refused_ground_f_in_dutch_and_stores_nothing(world, inloggen):
    activiteit = _activiteit(world.gemeente_a, Activiteit.voortgangsrapportage)
    web = inloggen(world.privacy_a)
    response = web.post(f"/privacy/register/{activiteit.id}/wijzigen",
                        data=_form_data(web, {**services.inhoud_van(activiteit.nieuwste), "grondslag": "f"}, 1))
    assert response.status_code == 422
    assert "geldt niet voor een overheidsorgaan" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(activiteit.versies) == 1


def test_a_new_activity_through_the_page_is_a_draft_and_the_status_buttons_run_the_workflow(world, inloggen):
    web = inloggen(world.privacy_a)
    response = web.post("/privacy/register/nieuw", data=_form_data(web, VOLLEDIG))
    assert response.status_code == 302
    activiteit = db.session.scalar(select(Verwerkingsactiviteit).where(
        Verwerkingsactiviteit.gemeente_id == world.gemeente_a.id, Verwerkingsactiviteit.code.is_(None)))
    assert activiteit.nieuwste.status is RegisterStatus.draft
    assert activiteit.nieuwste.gewijzigd_door == world.privacy_a.email
    for status, versie in (("vastgesteld", 1), ("in_review", 1), ("vastgesteld", 2)):
        web.post(f"/privacy/register/{activiteit.id}/status",
                 data={"csrf_token": web.csrf_token, "status": status, "basis_versie": str(versie)})
    db.session.expire_all()
    assert [v.status.value for v in activiteit.versies] == ["draft", "in_review", "vastgesteld"]
    refused = web.post(f"/privacy/register/{activiteit.id}/status", follow_redirects=True,
                       data={"csrf_token": web.csrf_token, "status": "in_review", "basis_versie": "3"})
    assert "kan niet naar ter beoordeling" in refused.get_data(as_text=True)


def test_the_dekking_page_is_green_for_a_complete_register(world, login):
    html = login(world.privacy_a).get("/privacy/dekking").get_data(as_text=True)
    assert "Volledig gedekt" in html and "traject.doelgroep" in html and "verwerkingsactie.hash" in html
    assert "Voortgangsrapportage door aanbieders inburgering" in html


def test_the_dekking_page_names_the_fields_of_a_lapsed_activity(world, login):
    activiteit = _activiteit(world.gemeente_a, Activiteit.beheer_accounts)
    services.zet_status(activiteit, "vervallen", "p@x.nl")
    db.session.commit()
    html = login(world.privacy_a).get("/privacy/dekking").get_data(as_text=True)
    assert "niet gedekt" in html and "user.password" in html and "Volledig gedekt" not in html


def test_the_privacy_menu_has_the_register_and_the_dekking_page(world, login):
    html = login(world.privacy_a).get("/privacy/").get_data(as_text=True)
    assert "/privacy/register" in html and "/privacy/dekking" in html


# --- exports -----------------------------------------------------------------------------------------------------


def _vastgesteld(gemeente, waarden):
    activiteit = services.nieuwe_activiteit(gemeente, waarden, "p@x.nl")
    services.zet_status(activiteit, "in_review", "p@x.nl")
    services.zet_status(activiteit, "vastgesteld", "p@x.nl")
    db.session.commit()
    return activiteit


def test_the_xlsx_export_has_one_row_per_vastgestelde_activity_with_the_art30_columns(world, login):
    _vastgesteld(world.gemeente_a, {**VOLLEDIG, "naam": '=HYPERLINK("http://x.nl","klik")'})
    services.nieuwe_activiteit(world.gemeente_a, {"naam": "Nog een concept"}, "p@x.nl")
    db.session.commit()
    response = login(world.privacy_a).get("/privacy/register/export.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert f"verwerkingsregister-{world.gemeente_a.code}-" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[3]
    assert list(header) == ["ID", "Versie", *(v.label for v in VELDEN), "Status", "Gewijzigd op"]
    data = [dict(zip(header, row, strict=True)) for row in rows[4:]]
    assert len(data) == len(Activiteit) + 1 and "Nog een concept" not in {r["Naam"] for r in data}
    voortgang = next(r for r in data if r["Naam"] == "Voortgangsrapportage door aanbieders inburgering")
    assert voortgang["Grondslag (AVG art. 6 lid 1)"].startswith("e —")
    assert voortgang["Bijzondere categorieën (AVG art. 9)"] == "Gezondheid"
    assert voortgang["Bewaartermijn in jaren"] == 5 and voortgang["Status"] == "Vastgesteld"
    assert "aanbieders" in voortgang["Verwerkers"]
    formule = next(c for c in sheet[5 + len(Activiteit)] if c.column == 3)  # the row after the standard ones
    assert formule.value == '=HYPERLINK("http://x.nl","klik")' and formule.data_type == "s"


def test_the_json_export_uses_the_var_field_names(world, login):
    response = login(world.privacy_a).get("/privacy/register/export.json")
    body = json.loads(response.data)
    assert body["verwerkingsverantwoordelijke"] == {"code": world.gemeente_a.code, "naam": world.gemeente_a.naam}
    activiteiten = body["verwerkingsactiviteiten"]
    assert len(activiteiten) == len(Activiteit) and all(set(a) == VAR_NAMEN for a in activiteiten)
    voortgang = next(a for a in activiteiten if a["code"] == "voortgangsrapportage")
    assert voortgang["grondslag"] == "e" and voortgang["verantwoordelijkeBestuursorgaan"] == \
        "college_van_burgemeester_en_wethouders"
    assert isinstance(voortgang["categorieenBetrokkenen"], list)
    assert voortgang["bijzondereCategorieen"] == ["gezondheid"]
    assert voortgang["bewaartermijnJaren"] == 5 and voortgang["status"] == "vastgesteld"


def test_the_api_gives_the_callers_register_with_every_status(world, make, client):
    services.nieuwe_activiteit(world.gemeente_a, {"naam": "Concept-activiteit"}, "p@x.nl")
    db.session.commit()
    response = client.get("/api/v1/register", headers={"Authorization": f"Bearer {make.token(world.privacy_a)}"})
    assert response.status_code == 200
    activiteiten = response.json["verwerkingsactiviteiten"]
    assert {a["naam"]: a["status"] for a in activiteiten}["Concept-activiteit"] == "draft"
    assert len(activiteiten) == len(Activiteit) + 1 and all(set(a) == VAR_NAMEN for a in activiteiten)
    ids = {a["id"] for a in activiteiten}
    assert not ids & {a.id for a in services.register(world.gemeente_b.id)}


def test_the_dekking_api_reports_every_field_and_nothing_uncovered(world, make, client):
    response = client.get("/api/v1/register/dekking",
                          headers={"Authorization": f"Bearer {make.token(world.privacy_a)}"})
    assert response.status_code == 200 and response.json["niet_gedekt"] == []
    velden = {v["veld"]: v["activiteiten"] for v in response.json["velden"]}
    assert velden["aanwezigheid.verzuim_reden"] == ["voortgangsrapportage", "signalering_regie",
                                                    "gegevensbeschermingsverzoeken"]
    assert "verwerkingsactie.hash" not in velden


# --- scoping -----------------------------------------------------------------------------------------------------


def test_another_gemeentes_activity_answers_404_like_a_missing_one(world, inloggen, privacy_b):
    foreign = _activiteit(world.gemeente_a, Activiteit.voortgangsrapportage)
    web = inloggen(privacy_b)
    for url in (f"/privacy/register/{foreign.id}", f"/privacy/register/{foreign.id}/wijzigen"):
        assert web.get(url).status_code == 404
    # the pages' csrf_token (in the logout form) is signed with the second it was made in: left out
    def zonder_csrf(url: str) -> bytes:
        return re.sub(rb'name="csrf_token" value="[^"]*"', b"", web.get(url).get_data())
    assert zonder_csrf(f"/privacy/register/{foreign.id}") == zonder_csrf("/privacy/register/999999")
    for url, data in ((f"/privacy/register/{foreign.id}/wijzigen", {**VOLLEDIG}),
                      (f"/privacy/register/{foreign.id}/status", {"status": "vervallen"})):
        assert web.post(url, data={"csrf_token": web.csrf_token, **data}).status_code == 404
    db.session.expire_all()
    assert len(foreign.versies) == 1
    html = web.get("/privacy/register").get_data(as_text=True)
    assert f"/privacy/register/{foreign.id}\"" not in html
    export = json.loads(web.get("/privacy/register/export.json").data)
    assert export["verwerkingsverantwoordelijke"]["code"] == world.gemeente_b.code
    assert foreign.id not in {a["id"] for a in export["verwerkingsactiviteiten"]}


@pytest.mark.parametrize("rol", ["regisseur", "aanbieder", "beheerder"])
def test_other_roles_get_403_on_the_register_pages_and_api(world, inloggen, make, client, rol):
    user = {"regisseur": world.regisseur_a, "aanbieder": world.taal_user, "beheerder": world.beheerder}[rol]
    activiteit = _activiteit(world.gemeente_a, Activiteit.voortgangsrapportage)
    web = inloggen(user)
    for url in ("/privacy/register", f"/privacy/register/{activiteit.id}", "/privacy/register/nieuw",
                f"/privacy/register/{activiteit.id}/wijzigen", "/privacy/register/export.xlsx",
                "/privacy/register/export.json", "/privacy/dekking"):
        assert web.get(url).status_code == 403, url
    assert web.post(f"/privacy/register/{activiteit.id}/status",
                    data={"csrf_token": web.csrf_token, "status": "vervallen"}).status_code == 403
    token = {"Authorization": f"Bearer {make.token(user)}"}
    for url in ("/api/v1/register", "/api/v1/register/dekking"):
        response = client.get(url, headers=token)
        assert response.status_code == 403 and response.json["error"] == "verboden", url
