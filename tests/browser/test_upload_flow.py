"""An aanbieder uploads a file with errors, sees them per row, downloads the report, corrects it and uploads it again;
the upload shows its progress, and the form also works without JavaScript."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in, person

HEADER = ("traject_id;onderdeel;periode_start;periode_eind;uren_gepland;uren_aanwezig;uren_verzuim_geoorloofd;"
          "uren_verzuim_ongeoorloofd;verzuim_reden;aantal_keer_verzuim")


def _file(traject_id: str, reden_april: str) -> bytes:
    return "\n".join([HEADER,
                      f"{traject_id};taal;01-05-2026;31-05-2026;40;36;4;0;ziekte;1",
                      f"{traject_id};taal;01-04-2026;30-04-2026;40;30;6;0;{reden_april};2", ""]).encode()


def _choose(page, name: str, data: bytes, soort: str = "aanwezigheid") -> None:
    page.get_by_label("Soort aanlevering").select_option(soort)
    page.get_by_label("Bestand", exact=True).set_input_files(files=[{"name": name, "mimeType": "text/csv",
                                                                      "buffer": data}])


def test_aanbieder_uploads_sees_errors_per_row_downloads_the_report_fixes_it_and_is_accepted(page, live, shoot):
    aanbieder, traject_id = live.seed(_world)
    log_in(page, live, aanbieder)
    page.get_by_role("link", name="Aanleveren", exact=True).click()
    expect(page.get_by_role("heading", name="Aanleveren", exact=True)).to_be_visible()
    shoot("aanleveren-formulier")

    # Without a file the server answers the form with its error; upload.js shows that answer in place.
    page.get_by_role("button", name="Aanleveren").click()
    expect(page.get_by_role("alert").first).to_contain_text("Kies een bestand (CSV of spreadsheet) om aan te leveren.")
    assert page.url.endswith("/aanleveren/")

    # The upload goes through XMLHttpRequest: hold the request to see the progress indication.
    held = []
    page.route(re.compile(r".*/aanleveren/$"),
               lambda route: held.append(route) if route.request.method == "POST" else route.continue_())
    _choose(page, "april.csv", _file(traject_id, "griep"))
    page.get_by_role("button", name="Aanleveren").click()
    expect(page.locator("#upload-voortgang")).to_be_visible()
    expect(page.locator("#upload-status")).to_have_text(
        re.compile(r"Bestand wordt (verzonden… \d+%|gecontroleerd…)"))
    expect(page.get_by_role("button", name="Aanleveren")).to_be_disabled()
    shoot("aanleveren-voortgang")
    assert len(held) == 1
    held[0].continue_()
    page.unroute(re.compile(r".*/aanleveren/$"))

    expect(page.get_by_role("heading", name="Resultaat van de aanlevering")).to_be_visible()
    assert re.search(r"/aanleveren/\d+$", page.url)
    expect(page.locator("#status")).to_have_text("afgewezen")
    expect(page.locator("#uitkomst")).to_contain_text("Er is niets opgeslagen: 1 van de 2 regels heeft een fout.")
    wrong = page.locator("#regel-3 td.portal-cel--fout")
    expect(wrong).to_have_count(1)
    expect(wrong.locator("mark")).to_have_text("griep")
    expect(page.locator("#regel-3")).to_contain_text("verzuim_reden heeft een onbekende waarde")
    expect(page.locator("#regel-2 td.portal-cel--fout")).to_have_count(0)
    expect(page.locator("#fouten")).to_contain_text("waarde_onbekend")
    shoot("aanleveren-afgewezen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Foutenrapport downloaden (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-aanwezigheid.csv")
    report = open(download.path(), "rb").read().decode("utf-8-sig")
    lines = report.splitlines()
    assert lines[0] == HEADER + ";fouten"
    assert ";griep;" in lines[2] and "verzuim_reden heeft een onbekende waarde" in lines[2]

    page.get_by_role("link", name="Nieuwe aanlevering").click()
    _choose(page, "foutenrapport-verbeterd.csv", report.replace(";griep;", ";ziekte;").encode("utf-8-sig"))
    page.get_by_role("button", name="Aanleveren").click()
    expect(page.locator("#status")).to_have_text("geaccepteerd")
    expect(page.locator("#uitkomst")).to_contain_text("Alle 2 regels zijn opgeslagen.")
    shoot("aanleveren-geaccepteerd")

    page.get_by_role("link", name="Aanleverhistorie", exact=True).first.click()
    expect(page.get_by_role("heading", name="Aanleverhistorie")).to_be_visible()
    expect(page.get_by_role("cell", name="foutenrapport-verbeterd.csv")).to_be_visible()
    expect(page.get_by_role("cell", name="april.csv")).to_be_visible()
    shoot("aanleverhistorie")

    page.goto(f"{live.url}/trajecten/{traject_id}")
    expect(page.locator("#traject-id")).to_have_text(traject_id)
    shoot("aanbieder-traject-na-aanlevering")


def test_a_failed_transfer_says_so_and_the_form_can_be_sent_again(page, live):
    aanbieder, traject_id = live.seed(_world)
    log_in(page, live, aanbieder)
    page.goto(f"{live.url}/aanleveren/")
    page.route(re.compile(r".*/aanleveren/$"),
               lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    _choose(page, "mei.csv", _file(traject_id, "ziekte"))
    page.get_by_role("button", name="Aanleveren").click()
    expect(page.locator("#upload-status")).to_contain_text("Het verzenden is mislukt.")
    expect(page.get_by_role("button", name="Aanleveren")).to_be_enabled()
    page.unroute(re.compile(r".*/aanleveren/$"))
    page.get_by_role("button", name="Aanleveren").click()
    expect(page.locator("#status")).to_have_text("geaccepteerd")


def test_without_javascript_the_upload_and_the_good_rows_button_still_work(browser, live, shoot):
    aanbieder, traject_id = live.seed(_world)
    context = browser.new_context(java_script_enabled=False, locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    try:
        log_in(page, live, aanbieder)
        page.goto(f"{live.url}/aanleveren/")
        _choose(page, "zonder-js.csv", _file(traject_id, "griep"))
        page.get_by_role("button", name="Aanleveren").click()
        expect(page.locator("#status")).to_have_text("afgewezen")
        page.get_by_role("button", name="Alleen de goede regels aanleveren").click()
        expect(page.locator("#status")).to_have_text("gedeeltelijk")
        expect(page.locator("#uitkomst")).to_contain_text("1 van de 2 regels is opgeslagen")
        shoot("aanleveren-gedeeltelijk")
    finally:
        context.close()


def _world(make):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    aanbieder = make.aanbieder(["taal"], naam="Taalhuis Upload")
    make.vo(aanbieder, gemeente)
    traject = make.traject(regisseur)
    make.toewijzing(regisseur, traject, aanbieder, "taal")
    return person(make.user("aanbieder", aanbieder)), traject.id
