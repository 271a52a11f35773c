"""Crash atomicity: `portal import` of a 200,000-row delivery is killed with SIGKILL while it writes the rows (seen
from outside: SQLite's write-ahead log growing, or PostgreSQL's pg_stat_activity showing the COPY of the rows).
Afterwards, in new processes, either the whole delivery or none of it is there and `portal log verify` is clean."""
import os
import signal
import subprocess
import time

import pytest
import sqlalchemy as sa

from portal.extensions import db
from tests.conftest import make_app, make_database_url
from tests.reliability.conftest import PORTAL, ROWS, TRAJECTEN, import_bench, portal_env, run_portal

pytestmark = pytest.mark.reliability


@pytest.fixture
def seeded(backend, tmp_path_factory):
    """A migrated database of its own (other processes use it) with an aanbieder assigned to the trajectories."""
    url = make_database_url(backend, tmp_path_factory, "crash", migrated=True)
    app = make_app(url)
    with app.app_context():
        _, _, ids = import_bench.seed(TRAJECTEN)
        db.session.commit()
        if backend == "sqlite":
            db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.engine.dispose()
    return url, ids


def _rows(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text("SELECT count(*) FROM aanwezigheid"))
    finally:
        engine.dispose()


def _writing(backend: str, url: str):
    """A probe that says when the import is writing its rows."""
    if backend == "sqlite":
        wal = sa.engine.make_url(url).database + "-wal"
        return lambda: os.path.exists(wal) and os.path.getsize(wal) > 2 * 1024 * 1024
    database = sa.engine.make_url(url).database
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")

    def probe():
        with admin.connect() as conn:
            return bool(conn.scalar(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND state = 'active' "
                "AND query ILIKE 'COPY aanwezigheid%'"), {"db": database}))
    probe.dispose = admin.dispose
    return probe


def test_a_killed_import_leaves_all_or_nothing_and_a_clean_log(backend, seeded, big_delivery):
    url, ids = seeded
    path = big_delivery(ids)
    probe = _writing(backend, url)
    process = subprocess.Popen([PORTAL, "import", str(path), "--aanbieder", "BENCH", "--soort", "aanwezigheid"],
                               env=portal_env(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    killed_while_writing = False
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if probe():
                os.kill(process.pid, signal.SIGKILL)
                killed_while_writing = True
                break
            time.sleep(0.01)
    finally:
        if process.poll() is None and not killed_while_writing:
            process.kill()
        process.wait(timeout=30)
        getattr(probe, "dispose", lambda: None)()
    assert killed_while_writing, f"never saw the import write (exit {process.returncode}): " \
                                 f"{process.stderr.read().decode()[-2000:]}"
    assert process.returncode == -signal.SIGKILL

    stored = _rows(url)
    assert stored in (0, ROWS), f"a killed import left {stored} of {ROWS} rows"
    verify = run_portal(url, "log", "verify")
    assert verify.returncode == 0 and "in orde" in verify.stdout, verify.stdout + verify.stderr
