"""The privacy officer handles data-subject requests in the browser: registers an inzage request, runs the export,
downloads the XLSX and makes the answer letter final; registers a restriction, sees an aanbieder's upload for that
trajectory refused (a second browser context), and lifts the restriction."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in, privacy_officer_and_aanbieder
from tests.browser.test_upload_flow import HEADER


def _registreer(page, live, soort: str, traject_id: str) -> None:
    page.goto(f"{live.url}/privacy/verzoeken")
    page.get_by_role("link", name="Nieuw verzoek registreren").click()
    page.get_by_label("Soort verzoek").select_option(soort)
    page.get_by_label("Ontvangen op").fill("2026-06-10")
    page.get_by_label("Traject-ID's").fill(traject_id)
    page.get_by_label("Identiteit gecontroleerd via").select_option("balie_id_bewijs")
    page.get_by_role("button", name="Verzoek registreren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verzoek")
    expect(page.get_by_text("Uiterlijk beantwoorden op 10-07-2026").first).to_be_visible()


def test_privacy_officer_exports_writes_the_letter_restricts_and_lifts(page, live, browser, browser_context_args,
                                                                       shoot):
    privacy, aanbieder, traject_id = live.seed(
        lambda make: privacy_officer_and_aanbieder(make, "Gemeente Verzoekdorp", "Taalhuis Verzoek"))
    log_in(page, live, privacy)

    _registreer(page, live, "inzage", traject_id)
    shoot("verzoek-inzage")
    page.get_by_role("link", name="Bekijken").click()
    expect(page.get_by_role("heading", name=f"Traject {traject_id}")).to_be_visible()
    expect(page.get_by_role("heading", name="Toewijzingen")).to_be_visible()
    shoot("verzoek-export")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download XLSX").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_role("link", name="Terug naar het verzoek").click()
    page.get_by_label("Nieuwe status").select_option("afgehandeld")  # the decision comes before the letter
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_text("De status is gewijzigd.")).to_be_visible()
    page.get_by_role("link", name="Brief opstellen").click()
    expect(page.get_by_label("Tekst van de brief")).to_contain_text("6 weken")
    page.get_by_role("button", name="Opslaan en definitief maken").click()
    expect(page.get_by_text("Deze brief is definitief")).to_be_visible()
    shoot("verzoek-brief")

    _registreer(page, live, "beperking", traject_id)
    page.get_by_role("button", name="Verwerking beperken").click()
    expect(page.get_by_text(f"De verwerking van {traject_id} is beperkt")).to_be_visible()

    other = browser.new_context(**browser_context_args)
    try:
        upload = other.new_page()
        log_in(upload, live, aanbieder)
        upload.goto(f"{live.url}/aanleveren/")
        csv = "\n".join([HEADER, f"{traject_id};taal;01-05-2026;31-05-2026;40;36;4;0;ziekte;1", ""]).encode()
        upload.get_by_label("Soort aanlevering").select_option("aanwezigheid")
        upload.get_by_label("Bestand", exact=True).set_input_files(
            files=[{"name": "mei.csv", "mimeType": "text/csv", "buffer": csv}])
        upload.get_by_role("button", name="Aanleveren").click()
        expect(upload.locator("#status")).to_have_text("afgewezen")
        expect(upload.get_by_text(re.compile("beperkt op verzoek van de betrokkene")).first).to_be_visible()
    finally:
        other.close()

    page.get_by_role("button", name="Beperking opheffen").click()
    expect(page.get_by_text("De beperking is opgeheven.")).to_be_visible()
    shoot("verzoek-beperking-opgeheven")
