"""An aanbieder enters an attendance period by form on the trajectory page, sees the numbers, corrects the period and
finds the replaced version in the history."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in, person


def test_aanbieder_enters_an_attendance_period_corrects_it_and_sees_the_history(page, live, shoot):
    aanbieder, traject_id = live.seed(_world)

    log_in(page, live, aanbieder)
    page.get_by_role("link", name="Mijn trajecten", exact=True).click()  # the start page first shows what is due
    expect(page.get_by_role("heading", name="Mijn trajecten")).to_be_visible()
    page.get_by_role("link", name=traject_id).click()
    expect(page.locator("#traject-id")).to_have_text(traject_id)
    expect(page.locator("#totalen")).to_contain_text("0 van 800 uur")

    page.get_by_role("link", name="Aanwezigheid invoeren").click()
    expect(page.get_by_role("heading", name="Aanwezigheid invoeren")).to_be_visible()
    _fill(page, aanwezig="50")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert").first).to_contain_text("meer dan de 40 uur gepland")
    shoot("aanbieder-invoer-fout")

    _fill(page, aanwezig="32,5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    expect(page.locator("#totalen")).to_contain_text("32,5 van 800 uur")
    expect(page.locator("#aanwezigheid")).to_contain_text("01-05-2026 t/m 31-05-2026")
    shoot("aanbieder-traject-met-aanwezigheid")

    page.get_by_role("link", name=re.compile(r"^Corrigeren")).click()
    expect(page.get_by_role("heading", name="Aanwezigheid corrigeren")).to_be_visible()
    expect(page.get_by_label("Uren aanwezig", exact=True)).to_have_value("32,5")
    shoot("aanbieder-correctie")
    page.get_by_label("Uren aanwezig", exact=True).fill("30")
    page.get_by_label("Uren verzuim geoorloofd (optioneel)", exact=True).fill("6")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Gecorrigeerd; de vorige versie staat in de historie.")).to_be_visible()
    expect(page.locator("#totalen")).to_contain_text("30 van 800 uur")
    historie = page.locator("#historie")
    expect(historie).to_contain_text("Uren aanwezig: 32,5 → 30")
    expect(historie).to_contain_text("Uren verzuim geoorloofd: 4 → 6")
    expect(historie).to_contain_text(aanbieder.email)
    shoot("aanbieder-traject-historie")


def _fill(page, aanwezig: str) -> None:
    page.get_by_label("Onderdeel", exact=True).select_option("taal")
    page.get_by_label("Begin periode", exact=True).fill("01-05-2026")
    page.get_by_label("Einde periode", exact=True).fill("31-05-2026")
    page.get_by_label("Uren gepland", exact=True).fill("40")
    page.get_by_label("Uren aanwezig", exact=True).fill(aanwezig)
    page.get_by_label("Uren verzuim geoorloofd (optioneel)", exact=True).fill("4")
    page.get_by_label("Uren verzuim ongeoorloofd (optioneel)", exact=True).fill("0")
    page.get_by_label("Reden verzuim", exact=True).select_option("ziekte")


def _world(make):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    aanbieder = make.user("aanbieder", make.aanbieder(["taal"], naam="Taalhuis Invoer"))
    make.vo(aanbieder.organisatie, gemeente)
    traject = make.traject(regisseur, intensiteit=800)
    make.toewijzing(regisseur, traject, aanbieder.organisatie, "taal")
    return person(aanbieder), traject.id
