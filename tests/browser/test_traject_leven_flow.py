"""A regisseur changes the leerroute with a reason, sees the history, ends the trajectory; the aanbieder no longer
sees it among its open work."""
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out, person


def _world(make):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    aanbieder = make.aanbieder(["taal"], naam="Taalhuis Levensloop")
    make.vo(aanbieder, gemeente)
    traject = make.traject(regisseur)
    make.toewijzing(regisseur, traject, aanbieder, "taal")
    return person(regisseur), person(make.user("aanbieder", aanbieder)), traject.id


def test_a_regisseur_changes_the_leerroute_sees_the_history_and_ends_the_trajectory(page, live, shoot):
    regisseur, aanbieder, traject_id = live.seed(_world)

    log_in(page, live, aanbieder)
    page.get_by_role("link", name="Mijn trajecten", exact=True).click()  # the start page first shows what is due
    expect(page.get_by_role("link", name=traject_id)).to_be_visible()
    log_out(page)

    log_in(page, live, regisseur)
    page.goto(f"{live.url}/trajecten/{traject_id}")
    page.get_by_role("link", name="Traject wijzigen").click()
    page.get_by_label("Leerroute").select_option("z_route")
    page.get_by_role("button", name="Wijziging opslaan").click()
    # no reason: refused, with the message next to the field
    expect(page.locator("#reden-error")).to_contain_text("Geef de reden van de wijziging")
    shoot("regisseur-traject-wijzigen-fout")
    page.get_by_label("Leerroute").select_option("z_route")
    page.get_by_label("Reden van de wijziging").fill("PIP gewijzigd: verder op de Z-route")
    page.get_by_role("button", name="Wijziging opslaan").click()
    expect(page.get_by_text("Het traject is gewijzigd (versie 2).")).to_be_visible()
    historie = page.locator("#trajecthistorie")
    expect(historie).to_contain_text("PIP gewijzigd: verder op de Z-route")
    expect(historie).to_contain_text("Leerroute: B1-route → Z-route")
    shoot("regisseur-traject-historie")

    page.get_by_role("link", name="Traject wijzigen").click()
    page.get_by_label("Status").select_option("beeindigd")
    page.get_by_role("button", name="Wijziging opslaan").click()
    expect(page.locator("#reden-error")).to_be_visible()
    page.get_by_label("Status").select_option("beeindigd")
    page.get_by_label("Einde inburgeringsplicht").fill("2026-06-01")
    page.get_by_label("Reden einde").select_option("verhuisd")
    page.get_by_label("Reden van de wijziging").fill("Verhuisd naar een andere gemeente")
    page.get_by_role("button", name="Wijziging opslaan").click()
    expect(page.get_by_text("Het traject is gewijzigd (versie 3).")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Beëindigd")
    shoot("regisseur-traject-beeindigd")
    log_out(page)

    log_in(page, live, aanbieder)
    page.get_by_role("link", name="Mijn trajecten", exact=True).click()  # the start page first shows what is due
    expect(page.get_by_role("heading", name="Mijn trajecten")).to_be_visible()
    expect(page.get_by_role("link", name=traject_id)).to_have_count(0)
