"""SQLite under concurrent requests: the real app served in threads answers 75 simultaneous reads (each of which logs
the read, so writes the processing log) while trajectories are being created, without a single 500 "database is
locked" — writing transactions take SQLite's write lock when they begin, readers wait for it (busy_timeout) instead
of failing on a lock upgrade."""
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug.serving import make_server

from portal import verwerkingslog
from portal.extensions import db
from tests.conftest import make_app, make_database_url
from tests.factories import Factory


@pytest.fixture
def served(tmp_path_factory):
    app = make_app(make_database_url("sqlite", tmp_path_factory, "concurrent", migrated=True))
    with app.app_context():
        make = Factory()
        gemeente, aanbieder = make.gemeente(), make.aanbieder(["taal"])
        regisseur, privacy = make.user("regisseur", gemeente), make.user("privacy", gemeente)
        trajecten = [make.traject(regisseur) for _ in range(5)]
        ids = [t.id for t in trajecten]
        make.vo(aanbieder, gemeente)
        tokens = {"regisseur": make.token(regisseur), "privacy": make.token(privacy)}
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}", ids, tokens
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def status(url: str, headers: dict, body: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_concurrent_sqlite_readers_during_writes_get_no_500(served):
    app, url, ids, tokens = served
    regisseur = {"Authorization": f"Bearer {tokens['regisseur']}"}
    privacy = {"Authorization": f"Bearer {tokens['privacy']}"}
    nieuw = {"doelgroep": "asielstatushouder", "leerroute": "b1", "pip_datum": "2025-01-06", "intensiteit_uren": 600}

    def read(number: int) -> int:
        traject_id = ids[number % 5]
        if number % 3 == 2:
            return status(f"{url}/api/v1/verwerkingslog?traject_id={urllib.parse.quote(traject_id)}", privacy)
        return status(f"{url}/api/v1/trajecten/{traject_id}", regisseur)

    def write(_number: int) -> int:
        return status(f"{url}/api/v1/trajecten", regisseur, nieuw)

    with ThreadPoolExecutor(max_workers=85) as pool:
        writes = [pool.submit(write, n) for n in range(10)]
        reads = [pool.submit(read, n) for n in range(75)]
        read_statuses = [f.result() for f in reads]
        write_statuses = [f.result() for f in writes]

    assert read_statuses.count(200) == 75, sorted(read_statuses)
    assert write_statuses == [201] * 10, write_statuses
    with app.app_context():
        assert verwerkingslog.verify().ok
