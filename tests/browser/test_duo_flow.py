"""The DUO chain in the browser: the regisseur opens the DUO page, downloads the XLSX (one sheet per DUO message),
marks the MAP as sent; the aanbieder corrects the afronding's date; the regisseur sees `wijzigen` appear."""
import io
import re
from datetime import date

import openpyxl
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out, person
from tests.helpers.voortgang import afronding, lever, nieuw_traject, toewijzen


def _world(make):
    gemeente = make.gemeente(naam="Gemeente Duostad")
    regisseur = make.user("regisseur", gemeente)
    mappvt = make.aanbieder(["map", "pvt"], naam="MAP Duostad")
    make.vo(mappvt, gemeente)
    coach = make.user("aanbieder", mappvt)
    traject = nieuw_traject(regisseur, date(2025, 6, 2), date(2025, 6, 20))
    toewijzen(regisseur, traject, mappvt, "map", date(2025, 7, 1))
    lever(coach, "afronding", [afronding(traject.id, "map", "2026-06-05")])
    return person(regisseur), person(coach), traject.id


def test_regisseur_exports_for_duo_marks_a_map_sent_and_sees_wijzigen_after_the_aanbieders_correction(
        page, live, shoot):
    regisseur, coach, traject_id = live.seed(_world)
    log_in(page, live, regisseur)
    page.get_by_role("link", name="DUO", exact=True).click()
    expect(page.get_by_role("heading", name="DUO", exact=True)).to_be_visible()
    rij = page.locator(f"#duo-{traject_id}")
    expect(rij).to_contain_text("05-06-2026")
    expect(rij).to_contain_text("nieuw")
    shoot("duo-pagina")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren als XLSX").click()
    with open(download_info.value.path(), "rb") as saved:
        book = openpyxl.load_workbook(io.BytesIO(saved.read()))
    assert book.sheetnames == ["PIP", "Inburgeringsaanbod", "GevolgdeUren", "MAP", "PVT", "Zroute", "Toelichting"]
    assert [r for r in book["MAP"].iter_rows(values_only=True) if r[0] == traject_id][0][2].date() == date(2026, 6, 5)

    rij.get_by_role("button", name="MAP verzonden").click()
    expect(page.get_by_text(f"MAP van {traject_id} is als verzonden naar DUO vastgelegd.")).to_be_visible()
    expect(page.locator(f"#duo-{traject_id}")).not_to_contain_text("nieuw")
    log_out(page)

    log_in(page, live, coach)
    page.get_by_role("link", name=traject_id).click()
    page.get_by_role("link", name=re.compile(r"^Corrigeren.*afronding", re.IGNORECASE)).click()
    page.get_by_label("Datum afronding", exact=True).fill("2026-06-08")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Gecorrigeerd")
    log_out(page)

    log_in(page, live, regisseur)
    page.goto(f"{live.url}/duo/?filter=actie")
    rij = page.locator(f"#duo-{traject_id}")
    expect(rij).to_contain_text("08-06-2026")
    expect(rij).to_contain_text("wijzigen")
    shoot("duo-wijzigen")
