"""Browser tests: Debian's Chromium through Playwright, against a live server with its own database."""
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pyotp
import pytest
from werkzeug.serving import make_server

from portal.extensions import db, schrijvend
from tests.conftest import TEST_PASSWORD, make_app, make_database_url
from tests.factories import Factory

# Debian's chromium-headless-shell (scripts/services.sh installs it): the same Chromium build (Blink, V8, version) in
# the headless shell that Playwright itself runs headless tests in. The full browser (CHROMIUM=/usr/bin/chromium) in
# its headless mode brings its whole browser UI and the wrapper's flags along: measured on the SQLite browser flows
# (without the a11y walk) its processes took 75 CPU-s against 33 for the shell, and 104 against 73 on the SQLite
# a11y walks, the same tests passing.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/lib/chromium/chromium-headless-shell")
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
# The screenshots (to look at, not assertions) are taken on one backend, when asked for: `make test SCREENSHOTS=1`
# (they cost ~15 worker-seconds of a run: a full-page PNG ~0.3 s, the a11y walk's at two widths).
SCREENSHOT_BACKEND = "sqlite" if os.environ.get("SCREENSHOTS") == "1" else None


def pytest_collection_modifyitems(items):
    """Browser tests are marked `browser`. The PostgreSQL a11y walks run in the opposite order of the SQLite ones
    (tests/browser/test_a11y.py, `Checks`): the two backends' walks, which may start at once on two workers, meet
    the same pages at different times, so that one computes a page's check and the other reads it instead of
    waiting for it."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    walks = [i for i, item in enumerate(items) if item.nodeid.startswith("tests/browser/test_a11y.py::")
             and "postgresql" in item.nodeid]
    for i, item in zip(walks, [items[i] for i in reversed(walks)], strict=True):
        items[i] = item


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's "
                    "chromium-headless-shell)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run"]}


@dataclass
class Live:
    url: str
    app: object

    def seed(self, fn):
        """Run fn(factory) in the live app's database and commit; returns what fn returns. On SQLite the transaction
        takes the write lock at its BEGIN (as the server's requests do): a deferred one that read first fails at once
        with "database is locked" when the server (a request, the log's sequencer) committed in between."""
        with self.app.app_context(), schrijvend():
            result = fn(Factory())
            db.session.commit()
            return result


@contextmanager
def serve(backend, tmp_path_factory, label: str, copy_of: str | None = None) -> Iterator[Live]:
    """A live server on a free port with its own database (`label` names it): at the migrations' head, or a copy of
    the database at the URL `copy_of`. Its static files may be kept by the browser for an hour (a browser context
    fetches each once): with Flask's default, every navigation asked for the 4 stylesheets and 3 fonts again (7
    answers 304, ~45 ms per navigation); the pages themselves stay no-store."""
    app = make_app(make_database_url(backend, tmp_path_factory, label, migrated=True, copy_of=copy_of),
                   SEND_FILE_MAX_AGE_DEFAULT=3600)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Live(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live(backend, tmp_path_factory):
    with serve(backend, tmp_path_factory, "browser") as server:
        yield server


@pytest.fixture
def shoot(page, backend):
    """shoot(name): the page as it is now into test-results/screenshots/<name>.png, to look at (no assertion reads
    it), with SCREENSHOTS=1. Taken on one backend only: both backends' flows shoot the same pages under the same
    names (the second overwrote the first), and a full-page shot costs ~0.3 s (54 of them per backend)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)

    def _shoot(name: str):
        if backend == SCREENSHOT_BACKEND:
            page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)
    return _shoot


def log_in(page, live: Live, user) -> None:
    """The password, then the TOTP code from the user's authenticator secret: the real /login and /tf-validate
    forms posted with the CSRF tokens of their pages, from the page's own browser context (its cookies), then the
    start page opened as the login's last redirect does. Typing into those forms is the keyboard test's and the a11y
    walk's (tests/browser/test_keyboard.py, test_a11y.py); here it only cost two page loads per login."""
    request = page.context.request
    answer = request.post(f"{live.url}/login", max_redirects=0, form={
        "email": user.email, "password": TEST_PASSWORD, "csrf_token": _csrf(request.get(f"{live.url}/login"))})
    assert answer.status == 302, (answer.status, answer.text()[:500])
    answer = request.post(f"{live.url}/tf-validate", max_redirects=0, form={
        "code": pyotp.TOTP(user.totp_base32).now(), "csrf_token": _csrf(request.get(f"{live.url}/tf-validate"))})
    location = answer.headers.get("location", "")
    assert answer.status == 302 and "/tf-validate" not in location, (answer.status, answer.text()[:500])
    page.goto(urljoin(f"{live.url}/", location))
    assert not re.search(r"/login(\?|$)", page.url), f"the browser is not logged in as {user.email} ({location=})"


def _csrf(response) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.text())
    assert match, f"no csrf_token on {response.url}"
    return match.group(1)


def log_out(page) -> None:
    """Uitloggen, and wait for its answer (the login page) to have loaded with everything it asks for: a log_in
    right after it must not race the logout's cookie, nor a cookie set by a late answer of the login page's."""
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/login(\?|$)"))
    page.wait_for_load_state("load")


@dataclass(frozen=True)
class Person:
    """What a browser test needs of a user, detached from the database session that made it."""

    email: str
    totp_base32: str
    org_code: str


def person(user) -> Person:
    return Person(user.email, user.totp_base32, user.organisatie.code)


def privacy_officer_and_aanbieder(make, gemeente: str, aanbieder: str) -> tuple[Person, Person, str]:
    """A gemeente with its privacy officer and one trajectory assigned (taal, with a signed agreement) to an
    aanbieder: (privacy officer, aanbieder user, traject_id)."""
    org = make.gemeente(naam=gemeente)
    regisseur = make.user("regisseur", org)
    taal = make.aanbieder(["taal"], naam=aanbieder)
    make.vo(taal, org)
    traject = make.traject(regisseur)
    make.toewijzing(regisseur, traject, taal, "taal")
    return person(make.user("privacy", org)), person(make.user("aanbieder", taal)), traject.id


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}
