"""An aanbieder types dates as dd-mm-jjjj in a browser whatever its locale, sees every error of the form at once with
links to the fields, and overwrites a period only after answering "Overschrijven?"."""
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_invoer_flow import _world


def test_aanbieder_sees_all_errors_at_once_and_confirms_before_overwriting_a_period(page, live, shoot):
    aanbieder, traject_id = live.seed(_world)
    log_in(page, live, aanbieder)
    page.goto(f"{live.url}/trajecten/{traject_id}/invoer/aanwezigheid")

    begin = page.get_by_label("Begin periode", exact=True)
    expect(begin).to_have_attribute("type", "text")
    expect(begin).to_have_attribute("placeholder", "dd-mm-jjjj")
    begin.fill("31-02-2026")
    page.get_by_label("Einde periode", exact=True).fill("31-05-2026")
    page.get_by_label("Uren aanwezig", exact=True).fill("veertig")
    page.get_by_role("button", name="Opslaan").click()

    summary = page.get_by_role("alert").first
    expect(summary).to_contain_text("31-02-2026 bestaat niet")
    expect(summary).to_contain_text("Vul uren gepland in.")
    expect(summary).to_contain_text("Vul uren aanwezig in als getal")
    shoot("formulier-alle-fouten")
    summary.get_by_role("link", name="Uren gepland: Vul uren gepland in.").click()
    expect(page.get_by_label("Uren gepland", exact=True)).to_be_focused()

    begin.fill("1-5-2026")
    page.get_by_label("Uren gepland", exact=True).fill("40")
    page.get_by_label("Uren aanwezig", exact=True).fill("40")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()

    page.goto(f"{live.url}/trajecten/{traject_id}/invoer/aanwezigheid")
    page.get_by_label("Begin periode", exact=True).fill("01-05-2026")
    page.get_by_label("Einde periode", exact=True).fill("31-05-2026")
    page.get_by_label("Uren gepland", exact=True).fill("40")
    page.get_by_label("Uren aanwezig", exact=True).fill("36")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Overschrijven?")).to_be_visible()
    expect(page.locator("#overschrijven")).to_contain_text("40")
    shoot("formulier-overschrijven")
    page.get_by_role("button", name="Ja, overschrijven").click()
    expect(page.get_by_text("Gecorrigeerd; de vorige versie staat in de historie.")).to_be_visible()
    expect(page.locator("#totalen")).to_contain_text("36 van 800 uur")
