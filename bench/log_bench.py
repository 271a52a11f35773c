"""Benchmark of the processing log under concurrent writers, against the same transactions without logging.

W writer threads (default 8), each with its own connection, run transactions for a fixed time: log one read of 50
trajectories first (`verwerkingslog.record`, as a caseload page does), then 20 ms of other work (a sleep standing for
the rest of the request), then commit. The baseline runs the same transactions without the `record` call. Phases
alternate (log, baseline, log, ...; `--repeat`) and the medians are compared, so that load from elsewhere on the
machine hits both sides alike. Finally `verwerkingslog.verify` checks the chain the writers built. Last line:
`log: W writers, X tx/s; without log: Y tx/s; ratio R`.

    python bench/log_bench.py [--database postgresql+psycopg://user:pw@host:port/postgres] [--writers 8]

With a PostgreSQL URL a fresh database `portal_logbench_<pid>` is created on that server and dropped afterwards;
without one, a temporary SQLite file is used.
"""
import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench.import_bench import drop_database  # noqa: E402  (retried while PostgreSQL refuses)


def database_url(requested: str | None) -> tuple[str, callable]:
    if not requested or requested.startswith("sqlite"):
        return requested or f"sqlite:///{Path(tempfile.mkdtemp()) / 'logbench.db'}", lambda: None
    name = f"portal_logbench_{os.getpid()}"
    admin = sa.create_engine(requested, isolation_level="AUTOCOMMIT")
    drop_database(admin, name)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        drop_database(admin, name)
        admin.dispose()
    return sa.engine.make_url(requested).set(database=name).render_as_string(hide_password=False), drop


def seed(count: int) -> tuple[str, list[tuple[str, str]]]:
    """One gemeente (with its register) and `count` trajectories, through the services."""
    from portal.beheer import services as beheer
    from portal.extensions import db
    from portal.trajecten import services as trajecten_services

    beheer.create_organisatie("GM0001", "gemeente", "Benchgemeente")
    regisseur, _ = beheer.create_user("regisseur@bench.nl", "regisseur", "GM0001", "Bench-Wachtwoord-Sterk-2026")
    items = []
    for _ in range(count):
        traject = trajecten_services.create_traject(regisseur, trajecten_services.NieuwTraject(
            "asielstatushouder", "b1", date(2023, 6, 1), 800))
        items.append((traject.id, "GM0001"))
    db.session.commit()
    return regisseur.email, items


def phase(app, writers: int, seconds: float, work: float, items: list[tuple[str, str]] | None, actor) -> float:
    """Transactions per second of `writers` threads for `seconds`; each logs `items` first (unless None)."""
    from portal import verwerkingslog
    from portal.codes import Actie, Activiteit
    from portal.extensions import db

    start = threading.Barrier(writers + 1)
    counts = [0] * writers
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        with app.app_context():
            db.session.scalar(sa.select(1))  # connect before the clock starts
            db.session.commit()
            start.wait()
            deadline = time.perf_counter() + seconds
            try:
                while time.perf_counter() < deadline:
                    db.session.scalar(sa.select(1))  # the transaction has begun
                    if items is not None:
                        verwerkingslog.record(actor, Actie.lezen, Activiteit.signalering_regie, items)
                    time.sleep(work)  # the rest of the request
                    db.session.commit()
                    counts[number] += 1
            except BaseException as error:  # noqa: BLE001 (reported after the phase)
                errors.append(error)
                db.session.rollback()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return sum(counts) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLite or PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--objects", type=int, default=50, help="trajectories logged per transaction")
    parser.add_argument("--work-ms", type=float, default=20.0, help="other work per transaction (a sleep)")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument("--repeat", type=int, default=3, help="log/baseline pairs; the medians are compared")
    args = parser.parse_args()

    from portal import create_app, verwerkingslog
    from portal.extensions import db

    url, drop = database_url(args.database)
    try:
        app = create_app({"DATABASE_URL": url, "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_size": args.writers + 2, "max_overflow": 0} if not url.startswith("sqlite") else {}})
        with app.app_context():
            upgrade()
            email, items = seed(args.objects)
            actor = verwerkingslog.Actor(email, "GM0001")
        work = args.work_ms / 1000
        logged, baseline = [], []
        for _ in range(args.repeat):
            logged.append(phase(app, args.writers, args.seconds, work, items, actor))
            baseline.append(phase(app, args.writers, args.seconds, work, None, actor))
            print(f"  log {logged[-1]:.1f} tx/s, without log {baseline[-1]:.1f} tx/s", flush=True)
        with app.app_context():
            result = verwerkingslog.verify()
            db.session.commit()
            db.engine.dispose()
        print(f"chain: {result.checked} verified: {'in orde' if result.ok else result.reason}")
        x, y = statistics.median(logged), statistics.median(baseline)
        print(f"log: {args.writers} writers, {x:.1f} tx/s; without log: {y:.1f} tx/s; ratio {x / y:.2f}")
    finally:
        drop()


if __name__ == "__main__":
    main()
