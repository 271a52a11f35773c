"""Keyboard only: an aanbieder logs in with password and TOTP code, uploads a file and reads the result, without a
mouse. Every step asserts where Tab brings the focus and that the focused element shows it (WCAG 2.1.1, 2.4.3,
2.4.7); after the upload the focus is on the outcome, so a screen reader reads it first."""
import pyotp
from playwright.sync_api import expect

from tests.browser.conftest import person
from tests.conftest import TEST_PASSWORD

FOCUSED = """() => { const e = document.activeElement;
    return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || '').trim(),
            label: e.labels && e.labels.length ? e.labels[0].innerText.trim()
                                               : (e.getAttribute('aria-label') || '')}; }"""
# A focus indicator: an outline or a box-shadow on the focused element.
VISIBLE_FOCUS = """() => { const e = document.activeElement, s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""


def tab_to(page, predicate, limit: int = 40) -> dict:
    """Press Tab until predicate(focused) holds; every element passed on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert page.evaluate(VISIBLE_FOCUS), f"no visible focus on {focused}"
        if predicate(focused):
            return focused
    raise AssertionError(f"Tab never reached the element (last: {focused})")


def order(page, count: int) -> list[str]:
    seen = []
    for _ in range(count):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert page.evaluate(VISIBLE_FOCUS), f"no visible focus on {focused}"
        seen.append(focused["label"] or focused["text"])
    return seen


def test_an_aanbieder_logs_in_uploads_and_reads_the_result_with_the_keyboard_only(page, live, shoot):
    aanbieder, traject_id = live.seed(_world)
    # Chromium intercepts file dialogs once Playwright has subscribed, which it does without waiting: subscribing
    # inside `expect_file_chooser` raced the key press that opens the dialog (seen once in a clean-clone run).
    page.on("filechooser", lambda chooser: None)
    page.goto(f"{live.url}/login")
    assert order(page, 5) == ["Direct naar de inhoud", "Inburgeringsportaal", "E-mailadres", "Wachtwoord", "Inloggen"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type(aanbieder.email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")

    # The code page opens with the focus in the code field.
    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    expect(page.locator("#code")).to_be_focused()
    page.keyboard.type(pyotp.TOTP(aanbieder.totp_base32).now())
    tab_to(page, lambda f: f["text"] == "Code controleren")
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Aanleveren")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Aanleveren", exact=True)).to_be_visible()
    page.wait_for_load_state("load")  # the whole form and its script, as a person waits for the page

    tab_to(page, lambda f: f["id"] == "soort")
    page.keyboard.press("Home")  # the first choice ("Kies…"), then the next: aanwezigheid, without opening the list
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == "aanwezigheid"
    tab_to(page, lambda f: f["id"] == "bestand")
    expect(page.locator("#bestand")).to_be_focused()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(files=[{"name": "mei.csv", "mimeType": "text/csv", "buffer": _file(traject_id)}])
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Aanleveren")
    page.keyboard.press("Enter")

    # The result page opens with the focus on the outcome.
    expect(page.get_by_role("heading", name="Resultaat van de aanlevering")).to_be_visible()
    expect(page.locator("#uitkomst")).to_be_focused()
    expect(page.locator("#uitkomst")).to_contain_text("De aanlevering is geaccepteerd")
    # Reading on: the next stops are in the result, not back at the top of the page.
    focused = tab_to(page, lambda f: True)
    assert page.evaluate("() => !!document.activeElement.closest('main')"), focused
    shoot("toetsenbord-resultaat")


HEADER = ("traject_id;onderdeel;periode_start;periode_eind;uren_gepland;uren_aanwezig;uren_verzuim_geoorloofd;"
          "uren_verzuim_ongeoorloofd;verzuim_reden;aantal_keer_verzuim")


def _file(traject_id: str) -> bytes:
    return f"{HEADER}\n{traject_id};taal;01-05-2026;31-05-2026;40;36;4;0;ziekte;1\n".encode()


def _world(make):
    gemeente = make.gemeente(naam="Gemeente Toetsendorp")
    regisseur = make.user("regisseur", gemeente)
    taal = make.aanbieder(["taal"], naam="Taalschool Toetsenbord")
    make.vo(taal, gemeente)
    traject = make.traject(regisseur)
    make.toewijzing(regisseur, traject, taal, "taal")
    return person(make.user("aanbieder", taal)), traject.id
