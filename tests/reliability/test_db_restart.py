"""Database restarts and failover without errors: a logged-in client's requests on a pooled engine get no 5xx when
the PostgreSQL server restarts between two of them (stale pooled connections are replaced at checkout:
pool_pre_ping), nor when a request comes while the server is down for a moment, as in a managed failover (new
connections are retried: portal/extensions.py). The server is a cluster of this test's own, on its own port, so that
restarting it disturbs no other test."""
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pyotp
import pytest
import sqlalchemy as sa

from portal.extensions import db
from tests.conftest import TEST_PASSWORD, _csrf, make_app
from tests.factories import Factory

pytestmark = pytest.mark.reliability


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        pytest.fail("PostgreSQL server binaries are not installed: run the suite with `make test` "
                    "(scripts/services.sh installs them)")
    return str(found[-1])


class Cluster:
    """A private PostgreSQL cluster: initdb in a temporary directory, on a free loopback port."""

    def __init__(self, root: Path):
        self.data, self.run = root / "data", root / "run"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        for path in (root, self.data, self.run):
            path.mkdir(mode=0o700, exist_ok=True)
            if os.getuid() == 0:
                shutil.chown(path, "postgres", "postgres")
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--auth=trust")
        self.start()

    def _pg(self, name: str, *args: str) -> None:
        done = subprocess.run([*self.as_postgres, _pg_bin(name), *args], capture_output=True, text=True, timeout=120,
                              cwd=self.data.parent)
        log = self.data / "server.log"
        assert done.returncode == 0, done.stdout + done.stderr + (log.read_text()[-2000:] if log.exists() else "")

    def start(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w", "-o",
                 f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.run} -c fsync=off", "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-m", "fast", "-w", "restart")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster():
    root = Path(tempfile.mkdtemp(prefix="portal-pgrestart-"))  # outside pytest's private tmp: postgres must reach it
    root.chmod(0o755)
    cluster = Cluster(root / "pg")
    yield cluster
    cluster.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def web(cluster):
    """A logged-in regisseur's client of an app on the private cluster, its engine pooled (QueuePool)."""
    app = make_app(cluster.url)
    with app.app_context():
        make = Factory()
        regisseur = make.user("regisseur", make.gemeente())
        make.traject(regisseur)
        email, secret = regisseur.email, regisseur.totp_base32
        assert isinstance(db.engine.pool, sa.pool.QueuePool)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": TEST_PASSWORD,
                                "csrf_token": _csrf(client.get("/login").get_data(as_text=True))})
    client.post("/tf-validate", data={"code": pyotp.TOTP(secret).now(),
                                      "csrf_token": _csrf(client.get("/tf-validate").get_data(as_text=True))})
    assert client.get("/trajecten/").status_code == 200
    yield client
    with app.app_context():
        db.engine.dispose()


def _statuses(web, times: int = 4) -> list[int]:
    """Several requests, one after another: each checks a connection out of the pool (the page reads and logs)."""
    return [web.get("/trajecten/").status_code for _ in range(times)]


def test_a_database_restart_between_two_requests_gives_no_error(web, cluster):
    assert _statuses(web) == [200] * 4  # the pool now holds connections to the server as it was
    cluster.restart()
    assert _statuses(web) == [200] * 4


def test_a_request_while_the_database_is_down_for_a_moment_waits_instead_of_failing(web, cluster):
    assert _statuses(web, 2) == [200, 200]
    cluster.stop()
    back = threading.Timer(2.0, cluster.start)  # a managed failover: the address answers again shortly
    back.start()
    began = time.monotonic()
    try:
        assert _statuses(web, 2) == [200, 200]
    finally:
        back.join()
    assert time.monotonic() - began >= 1.5  # it did wait for the server
