"""The privacy officer starts a DPIA from the model DPIA, scores the three standard risks (the risk map follows),
adds an action, records the FG's advice, validates, and downloads the PDF that carries the DPIA's title."""
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import log_in, person
from tests.pdf import pdf_titel

TITEL = "DPIA Inburgeringsportaal Proefstad"


def test_privacy_officer_runs_a_dpia_from_template_to_validated_pdf(page, live, shoot):
    privacy = live.seed(lambda make: person(make.user("privacy", make.gemeente(naam="Gemeente Proefstad"))))
    log_in(page, live, privacy)
    page.get_by_role("link", name="DPIA's", exact=True).first.click()
    page.get_by_label("Titel").fill(TITEL)
    page.get_by_role("button", name="DPIA starten").click()
    expect(page.get_by_text("is gestart vanuit de model-DPIA")).to_be_visible()
    expect(page.get_by_role("heading", name=f"DPIA {TITEL}")).to_be_visible()

    page.get_by_role("link", name="1 Context", exact=True).first.click()
    expect(page.get_by_label("Welke gegevensverwerking wordt overwogen?")).to_have_value(
        "Gegevensuitwisseling en -verwerking ten behoeve van inburgering van inburgeringsplichtigen")

    page.get_by_role("link", name="3 Risico's", exact=True).first.click()
    kaart = page.locator("#kaart svg circle")
    expect(kaart).to_have_count(0)
    scores = {"Onrechtmatige toegang tot persoonsgegevens": ("Belangrijk", "Beperkt"),
              "Ongewenste wijziging van persoonsgegevens": ("Beperkt", "Beperkt"),
              "Verdwijnen van persoonsgegevens": ("Beperkt", "Belangrijk")}
    for aantal, (naam, (ernst, kans)) in enumerate(scores.items(), start=1):
        page.get_by_role("link", name=naam, exact=True).click()
        page.get_by_label("Ernst (optioneel)", exact=True).select_option(label=ernst)
        page.get_by_label("Waarschijnlijkheid (optioneel)", exact=True).select_option(label=kans)
        page.get_by_label("Ernst na het actieplan").select_option(label="Verwaarloosbaar")
        page.get_by_label("Waarschijnlijkheid na het actieplan").select_option(label="Beperkt")
        page.get_by_role("button", name="Risico opslaan").first.click()
        expect(page.get_by_text(f"Het risico '{naam}' is opgeslagen.")).to_be_visible()
        expect(kaart).to_have_count(2 * aantal)
    expect(page.locator("#kaart svg desc")).to_contain_text(
        "(I) Onrechtmatige toegang tot persoonsgegevens: ernst belangrijk, waarschijnlijkheid beperkt; na het "
        "actieplan ernst verwaarloosbaar")
    shoot("dpia-risicokaart")

    page.get_by_role("link", name="Actieplan", exact=True).first.click()
    page.get_by_label("Onderwerp").fill("Informatie voor de betrokkenen")
    page.get_by_label("Actie", exact=True).fill("Informatiebrief aanvullen met het portaal en de aanbieders.")
    page.get_by_label("Eigenaar").fill("Team Inburgering")
    page.get_by_label("Uiterste datum").fill("2026-09-30")
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.get_by_role("cell", name="Informatiebrief aanvullen met het portaal en de aanbieders.")).to_be_visible()
    expect(page.get_by_role("cell", name="30-09-2026")).to_be_visible()

    page.get_by_role("link", name="4 Validatie", exact=True).first.click()
    page.get_by_label("Auteur").fill("P. Rivacy")
    page.get_by_label("Beoordelaar").fill("CISO")
    page.get_by_label("Validator").fill("Gemeentesecretaris")
    page.get_by_label("Naam FG").fill("mr. F. Gegevens")
    page.get_by_label("Oordeel van de FG").select_option(label="Positief, onder voorwaarden")
    page.get_by_label("Advies van de FG").fill("Akkoord, mits het actieplan op tijd wordt uitgevoerd.")
    page.get_by_label("Mening van betrokkenen (optioneel)", exact=True).fill(
        "Niet gevraagd: de cliëntenraad wordt bij de herziening gehoord.")
    page.get_by_role("button", name="Gegevens opslaan").click()
    expect(page.get_by_text("De gegevens voor de validatie zijn opgeslagen.")).to_be_visible()

    page.get_by_role("button", name="DPIA valideren").click()
    expect(page.get_by_text("De DPIA is gevalideerd en vergrendeld.")).to_be_visible()
    expect(page.get_by_role("button", name="Nieuwe versie starten")).to_be_visible()
    shoot("dpia-gevalideerd")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_titel(data) == f"DPIA {TITEL}"
