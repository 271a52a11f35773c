"""Shared fixtures: the app on SQLite and PostgreSQL (schema from the migrations), one rolled-back transaction
per test, factories that build data through the services, and login helpers (password + TOTP)."""
import email
import email.policy
import os
import re
import sqlite3
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession

from portal import create_app
from portal.extensions import db
from tests.helpers.accounts import TEST_PASSWORD  # noqa: F401 - one definition; tests import it from here
from tests.helpers.postgres import drop_database
from tests.helpers.shared import Shared

pytest_plugins = ["tests.helpers.timings"]  # SUITE_TIMINGS=<dir>: where the time goes (tests/helpers/timings.py)

_skipped_required: list[str] = []
# The test apps' login ceilings: far above what a worker's many logins reach; a test of the limits sets its own
# and puts this one back.
TEST_RATE_LIMIT = "100000 per minute"


def pytest_addoption(parser):
    parser.addoption("--backends", default="sqlite,postgresql",
                     help="comma-separated database backends to run the suite on")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        backends = metafunc.config.getoption("--backends").split(",")
        metafunc.parametrize("backend", backends, scope="session")


# The files of the longest tests (4-30 s each), which open their group (`pytest_collection_modifyitems`).
LONG_FIRST = ("tests/browser/test_a11y.py", "tests/security/test_isolation_matrix.py",
              "tests/security/test_api_fuzz.py", "tests/reliability/")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The SQLite tests, then those without a backend, then the PostgreSQL ones (each group in pytest's order, but for
    the files of LONG_FIRST, which open it). xdist's worksteal hands each worker a contiguous share and lets an idle
    worker take from a busy one's tail: the SQLite a11y walks (one test per role, the longest tests) open the first
    share, the PostgreSQL ones lie near the middle, so the two backends' walks start on different workers; and the
    shares end on short tests, so the workers end together (a quiet run ended with the PostgreSQL isolation matrix's
    17 s walk on one worker while the other had nothing left: 373 against 357 worker-s)."""
    def group(item) -> tuple[int, int]:
        backend = getattr(item, "callspec", None) and item.callspec.params.get("backend")
        path = item.nodeid.split("::")[0]
        long = next((i for i, prefix in enumerate(LONG_FIRST) if path.startswith(prefix)), len(LONG_FIRST))
        return {"sqlite": 0, None: 1}.get(backend, 2), long
    items.sort(key=group)


def pytest_runtest_logreport(report):
    if report.skipped and ("postgresql" in report.nodeid or "browser" in report.keywords):
        _skipped_required.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """The PostgreSQL databases this process made are dropped. With REQUIRE_ALL_BACKENDS (CI), a skipped PostgreSQL
    or browser test fails the run."""
    _drop_created_databases()
    if os.environ.get("REQUIRE_ALL_BACKENDS") == "1":
        required = {"sqlite", "postgresql"} - set(session.config.getoption("--backends").split(","))
        if _skipped_required or required:
            print(f"\nREQUIRE_ALL_BACKENDS: skipped {len(_skipped_required)} required tests; "
                  f"backends not run: {sorted(required) or 'none'}")
            session.exitstatus = 1


# PostgreSQL databases this process created: dropped when it ends (pytest_sessionfinish), retried while PostgreSQL
# refuses (tests/helpers/postgres.py).
_created_databases: list[str] = []
# Per backend, this process's database at the migrations' head, made once: a test database that needs the schema is
# a copy of it (SQLite's backup API; PostgreSQL's CREATE DATABASE ... TEMPLATE) instead of running every migration.
_templates: dict[str, str] = {}


def _admin_url() -> str:
    admin_url = os.environ.get("TEST_POSTGRES_URL")
    if not admin_url:
        pytest.fail("TEST_POSTGRES_URL is not set: run the suite with `make test`, or pass --backends=sqlite")
    return admin_url


def _postgres_database(name: str, template: str | None = None) -> str:
    """A fresh database on the test server for this session (dropped first if a crashed run left it), empty or a
    copy of `template`."""
    admin_url = _admin_url()
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    drop_database(admin, name)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    admin.dispose()
    _created_databases.append(name)
    return sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _template(backend: str, tmp_path_factory) -> str:
    """This process's migrated template of `backend` (a SQLite file, or a PostgreSQL database name), made once
    by make_app, with nobody connected to it afterwards."""
    if backend not in _templates:
        url = make_database_url(backend, tmp_path_factory, "template")
        app = make_app(url)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        _templates[backend] = sa.engine.make_url(url).database
    return _templates[backend]


def make_database_url(backend: str, tmp_path_factory, label: str, *, migrated: bool = False,
                      copy_of: str | None = None) -> str:
    """The URL of a new database of this process named after `label`: empty, or with `migrated` already at the
    migrations' head (a copy of the template; make_app's own `upgrade` then finds nothing to do), or a copy of the
    database at the URL `copy_of` (one nobody is connected to: PostgreSQL copies only such a template)."""
    template = sa.engine.make_url(copy_of).database if copy_of else \
        _template(backend, tmp_path_factory) if migrated else None
    if backend == "sqlite":
        path = tmp_path_factory.mktemp(label) / "portal.db"
        if template:
            source, target = sqlite3.connect(template), sqlite3.connect(path)
            try:
                source.backup(target)
                target.execute(_NIEUW_TOKEN, {"token": uuid.uuid4().hex})
                target.commit()
            finally:
                target.close()
                source.close()
        return f"sqlite:///{path}"
    url = _postgres_database(f"portal_test_{label}_{os.getpid()}", template)
    if template:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text(_NIEUW_TOKEN), {"token": uuid.uuid4().hex})
        engine.dispose()
    return url


# A copy of the template is another database: it gets its own data-version token, as the migration gives a new one
# (portal/voortgang/versie.py), or the caseload kept for one test's database would be served for another's.
_NIEUW_TOKEN = "UPDATE signaal_versie SET token = :token"


def _drop_created_databases() -> None:
    if not _created_databases:
        return
    admin = sa.create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        for name in reversed(_created_databases):
            drop_database(admin, name)
    finally:
        admin.dispose()
    _created_databases.clear()


def make_app(database_url: str, **overrides):
    smtp = mail_server()
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": "test-secret",
                      "MAIL_SERVER": smtp.hostname, "MAIL_PORT": smtp.port, "MAIL_BACKEND": "smtp",
                      "LOGIN_RATE_LIMIT": TEST_RATE_LIMIT, "ACCOUNT_RATE_LIMIT": TEST_RATE_LIMIT,
                      "PORTAL_TODAY": "2026-06-15",
                      # argon2 stays the scheme, with cheap parameters so that tests can create many users
                      "SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS": {"argon2__memory_cost": 1024, "argon2__rounds": 1},
                      **overrides})
    # The same for the hash in a reset or invitation link (Flask-Security's hashing context, which no setting tunes):
    # sha256_crypt stays the scheme, with passlib's fewest rounds (pure-Python backend: 0.18 s per hash or check at
    # the default 535,000 rounds)
    security = app.extensions["security"]
    security.hashing_context = security.hashing_context.copy(sha256_crypt__default_rounds=1000)
    with app.app_context():
        upgrade()
    return app


# --- e-mail: a real SMTP server (aiosmtpd) receives every message any test sends ---------------------------------


class MailBox:
    """The messages the SMTP server received, parsed; `to(address)` those for one recipient."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                      policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    @staticmethod
    def text(message) -> str:
        return "\n".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")


_mail_controller = None


def mail_server():
    """Started once per test process, on a free loopback port."""
    global _mail_controller
    if _mail_controller is None:
        import socket

        from aiosmtpd.controller import Controller
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        _mail_controller = Controller(MailBox(), hostname="127.0.0.1", port=port)
        _mail_controller.start()
    return _mail_controller


class MailSince(MailBox):
    """The messages received since the test began (the server runs for the whole process, both backends)."""

    def __init__(self, box: MailBox):
        self.box, self.start = box, len(box.messages)

    @property
    def messages(self) -> list:
        return self.box.messages[self.start:]


@pytest.fixture
def mailbox() -> MailBox:
    return MailSince(mail_server().handler)


def trajectory_data_in_mail(message) -> list[str]:
    """What reads as a trajectory ID or a BSN in a message; links (their signed tokens) and addresses aside."""
    from portal import bsn
    from portal.trajecten import ids
    text = re.sub(r"https?://\S+|\S+@\S+", " ", MailBox.text(message) + "\n" + str(message["Subject"]))
    found = [c for c in re.findall(r"(?<![0-9A-Za-z-])[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z](?![0-9A-Za-z-])",
                                   text) if ids.is_valid(c)]
    return found + (["BSN"] if bsn.contains_bsn(text) else [])


def _check_mail_sent(fn):
    """fn(), then: no trajectory ID (nor anything that reads as a BSN) in any message it sent."""
    box = mail_server().handler
    before = len(box.messages)
    result = fn()
    for message in box.messages[before:]:
        found = trajectory_data_in_mail(message)
        assert not found, f"trajectory data in an e-mail to {message['To']}: {found}"
    return result


@pytest.fixture(autouse=True)
def _no_trajectory_data_in_mail():
    """Every message any test sends is checked: no trajectory ID (nor anything that reads as a BSN) in it."""
    box = mail_server().handler
    before = len(box.messages)
    yield
    for message in box.messages[before:]:
        found = trajectory_data_in_mail(message)
        assert not found, f"trajectory data in an e-mail to {message['To']}: {found}"


class _BoundSession(FlaskSession):
    """Flask-SQLAlchemy's session ignores `bind`; in tests it must use the connection of the outer transaction."""

    def get_bind(self, *args, **kwargs):
        return self.bind if self.bind is not None else super().get_bind(*args, **kwargs)


@pytest.fixture
def ctx(app) -> Iterator[None]:
    """An app context whose session runs inside one outer transaction that is rolled back after the test;
    commits by views and services become SAVEPOINT releases."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": _BoundSession})
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


class IsolatedClient(FlaskClient):
    """Requests share the test's app context (and so its transaction); `g` is cleared before each one so that
    nothing (like Flask-Login's cached user) leaks from one request into the next, as in a real server."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def plain_app(backend, tmp_path_factory):
    """The test app of this worker and backend over an empty (migrated) database."""
    app = make_app(make_database_url(backend, tmp_path_factory, "unit", migrated=True))
    app.test_client_class = IsolatedClient
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def world_app(backend, tmp_path_factory):
    """The test app of this worker and backend over a database that holds the two-gemeenten world
    (tests/helpers/world.py), built and committed once; each test still runs in its own rolled-back transaction."""
    from tests.helpers import world
    app = make_app(make_database_url(backend, tmp_path_factory, "world", migrated=True))
    app.test_client_class = IsolatedClient
    with app.app_context():
        app.extensions[world.APP_KEY] = world.remember(world.build(Factory()))
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def shared(backend, tmp_path_factory, request) -> Iterator[Shared]:
    """A test app of this module (and worker and backend) over a database of its own, for data its tests share
    (tests/helpers/shared.py): built and committed once, each test in its own rolled-back transaction."""
    label = "shared_" + request.module.__name__.rsplit(".", 1)[-1]
    url = make_database_url(backend, tmp_path_factory, label, migrated=True)
    app = make_app(url)
    app.test_client_class = IsolatedClient
    yield Shared(app, _check_mail_sent)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if backend == "postgresql":
        name = sa.engine.make_url(url).database
        admin = sa.create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
        drop_database(admin, name)
        admin.dispose()
        _created_databases.remove(name)


@pytest.fixture
def app(request, plain_app):
    """A test that asks for the `world` (directly or through another fixture) gets the world's app; one that
    uses data its module shares (`shared`), the module's app (and its world, tests/helpers/shared.py)."""
    from tests.helpers import world
    if "shared" in request.fixturenames:
        app = request.getfixturevalue("shared").app
        assert "world" not in request.fixturenames or world.APP_KEY in app.extensions, \
            "the module's shared data has no world: build it with `shared.build_on_world`"
        return app
    if "world" in request.fixturenames:
        return request.getfixturevalue("world_app")
    return plain_app


@pytest.fixture
def client(app, ctx):
    return app.test_client()


@pytest.fixture
def runner(app, ctx):
    return app.test_cli_runner()


from tests.factories import Factory  # noqa: E402
from tests.helpers.login import log_in, logged_in_client  # noqa: E402


@pytest.fixture
def make(ctx) -> Factory:
    return Factory()


@pytest.fixture
def login(app, ctx):
    """login(user) -> a test client with a completed password + TOTP login (the real /login and /tf-validate posts;
    tests/helpers/login.py); a new client for a user logged in shortly before gets a copy of that session."""

    def _login(user, client=None):
        return log_in(client, user) if client is not None else logged_in_client(app, user)

    return _login


def _csrf(html: str, required: bool = True) -> str | None:
    import re
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)" name="csrf_token"', html)
    if match is None and required:
        raise AssertionError("no csrf_token in page")
    return match.group(1) if match else None


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:6].upper()}"
