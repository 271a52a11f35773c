"""A regisseur filters the caseload on a signal, opens the trajectory, sees its charts drawn, marks the DUO
registration, and downloads the caseload as XLSX, which opens with its three sheets."""
import io
import re
from datetime import date

import openpyxl
from playwright.sync_api import expect

from tests.browser.conftest import log_in, person
from tests.helpers.voortgang import afronding, lever, nieuw_traject, periode, toewijzen


def _world(make):
    gemeente = make.gemeente(naam="Gemeente Grafiekstad")
    regisseur = make.user("regisseur", gemeente)
    taal, mappvt = make.aanbieder(["taal"], naam="Taalhuis Grafiek"), make.aanbieder(["map", "pvt"], naam="MAP Grafiek")
    for aanbieder in (taal, mappvt):
        make.vo(aanbieder, gemeente)
    docent, coach = make.user("aanbieder", taal), make.user("aanbieder", mappvt)
    traject = nieuw_traject(regisseur, date(2025, 6, 2), date(2025, 6, 20))
    toewijzen(regisseur, traject, taal, "taal", date(2025, 7, 1))
    toewijzen(regisseur, traject, mappvt, "map", date(2025, 7, 1))
    anders = nieuw_traject(regisseur, date(2025, 9, 1), date(2025, 9, 20))
    toewijzen(regisseur, anders, taal, "taal", date(2025, 10, 1))
    lever(docent, "aanwezigheid", [
        periode(traject.id, "2026-02-01", "2026-02-28", gepland=48, geoorloofd=4),
        periode(traject.id, "2026-03-01", "2026-03-31", gepland=48, ongeoorloofd=6, keer=2),
        periode(traject.id, "2026-04-01", "2026-04-30", gepland=48, geoorloofd=2, ongeoorloofd=8, keer=3),
        periode(traject.id, "2026-05-01", "2026-05-31", gepland=48, ongeoorloofd=6, keer=1),
        periode(anders.id, "2026-05-01", "2026-05-31", gepland=48),
    ])
    lever(docent, "toets", [
        {"traject_id": traject.id, "datum": "2026-02-15", "vaardigheid": "lezen", "niveau": "A1",
         "resultaat": "behaald", "score": 70},
        {"traject_id": traject.id, "datum": "2026-05-15", "vaardigheid": "lezen", "niveau": "A2",
         "resultaat": "niet_behaald", "score": 48},
        {"traject_id": traject.id, "datum": "2026-05-15", "vaardigheid": "spreken", "niveau": "A2",
         "resultaat": "behaald", "score": 81},
    ])
    lever(coach, "aanwezigheid", [periode(traject.id, "2026-05-01", "2026-05-31", gepland=6, onderdeel="map")])
    lever(coach, "afronding", [afronding(traject.id, "map", "2026-06-05")])
    return person(regisseur), traject.id, anders.id


def test_regisseur_filters_on_a_signal_sees_the_charts_marks_duo_and_downloads_the_caseload(page, live, shoot):
    regisseur, traject_id, anders_id = live.seed(_world)
    problems = []  # script errors and CSP refusals (inline script or style, outside requests)
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    log_in(page, live, regisseur)
    page.get_by_role("link", name="Voortgang", exact=True).click()
    expect(page.get_by_role("heading", name="Voortgang", exact=True)).to_be_visible()
    expect(page.locator("#caseload tbody tr")).to_have_count(2)
    shoot("voortgang-caseload")

    page.get_by_label("Signaal").select_option("duo_registratie")
    page.get_by_role("button", name="Filteren").click()
    rows = page.locator("#caseload tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(traject_id)
    expect(rows.first.locator(".utrecht-status-badge", has_text="DUO-registratie")).to_be_visible()
    expect(rows.first.locator("td").first).to_have_text("19-06-2026")  # the first deadline
    assert anders_id not in page.content()
    shoot("voortgang-gefilterd-op-duo")

    rows.first.get_by_role("link", name=traject_id).click()
    expect(page.locator("#traject-id")).to_have_text(traject_id)
    for name in ("taaluren", "verzuim", "toetsen"):
        canvas = page.locator(f"#grafiek-{name}")
        expect(canvas).to_have_attribute("data-getekend", "ja")
        box = canvas.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 80, name
        assert page.evaluate(f"() => Chart.getChart(document.getElementById('grafiek-{name}')).data.datasets.length")
    assert page.evaluate("() => Chart.getChart(document.getElementById('grafiek-taaluren')).data.datasets[0].data") \
        == [44, 86, 124, 166]
    page.get_by_text("Tabel bij deze grafiek").first.click()
    expect(page.locator("#grafieken table").first).to_contain_text("166")
    signalen = page.locator("#signalen")
    expect(signalen).to_contain_text("MAP afgerond op 05-06-2026; registreren in het DUO-portaal uiterlijk 19-06-2026")
    expect(signalen.locator("table")).to_contain_text("Taal: 6 van 48 geplande uren ongeoorloofd (12,5 %)")
    page.locator("#grafieken").scroll_into_view_if_needed()
    shoot("voortgang-traject-grafieken")

    signalen.get_by_label("Geregistreerd in het DUO-portaal op").fill("2026-06-12")
    signalen.get_by_role("button", name="DUO-registratie MAP vastleggen").click()
    expect(page.get_by_text("De DUO-registratie van MAP is vastgelegd; het signaal is gesloten.")).to_be_visible()
    expect(page.locator("#duo-registraties")).to_contain_text("geregistreerd in het DUO-portaal op 12-06-2026")
    expect(page.locator("#signalen table")).not_to_contain_text("MAP afgerond op")
    shoot("voortgang-duo-vastgelegd")

    page.get_by_role("link", name="Voortgang", exact=True).click()
    page.get_by_label("Signaal").select_option("duo_registratie")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("#caseload tbody tr")).to_have_count(1)
    expect(page.locator("#caseload tbody tr").first).to_contain_text("Geen trajecten gevonden.")

    page.get_by_label("Signaal").select_option("")
    page.get_by_role("button", name="Filteren").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als Excel (XLSX)").click()
    download = info.value
    assert re.fullmatch(r"voortgang-GM\d{4}-2026-06-15\.xlsx", download.suggested_filename)
    book = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    assert book.sheetnames == ["Samenvatting", "Trajecten", "Signalen"]
    assert {r[0] for r in book["Trajecten"].iter_rows(min_row=2, values_only=True)} == {traject_id, anders_id}
    assert "duo_registratie" not in {r[2] for r in book["Signalen"].iter_rows(min_row=2, values_only=True)}
    summary = {r[0]: r[1] for r in book["Samenvatting"].iter_rows(values_only=True) if r[0]}
    assert summary["Trajecten"] == 2 and summary["Peildatum"].date() == date(2026, 6, 15)

    assert not problems, problems
