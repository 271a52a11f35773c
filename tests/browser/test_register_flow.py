"""The privacy officer edits a register activity, sees the new version in the history, takes it through review to
vastgesteld, and exports the register as XLSX with the new text in it."""
import io
import re

import openpyxl
from playwright.sync_api import expect

from tests.browser.conftest import log_in, person

NAAM = "Voortgangsrapportage door aanbieders inburgering"
NIEUW_DOEL = "Aanbieders leveren per traject-ID de voortgang aan, zodat de consulent tijdig kan bijsturen."


def test_privacy_officer_edits_an_activity_sees_the_new_version_and_exports_the_register(page, live, shoot):
    privacy = live.seed(_world)
    log_in(page, live, privacy)
    page.get_by_role("link", name="Verwerkingsregister", exact=True).first.click()
    expect(page.get_by_role("heading", name="Verwerkingsregister", exact=True)).to_be_visible()
    expect(page.locator("#register")).to_contain_text("Volledig")
    shoot("register-lijst")

    page.get_by_role("link", name=NAAM).click()
    expect(page.get_by_role("heading", name=NAAM)).to_be_visible()
    expect(page.locator("#versies tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Wijzigen", exact=True).click()

    expect(page.get_by_label("Gezondheid")).to_be_checked()  # the form starts from the current version
    page.get_by_label("Doel van de verwerking").fill(NIEUW_DOEL)
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()

    expect(page.get_by_role("status").first).to_contain_text("Opgeslagen als versie 2 (concept)")
    expect(page.locator("#getoonde-versie")).to_contain_text("Versie 2")
    expect(page.locator("#getoonde-versie")).to_contain_text("Concept")
    expect(page.locator("#versie-velden")).to_contain_text(NIEUW_DOEL)
    expect(page.locator("#versies tbody tr")).to_have_count(2)
    expect(page.locator("#versies tbody tr").nth(1)).to_contain_text("van kracht")  # version 1 stays in force
    shoot("register-nieuwe-versie")

    page.get_by_role("button", name="Ter beoordeling aanbieden").click()
    expect(page.locator("#getoonde-versie")).to_contain_text("Ter beoordeling")
    page.get_by_role("button", name="Vaststellen").click()
    expect(page.locator("#getoonde-versie")).to_contain_text("Versie 4")
    expect(page.locator("#versies tbody tr").first).to_contain_text("van kracht")
    page.get_by_role("link", name="Versie 1", exact=True).click()
    expect(page.locator("#versie-velden")).not_to_contain_text(NIEUW_DOEL)
    shoot("register-versiegeschiedenis")

    page.get_by_role("link", name="← Verwerkingsregister").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren als XLSX").click()
    download = download_info.value
    assert re.fullmatch(rf"verwerkingsregister-{privacy.org_code}-\d{{8}}\.xlsx", download.suggested_filename)
    with open(download.path(), "rb") as saved:
        sheet = openpyxl.load_workbook(io.BytesIO(saved.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[3]
    activiteiten = [dict(zip(header, row, strict=True)) for row in rows[4:]]
    assert len(activiteiten) == 5  # the portal's own activities (portal.codes.Activiteit)
    voortgang = next(a for a in activiteiten if a["Naam"] == NAAM)
    assert voortgang["Doel van de verwerking"] == NIEUW_DOEL and voortgang["Versie"] == 4
    assert voortgang["Status"] == "Vastgesteld"

    page.get_by_role("link", name="Dekking van het schema", exact=True).first.click()
    expect(page.get_by_role("status").first).to_contain_text("zijn gedekt")
    shoot("register-dekking")


def test_a_refused_ground_is_explained_on_the_form(page, live):
    privacy = live.seed(_world)
    log_in(page, live, privacy)
    page.goto(f"{live.url}/privacy/register")
    page.get_by_role("link", name="Beheer van gebruikers en toegang tot het Inburgeringsportaal").click()
    page.get_by_role("link", name="Wijzigen", exact=True).click()
    page.get_by_label("Grondslag (AVG art. 6 lid 1)").select_option("f")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    expect(page.get_by_role("alert").first).to_contain_text("geldt niet voor een overheidsorgaan")
    page.goto(f"{live.url}/privacy/register")
    expect(page.locator("#register")).not_to_contain_text("Concept")


def _world(make):
    gemeente = make.gemeente(naam="Gemeente Registerstad")
    return person(make.user("privacy", gemeente))
