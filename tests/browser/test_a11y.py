"""WCAG 2.1 AA on every page of the URL map: axe-core (vendored, injected by Playwright) finds no violation of the
wcag2a/wcag2aa/wcag21a/wcag21aa rules, at a 320 px viewport the page does not scroll sideways (1.4.10 reflow), ids
are unique and the <title> names the page, for a demo user of each role, with and without form errors.

One test per role (and one for the pages before a login), each on its own copy of the demo database, so that the
walks run side by side in the workers. Whether a page will be checked (its status, its redirects, its content type)
is asked with a plain request from the walk's browser context (its cookies); only pages to check are opened in the
browser, each path once.

The page list comes from `app.url_map`: every GET rule without parameters is opened by every role; a rule with
parameters is opened through the links to it found on the pages already seen (the newest object per combination
of its non-id arguments, so each DPIA part and each delivery kind is seen). A rule that no role reaches fails the
test, naming it: link to the new page from one a demo user sees (each walk writes what it reached to the run's
temporary directory; the last walk of a backend to end checks them together). Files (exports, PDFs, downloads) are
recognised by their rule and left out.

A page whose document (its DOM after load, at the same viewport) is the same as one checked before in this run, by
a walk of either backend, is not checked again: the check's result is read (`Checks` says why that is sound). The
demo data is the same on both backends (seeded), so most PostgreSQL pages are read from the SQLite walks' checks or
the other way round; each walk counts what it read (`reused`). A page whose answer (its HTML) a walk opened before is
not opened at all: what that walk's browser made of it is read (`read`; `Checks` again)."""
import hashlib
import json
import os
import random
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pyotp
import pytest
from flask_security.recoverable import generate_reset_password_token
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from dpia.beoordelingen import services as dpias
from dpia.verwerkingsstop import services as stops
from dpia.verzoeken import services as verzoeken
from portal import demo
from portal.access import visible_trajecten
from portal.beheer import services as beheer
from portal.beheer.services import demo_totp_secret
from portal.extensions import db
from portal.models import Traject, User
from portal.timeutil import today
from tests.browser.conftest import ARTEFACTS, SCREENSHOT_BACKEND, _csrf, serve
from tests.conftest import make_app, make_database_url

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW = {"width": 320, "height": 800}
WIDE = {"width": 1280, "height": 900}
# The main pages, shot at both widths the first time a role sees them.
SCREENSHOTS = {"trajecten.lijst", "trajecten.detail", "voortgang.caseload", "leveringen.upload", "leveringen.resultaat",
               "privacy.index", "privacy.register.register", "privacy.verzoeken.verzoeken", "privacy.verzoeken.verzoek",
               "privacy.beoordelingen.dpia_detail", "privacy.beoordelingen.dpia_deel", "privacy.beoordelingen.dpias",
               "privacy.datalekken.datalek_detail", "beheer.gebruikers", "beheer.organisaties"}
# The fields a form-error submission empties (the walk's "emptied submit").
EMPTIED = ("input[type=text], input[type=email], input[type=date], input[type=number], input[type=datetime-local], "
           "input:not([type]), textarea")
DEFAULT_TITLE = "Inburgeringsportaal —"  # base.html's title when a page names none

# One demo user per role (the aanbieder with all three onderdelen sees the most).
ROLES = {"regisseur": "regisseur@kerkrade.demo", "aanbieder": "medewerker@integra.demo",
         "privacy": "privacy@kerkrade.demo", "beheerder": "beheer@portaal.demo"}
# The walks, one test each, the longest first (the privacy officer's opens half of all pages).
WALKS = ["privacy", "beheerder", "aanbieder", "regisseur", "anoniem"]

# A rule whose answer is a file, recognised by the rule: `….csv`, `….<formaat>`, a document download.
FILE_RULE = re.compile(r"\.(csv|xlsx|pdf|json|<[^>]+>)$|/documenten/")
# Endpoints a logged-in walk does not open: logout, and the steps of a login in progress (the anonymous part of
# the test opens the login and code pages; tf-select and tf-rescue only answer during a login).
NOT_WALKED = re.compile(r"^security\.(logout|login|tf_select|two_factor_rescue|two_factor_token_validation)$")


@dataclass
class Walk:
    """What one role's walk saw: pages checked, problems found, and the endpoints it reached."""
    role: str
    problems: list[str] = field(default_factory=list)
    endpoints: set[str] = field(default_factory=set)
    checked: int = 0
    shot: set[str] = field(default_factory=set)
    with_errors: int = 0
    screenshots: bool = True
    checks: "Checks | None" = None
    reused: int = 0
    read: int = 0  # of those reused, the pages not opened (the same answer opened before, `Checks`)


class _StillClock(datetime):
    """`datetime` whose now() is the start of today (UTC), the same instant for every worker of the run."""

    @classmethod
    def now(cls, tz=None):
        start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return start if tz is not None else start.replace(tzinfo=None)


@pytest.fixture(scope="module")
def demo_database(backend, tmp_path_factory):
    """A database (once per worker and backend, nobody connected to it afterwards) that holds the demo data plus
    what the demo leaves out and some pages only show: a DPIA still in draft (its edit pages), a lifted
    verwerkingsstop (its report) and a rectificatie and an inzage request (their rectificatie and export pages), a
    blocked account: the newest objects, which the walk follows. The trajectory IDs are drawn from a seeded generator
    (the demo's other choices are seeded already), so that both backends' demo pages can be the same documents and
    a check is done once for both (`Checks`). Its clock (portal.timeutil's) stands still at the start of the UTC
    day while it is built: the timestamps the pages show (registered, changed, logged) were the minute each backend's
    database was built, and a walk met other documents than the other backend's when that minute differed."""
    url = make_database_url(backend, tmp_path_factory, "a11y_demo", migrated=True)
    app = make_app(url)
    with app.app_context(), mock.patch("portal.trajecten.ids.secrets", random.Random(17)), \
            mock.patch("portal.timeutil.datetime", _StillClock):
        demo.load()
        officer = db.session.scalar(select(User).where(User.email == ROLES["privacy"]))
        dpias.nieuw(officer, "Aanvullende DPIA (concept)", [])
        stops.hef_op(officer, stops.start(officer, "signalering_regie", "Controle van de signalen."))
        traject_id = db.session.scalar(visible_trajecten(officer).with_only_columns(Traject.id).limit(1))
        for soort in ("rectificatie", "inzage"):
            verzoeken.registreer(officer, soort, today(), [traject_id], kanaal="post",
                                 identiteit_methode="balie_id_bewijs", identiteit_op=today())
        # a blocked account (its "Deblokkeren" confirmation page)
        beheer.set_active(beheer.create_user("geblokkeerd@heerlen.demo", "regisseur", "GM0917")[0], False)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return url


@pytest.fixture
def demo_live(backend, tmp_path_factory, demo_database, walk):
    """A live server of its own on a copy of the demo database: one walk's form posts do not change what another
    walk sees, whichever worker runs it and in whatever order."""
    with serve(backend, tmp_path_factory, f"a11y_{walk}", copy_of=demo_database) as live:
        yield live


def is_page(rule) -> bool:
    return "GET" in rule.methods and not rule.rule.startswith("/api/") and not FILE_RULE.search(rule.rule) \
        and rule.endpoint not in ("static", "security.static", "main.health")


def axe_context(browser):
    """A browser context at 320 px whose every document gets axe-core as it starts (an init script: sent to the
    browser once, instead of the 0.5 MB source per checked page)."""
    context = browser.new_context(viewport=NARROW, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.add_init_script(AXE)
    return context


# What `check` reads from the page, in one round trip: axe-core's violations, the ids used twice, the title (as
# page.title() reads it) and the document's width; null when the document has no axe-core.
CHECK = """async tags => {
    if (typeof window.axe !== 'object') return null;
    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    const seen = new Set(), twice = new Set();
    document.querySelectorAll('[id]').forEach(e => seen.has(e.id) ? twice.add(e.id) : seen.add(e.id));
    return {violations: r.violations.map(v => ({id: v.id, help: v.help,
                                                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})),
            duplicates: [...twice], title: document.title, width: document.documentElement.scrollWidth};
}"""


# The document as `check` reads it, serialized: its mode (quirks or standards), the viewport and the markup after
# load, with one thing made equal: the value of the hidden csrf_token inputs (a new random token per session).
DOCUMENT = """() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll('input[type=hidden][name=csrf_token]').forEach(e => e.setAttribute('value', 'csrf'));
    return [document.compatMode, innerWidth, innerHeight, document.doctype ? document.doctype.name : '',
            copy.outerHTML].join('\\n');
}"""


class Checks:
    """The results of `CHECK` in this run, kept per document (a hash of DOCUMENT's text) in the run's temporary
    directory, which every walk of both backends shares: a page whose document is the same as one checked before,
    by any walk of either backend, is not checked a second time; its result is read (`Walk.reused` counts them).

    Why that is sound: axe-core, the duplicate ids, the title and the scroll width are a function of the document
    (its markup, which includes the text, the attributes and which stylesheets and scripts it loads), its mode, the
    stylesheets (the same files from the same code in every live server of the run), the browser (one Chromium) and
    the viewport; all of those are in the key or the same for the whole run. The one thing made equal, the hidden
    csrf_token input's value, is not rendered and in no accessibility tree: no axe rule and no width reads it. What
    differs between backends or runs otherwise (a timestamp, an id, another user's name) makes another key, so the
    page is checked. The first walk to meet a document takes it (an exclusive create); another that meets it then
    waits for that result instead of computing it too.

    A walk also keeps, per answer (the HTML of a page as the server sent it to the walk's plain request, the
    csrf_token inputs' values made equal as in DOCUMENT), the document its browser made of that answer and what the
    walk read from it (`FORM_AND_LINKS`, links relative to the server): a walk that gets the same answer for a page
    reads those instead of opening the page (`Walk.read`). Sound for the same reasons, one step earlier: the same
    markup with the same stylesheets and scripts, in the same browser at the same viewport, makes the same document
    (the portal's scripts, static/js, read neither the clock nor chance). Any other answer, a page whose check found a
    problem (its report reads the open page), and a page the walk screenshots are opened as before. The PostgreSQL
    walks thus show that their server answers each page as the SQLite one did (or check what it answers otherwise),
    and still post every form themselves."""

    def __init__(self, folder: Path):
        self.folder = folder

    def result(self, page) -> tuple[dict, bool, str]:
        """The page's CHECK result, whether it was read instead of computed, and its document's key."""
        key = hashlib.sha256(page.evaluate(DOCUMENT).encode()).hexdigest()
        done, claim = self.folder / f"{key}.json", self.folder / f"{key}.claim"
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:  # wait for the walk that took it (unless it gave up, or a minute went by)
            deadline = time.monotonic() + 60
            while not done.exists() and claim.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            if done.exists():
                return json.loads(done.read_text()), True, key
        try:
            found = axe_check(page)
        except BaseException:
            claim.unlink(missing_ok=True)  # another walk that meets the document checks it without waiting
            raise
        (self.folder / f"{key}.{os.getpid()}.tmp").write_text(json.dumps(found))
        (self.folder / f"{key}.{os.getpid()}.tmp").replace(done)
        return found, False, key

    @staticmethod
    def _answer_key(html: str) -> str:
        return hashlib.sha256(CSRF_INPUT.sub(_csrf_made_equal, html).encode()).hexdigest()

    def remember(self, html: str, document: str, read: dict, base: str) -> None:
        """What a walk's browser made of this answer: its document's key, and FORM_AND_LINKS with the links on
        `base` as paths."""
        links = [href[len(base):] for href in read["links"] if href.startswith(base + "/")]
        answer = self.folder / f"{self._answer_key(html)}.answer"
        (self.folder / f"{answer.name}.{os.getpid()}.tmp").write_text(json.dumps(
            {"document": document, "form": read["form"], "links": links}))
        (self.folder / f"{answer.name}.{os.getpid()}.tmp").replace(answer)

    def known(self, html: str, base: str) -> dict | None:
        """FORM_AND_LINKS of a walk that got the same answer (links on `base` again), when its document's check
        found nothing to report; otherwise None: the page is opened."""
        answer = self.folder / f"{self._answer_key(html)}.answer"
        if not answer.exists():
            return None
        seen = json.loads(answer.read_text())
        done = self.folder / f"{seen['document']}.json"
        if not done.exists() or problems(json.loads(done.read_text())):
            return None
        return {"form": seen["form"], "links": [base + path for path in seen["links"]]}


# The csrf_token inputs of an answer as the server sent it, their value made equal (DOCUMENT does so in the DOM).
CSRF_INPUT = re.compile(r"<input\b[^>]*\bname=\"csrf_token\"[^>]*>")


def _csrf_made_equal(tag: re.Match) -> str:
    return re.sub(r'\bvalue="[^"]*"', 'value="csrf"', tag.group(0))


def problems(found: dict) -> list[str]:
    """What a CHECK result reports: axe-core's violations, ids used twice, a missing title, a page too wide."""
    found_problems = [f"axe {v['id']} ({v['help']}) at {v['nodes']}" for v in found["violations"]]
    if found["duplicates"]:
        found_problems.append(f"duplicate ids {found['duplicates']}")
    title = found["title"]
    if not title or title.startswith(DEFAULT_TITLE):
        found_problems.append(f"no descriptive <title> ({title!r})")
    if found["width"] > NARROW["width"]:
        found_problems.append(f"scrollWidth {found['width']} > {NARROW['width']}")
    return found_problems


def axe_check(page) -> dict:
    found = page.evaluate(CHECK, AXE_TAGS)
    if found is None:  # a document that began before the init script
        page.evaluate("source => { (0, eval)(source); }", AXE)
        found = page.evaluate(CHECK, AXE_TAGS)
    return found


def check(page, walk: Walk, label: str) -> str | None:
    """axe-core and the 320 px reflow on the page as it is now, once it has loaded (after a click that submits a form
    the new document may have only just begun: no documentElement yet for axe to read); the result of the same
    document checked before in this run when there is one (`Checks`). Returns the document's key (with `Checks`)."""
    page.wait_for_load_state("load")
    found, reused, key = walk.checks.result(page) if walk.checks else (axe_check(page), False, None)
    walk.reused += reused
    for problem in problems(found):
        if problem.startswith("scrollWidth"):
            wide = page.evaluate("""limit => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit + 1 && getComputedStyle(e).position !== 'absolute')
                .filter(e => !e.closest('.portal-table-scroll'))
                .slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                                   + (typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))""",
                                 NARROW["width"])
            problem += f" ({wide})"
        walk.problems.append(f"{walk.role} {label}: {problem}")
    walk.checked += 1
    return key


def screenshots(page, name: str) -> None:
    """The page as it is now at 320 px and at 1280 px, into test-results/screenshots/ (to look at)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}-320.png"), full_page=True)
    page.set_viewport_size(WIDE)
    page.screenshot(path=str(ARTEFACTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(NARROW)


def log_in_demo(page, base: str, email: str) -> None:
    """The demo user's password, then the TOTP code, posted to /login and /tf-validate with their pages' CSRF tokens
    from the page's own browser context (its cookies): the walk then opens its pages logged in. Filling those forms
    by hand is the anonymous walk's (it checks both pages, with and without errors) and the keyboard test's; here it
    cost four page loads per walk."""
    request = page.context.request
    answer = request.post(f"{base}/login", max_redirects=0, form={
        "email": email, "password": demo.PASSWORD, "csrf_token": _csrf(request.get(f"{base}/login"))})
    assert answer.status == 302, (answer.status, answer.text()[:500])
    answer = request.post(f"{base}/tf-validate", max_redirects=0, form={
        "code": pyotp.TOTP(demo_totp_secret(email)).now(), "csrf_token": _csrf(request.get(f"{base}/tf-validate"))})
    assert answer.status == 302 and "/tf-validate" not in answer.headers.get("location", ""), \
        (answer.status, answer.text()[:500])


# The form-error submission's preparation, in one round trip: the page's first form in <main> that posts with a
# primary button (the one `FORM_AND_LINKS` found), its validation off and the fields the walk empties emptied, its
# primary button marked for the click that sends it (before: a locator filtered by its button, resolved twice).
EMPTY_FORM = """emptied => {
    const form = [...document.querySelectorAll('main form[method=post]')]
        .find(f => f.querySelector('.utrecht-button--primary-action') !== null);
    form.noValidate = true;
    form.querySelectorAll(emptied).forEach(e => { if (!e.readOnly) e.value = ''; });
    form.querySelector('.utrecht-button--primary-action').setAttribute('data-a11y-submit', '');
}"""
# Whether the answer shows form errors.
HAS_ERRORS = "() => document.querySelector('[aria-invalid=true], .utrecht-form-field-error-message') !== null"


# What the walk reads from a checked page, in one round trip: whether its first form (`EMPTY_FORM`) is one to submit
# emptied (its primary button visible as Playwright's is_visible has it: a box that is not empty and not
# visibility:hidden), and the links of <main> and <nav>.
FORM_AND_LINKS = """emptied => {
    const form = [...document.querySelectorAll('main form[method=post]')]
        .find(f => f.querySelector('.utrecht-button--primary-action') !== null);
    let submit = false;
    if (form) {
        const button = form.querySelector('.utrecht-button--primary-action'), box = button.getBoundingClientRect();
        submit = box.width > 0 && box.height > 0 && getComputedStyle(button).visibility !== 'hidden'
            && ([...form.querySelectorAll(emptied)].some(e => !e.readOnly)
                || form.querySelector('[required]') !== null);
    }
    return {form: submit, links: [...document.querySelectorAll('main a[href], nav a[href]')].map(a => a.href)};
}"""


def walk_pages(page, live, role: str, shots: bool = True, checks: Checks | None = None) -> Walk:
    """Open every page this role can reach, check each once; then submit each page's first form emptied and
    check the answer when it shows form errors.

    In rounds: first every page without parameters; then, for each page with parameters not yet seen (per
    combination of its non-id arguments), the link to the newest object among those found so far (highest ids:
    the objects the fixture adds for pages the demo data does not show; for a page of one object, also the one
    before it)."""
    walk = Walk(role, screenshots=shots, checks=checks)
    adapter = live.app.url_map.bind("localhost")
    rules = {r.endpoint: r for r in live.app.url_map.iter_rules() if is_page(r)}
    todo = [f"{live.url}{r.rule}" for r in sorted(rules.values(), key=lambda r: r.rule)
            if not r.arguments and not NOT_WALKED.match(r.endpoint)]
    seen_keys: set = set()
    checked_paths: set = set()
    forms: list[str] = []
    while todo:
        candidates: dict = {}
        for url in todo:
            # A plain request with the browser's cookies first (~15 ms against ~150 for the browser): a 403, a
            # redirect to the login or to a page already checked, a file are not opened in the browser.
            response = page.context.request.get(url)
            status, final_url = response.status, response.url
            content_type = response.headers.get("content-type", "")
            answer = response.text() if status == 200 and "text/html" in content_type else None
            response.dispose()
            if answer is None or final_url.rstrip("/").endswith("/login"):
                continue
            path = urlsplit(final_url).path
            try:
                endpoint, _ = adapter.match(path, method="GET")
                asked, _ = adapter.match(urlsplit(url).path, method="GET")  # `/` answers the role's start page
            except HTTPException:
                continue
            walk.endpoints |= {endpoint, asked}
            if path in checked_paths:
                continue
            checked_paths.add(path)
            shoot = walk.screenshots and endpoint in SCREENSHOTS and endpoint not in walk.shot
            # The same answer opened by a walk before (this one or another, of either backend): its document and
            # what was read from it, instead of opening the page (`Checks`).
            found = checks.known(answer, live.url) if checks and not shoot else None
            if found is not None:
                walk.checked += 1
                walk.reused += 1
                walk.read += 1
                opened = final_url
            else:
                response = page.goto(url)
                if response is None or response.status != 200 or urlsplit(page.url).path != path:
                    walk.problems.append(f"{role} {path}: answered {response and response.status} at {page.url} in "
                                         f"the browser, 200 at {final_url} to a request")
                    continue
                document = check(page, walk, path)
                if shoot:
                    walk.shot.add(endpoint)
                    screenshots(page, f"{role}-{endpoint.split('.')[-1]}")
                # A form is submitted emptied when that can make it invalid: it has a field the walk empties, or a
                # required one (a form of only choices, none required, is sent as the page offers it: no errors);
                # and when its button can be clicked (one in a closed <details> cannot: the click waited 30 s for
                # nothing).
                found = page.evaluate(FORM_AND_LINKS, EMPTIED)
                opened = page.url
                if checks:
                    checks.remember(answer, document, found, live.url)
            if found["form"]:
                forms.append(opened)
            for href in found["links"]:
                parts = urlsplit(href)
                if f"{parts.scheme}://{parts.netloc}" != live.url:
                    continue
                try:
                    endpoint, args = adapter.match(parts.path, method="GET")
                except HTTPException:
                    continue
                rule = rules.get(endpoint)
                if rule is None or not rule.arguments or NOT_WALKED.match(endpoint):
                    continue
                key = (endpoint, tuple(sorted((k, v) for k, v in args.items() if not k.endswith("_id"))))
                ids = tuple(str(v).rjust(20) for k, v in sorted(args.items()) if k.endswith("_id"))
                if key not in seen_keys:
                    candidates.setdefault(key, set()).add((ids, f"{live.url}{parts.path}"))
        seen_keys |= set(candidates)
        # The newest object, and for a page of one object (only id arguments) also the one before it: objects
        # differ in what they link to (a request for inzage has an export, one for rectificatie a form).
        todo = [url for key, found in candidates.items()
                for _, url in sorted(found, reverse=True)[:2 if not key[1] else 1]]
    for url in forms:
        page.goto(url)
        page.evaluate(EMPTY_FORM, EMPTIED)
        try:
            with page.expect_response(lambda r: r.request.method == "POST", timeout=10_000):
                page.click("[data-a11y-submit]")
            page.wait_for_load_state("load")
        except PlaywrightTimeout:  # answered by a script or a download, not a page
            continue
        if page.evaluate(HAS_ERRORS):
            check(page, walk, f"{urlsplit(url).path} (formulierfouten)")
            walk.with_errors += 1
    return walk


def walk_anonymous(browser, live, checks: Checks | None = None) -> Walk:
    """The pages before a login: the login and code pages, with and without errors, and the page that sets a
    password (it opens only from an e-mailed link, invitation or reset: a real link of a demo user)."""
    context = axe_context(browser)
    page = context.new_page()
    anonymous = Walk("anoniem", checks=checks)
    page.goto(f"{live.url}/login")
    check(page, anonymous, "/login")
    page.get_by_role("button", name="Inloggen").click()
    check(page, anonymous, "/login (formulierfouten)")
    page.get_by_label("E-mailadres").fill(ROLES["regisseur"])
    page.get_by_label("Wachtwoord").fill(demo.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    check(page, anonymous, "/tf-validate")
    page.get_by_label("Authenticatiecode").fill("000000")
    page.get_by_role("button", name="Code controleren").click()
    check(page, anonymous, "/tf-validate (formulierfouten)")
    context.close()
    with live.app.app_context():
        token = generate_reset_password_token(db.session.scalar(select(User).where(User.email == ROLES["privacy"])))
    context = axe_context(browser)
    page = context.new_page()
    page.goto(f"{live.url}/reset/{token}")
    check(page, anonymous, "/reset/<token>")
    anonymous.endpoints |= {"security.login", "security.two_factor_token_validation", "security.reset_password"}
    context.close()
    return anonymous


def run_folder(tmp_path_factory, name: str) -> Path:
    """A folder `name` in the run's temporary directory, which the xdist workers' directories are in."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def walks_seen(tmp_path_factory, backend: str) -> Path:
    """Where this run's walks of `backend` write what they reached."""
    return run_folder(tmp_path_factory, f"a11y-walks/{backend}")


@pytest.mark.parametrize("walk", WALKS)
def test_every_page_of_the_url_map_passes_axe_and_reflows_at_320_px_for_every_role(browser, demo_live, backend,
                                                                                  walk, tmp_path_factory):
    live = demo_live
    checks = Checks(run_folder(tmp_path_factory, "a11y-checks"))
    if walk == "anoniem":
        result = walk_anonymous(browser, live, checks)
    else:
        context = axe_context(browser)
        page = context.new_page()
        log_in_demo(page, live.url, ROLES[walk])
        result = walk_pages(page, live, walk, shots=backend == SCREENSHOT_BACKEND, checks=checks)
        context.close()
    folder = walks_seen(tmp_path_factory, backend)
    record = {"endpoints": sorted(result.endpoints), "checked": result.checked, "with_errors": result.with_errors,
              "reused": result.reused, "read": result.read}
    (folder / f"{walk}.tmp").write_text(json.dumps(record))
    (folder / f"{walk}.tmp").replace(folder / f"{walk}.json")
    failures = list(result.problems)
    # The last walk of this backend to end (each writes before it reads) checks what they reached together.
    records = {p.stem: json.loads(p.read_text()) for p in folder.glob("*.json")}
    together = set(records) == set(WALKS)
    if together:
        reached = set().union(*(r["endpoints"] for r in records.values()))
        pages = {r.endpoint for r in live.app.url_map.iter_rules() if is_page(r)} - {
            "security.logout", "security.tf_select", "security.two_factor_rescue"}
        failures = [f"page no demo user reached (link to it from a page they see): {m}"
                    for m in sorted(pages - reached)] + failures
    summary = {"checked": result.checked, "reused": result.reused, "read": result.read,
               "with_errors": result.with_errors, "walks ended": sorted(records)}
    assert not failures, f"{len(failures)} problems; {summary}\n" + "\n".join(failures)
    assert walk == "anoniem" or result.checked >= 3, summary
    assert not together or sum(r["with_errors"] for r in records.values()) >= 5, records
