"""A regisseur creates and assigns a trajectory; the assigned aanbieder sees it, another aanbieder does not."""
import re

import pyotp
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out, person


def test_regisseur_creates_and_assigns_and_only_the_assigned_aanbieder_sees_it(page, live, shoot):
    world = live.seed(lambda make: _world(make))
    regisseur, toegewezen, ander = world

    log_in(page, live, regisseur)
    expect(page.get_by_role("heading", name="Vandaag te doen")).to_be_visible()
    page.get_by_role("link", name="Trajecten", exact=True).click()
    expect(page.get_by_role("heading", name="Trajecten")).to_be_visible()
    shoot("regisseur-trajecten")
    page.get_by_role("link", name="Nieuw traject").first.click()
    page.get_by_label("Doelgroep").select_option("asielstatushouder")
    page.get_by_label("Leerroute").select_option("b1")
    page.get_by_label("PIP-datum").fill("2026-02-02")
    page.get_by_label("Intensiteit (taaluren)").fill("600")
    shoot("regisseur-nieuw-traject")
    page.get_by_role("button", name="Traject aanmaken").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Traject ")
    traject_id = page.locator("#traject-id").inner_text()
    assert re.fullmatch(r"[A-Z][0-9A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]", traject_id)

    page.get_by_label("Aanbieder", exact=True).select_option(toegewezen.org_code)
    page.get_by_label("Onderdeel", exact=True).select_option("taal")
    page.get_by_label("Startdatum").fill("2026-03-02")
    page.get_by_role("button", name="Aanbieder toewijzen").click()
    expect(page.get_by_text("De aanbieder is toegewezen.")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile(toegewezen.org_code))).to_be_visible()
    shoot("regisseur-traject-detail")
    log_out(page)

    log_in(page, live, toegewezen)
    page.get_by_role("link", name="Mijn trajecten", exact=True).click()  # the start page first shows what is due
    expect(page.get_by_role("heading", name="Mijn trajecten")).to_be_visible()
    expect(page.get_by_role("link", name=traject_id)).to_be_visible()
    shoot("aanbieder-mijn-trajecten")
    page.get_by_role("link", name=traject_id).click()
    expect(page.locator("#traject-id")).to_have_text(traject_id)
    log_out(page)

    log_in(page, live, ander)
    page.get_by_role("link", name="Mijn trajecten", exact=True).click()  # the start page first shows what is due
    expect(page.get_by_role("heading", name="Mijn trajecten")).to_be_visible()
    expect(page.get_by_role("link", name=traject_id)).to_have_count(0)
    response = page.goto(f"{live.url}/trajecten/{traject_id}")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Niet gevonden")).to_be_visible()
    shoot("ander-aanbieder-404")


def test_the_login_page_and_beheer_pages_render(page, live, shoot):
    beheerder = live.seed(lambda make: person(make.user("beheerder", make.gemeente())))
    page.goto(f"{live.url}/login")
    shoot("login")
    log_in(page, live, beheerder)
    page.get_by_role("link", name="Organisaties", exact=True).click()  # from the start page
    expect(page.get_by_role("heading", name="Organisaties")).to_be_visible()
    shoot("beheer-organisaties")
    page.get_by_role("link", name="Gebruikers").click()
    expect(page.get_by_role("heading", name="Gebruikers")).to_be_visible()
    shoot("beheer-gebruikers")
    page.get_by_role("link", name="API-tokens", exact=True).click()
    expect(page.get_by_role("heading", name="API-tokens")).to_be_visible()
    expect(page.get_by_role("button", name="API-token maken")).to_have_count(0)  # the beheerder only revokes
    shoot("beheer-tokens")
    page.get_by_role("link", name="Logboek beheer").click()
    expect(page.get_by_role("heading", name="Logboek beheer")).to_be_visible()
    shoot("beheer-logboek")


def test_a_user_makes_her_own_api_token_with_a_fresh_code(page, live, shoot):
    regisseur = live.seed(lambda make: person(make.user("regisseur", make.gemeente())))
    log_in(page, live, regisseur)
    page.get_by_role("link", name="Mijn API-tokens").click()
    page.get_by_label("Naam").fill("Koppeling caseloadsysteem")
    page.get_by_label("Geldig").select_option("30")
    page.get_by_label("Authenticatiecode").fill(pyotp.TOTP(regisseur.totp_base32).now())
    page.get_by_role("button", name="API-token maken").click()
    expect(page.locator("#nieuw-token")).to_contain_text("ibp_")
    expect(page.get_by_role("cell", name="Koppeling caseloadsysteem")).to_be_visible()
    shoot("mijn-api-tokens")


def _world(make):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    toegewezen = make.user("aanbieder", make.aanbieder(["taal"], naam="Taalhuis Toegewezen"))
    ander = make.user("aanbieder", make.aanbieder(["taal"], naam="Taalhuis Anders"))
    for user in (toegewezen, ander):
        make.vo(user.organisatie, gemeente)
    return person(regisseur), person(toegewezen), person(ander)
