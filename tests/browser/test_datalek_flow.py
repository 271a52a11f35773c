"""The privacy officer records a datalek discovered on Friday 16:00; on Monday 10:00 the page counts down to the AP
deadline of Monday 16:00 ("nog 6 uur"); a field error is shown in Dutch first."""
from playwright.sync_api import expect

from tests.browser.conftest import log_in, person


def test_privacy_officer_records_a_datalek_and_sees_the_72_hour_countdown(page, live, shoot):
    privacy = live.seed(lambda make: person(make.user("privacy", make.gemeente(naam="Gemeente Lekstad"))))
    live.app.config["PORTAL_NOW"] = "2026-06-15T10:00"
    try:
        log_in(page, live, privacy)
        page.get_by_role("link", name="Datalekken", exact=True).first.click()
        page.get_by_role("link", name="Datalek vastleggen").click()
        page.get_by_label("Korte omschrijving").fill("Trajectoverzicht naar verkeerde aanbieder")
        page.get_by_label("Wat is er gebeurd?").fill("Een export met traject-ID's ging naar de verkeerde aanbieder.")
        page.get_by_label("Ontdekt op").fill("2026-06-12T16:00")
        page.get_by_label("Betrokkenen informeren (art. 34)").select_option(label="Nee, niet informeren")
        page.get_by_role("button", name="Datalek opslaan").click()
        expect(page.get_by_text("Licht het besluit over het informeren van betrokkenen toe (art. 34).").first) \
            .to_be_visible()
        page.get_by_label("Reden van het besluit over informeren").fill("Alleen pseudonieme ID's; laag risico.")
        page.get_by_role("button", name="Datalek opslaan").click()
        expect(page.get_by_text("Melden bij de AP uiterlijk 15-06-2026 16:00.")).to_be_visible()
        expect(page.locator("#aftellen")).to_have_text("nog 6 uur")
        expect(page.locator("#deadline")).to_have_text("15-06-2026 16:00")
        shoot("datalek-aftellen")
        page.get_by_role("link", name="Datalekken", exact=True).first.click()
        expect(page.get_by_role("cell", name="nog 6 uur")).to_be_visible()
    finally:
        live.app.config.pop("PORTAL_NOW", None)
