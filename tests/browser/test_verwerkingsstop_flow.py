"""The privacy officer halts voortgangsrapportage for her gemeente; an aanbieder's upload for one of its trajectories
is refused row by row (traject_beperkt) and its trajectory page says why; after she lifts the stop, the same file is
accepted."""
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out, privacy_officer_and_aanbieder
from tests.browser.test_upload_flow import HEADER


def _file(traject_id: str) -> bytes:
    return "\n".join([HEADER, f"{traject_id};taal;01-05-2026;31-05-2026;40;36;4;0;ziekte;1", ""]).encode()


def _upload(page, data: bytes) -> None:
    page.get_by_role("link", name="Aanleveren", exact=True).click()
    page.get_by_label("Soort aanlevering").select_option("aanwezigheid")
    page.get_by_label("Bestand", exact=True).set_input_files(files=[{"name": "mei.csv", "mimeType": "text/csv",
                                                                      "buffer": data}])
    page.get_by_role("button", name="Aanleveren").click()


def test_privacy_officer_halts_an_activity_and_the_aanbieders_upload_is_refused(page, live, shoot):
    privacy, aanbieder, traject_id = live.seed(
        lambda make: privacy_officer_and_aanbieder(make, "Gemeente Stopstad", "Taalhuis Stop"))

    log_in(page, live, privacy)
    page.get_by_role("link", name="Verwerkingsstop", exact=True).first.click()
    expect(page.get_by_role("heading", name="Verwerkingsstop", exact=True)).to_be_visible()
    page.get_by_label("Verwerkingsactiviteit").select_option("voortgangsrapportage")
    page.get_by_label("Reden").fill("Oproep SZW: staak het gebruik en delen van gegevens van DUO.")
    shoot("verwerkingsstop-formulier")
    page.get_by_role("button", name="Verwerking nu stopzetten").click()
    expect(page.get_by_text("Dit stopt direct de verwerking")).to_be_visible()
    page.get_by_role("button", name="Ja, stopzetten").click()
    expect(page.get_by_text("is stopgezet voor")).to_be_visible()
    expect(page.get_by_role("heading", name="Stopgezet: Voortgangsrapportage")).to_be_visible()
    shoot("verwerkingsstop-actief")
    log_out(page)

    log_in(page, live, aanbieder)
    _upload(page, _file(traject_id))
    expect(page.get_by_role("heading", name="Resultaat van de aanlevering")).to_be_visible()
    expect(page.locator("#status")).to_have_text("afgewezen")
    expect(page.locator("#fouten")).to_contain_text("traject_beperkt")
    expect(page.locator("#regel-2")).to_contain_text("verwerkingsstop")
    shoot("aanleveren-traject-beperkt")
    response = page.goto(f"{live.url}/trajecten/{traject_id}")
    assert response.status == 423
    expect(page.get_by_role("heading", name="Verwerking stopgezet")).to_be_visible()
    expect(page.get_by_text("Oproep SZW: staak het gebruik en delen van gegevens van DUO.")).to_be_visible()
    shoot("verwerkingsstop-423")
    log_out(page)

    log_in(page, live, privacy)
    page.get_by_role("link", name="Verwerkingsstop", exact=True).first.click()
    page.get_by_label("Toelichting bij het opheffen (niet verplicht)").fill("Oproep ingetrokken.")
    page.get_by_role("button", name="Verwerkingsstop opheffen").click()
    expect(page.get_by_text("is opgeheven")).to_be_visible()
    page.get_by_role("link", name="Verwerkingen in een periode").first.click()
    expect(page.get_by_role("heading", name="Verwerkingen onder Voortgangsrapportage")).to_be_visible()
    shoot("verwerkingsstop-rapport")
    page.get_by_role("link", name="Verwerkingslogboek", exact=True).first.click()
    page.get_by_label("Alleen geweigerde pogingen (verwerkingsstop)").check()
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("#aantal")).to_contain_text("2 regels gevonden")
    shoot("logboek-weigeringen")
    log_out(page)

    log_in(page, live, aanbieder)
    _upload(page, _file(traject_id))
    expect(page.locator("#status")).to_have_text("geaccepteerd")


