"""Benchmark of the import service against a bare baseline measured in the same run.

Generates a valid aanwezigheid file of N rows for N/20 trajectories, imports it through the import service (the
path of web upload, API and `portal import`), and times, on the same database, the baseline: pandas.read_csv of
the same file plus one executemany INSERT of the same rows into a bare table. The last line reads
`import N rows: X s; baseline: Y s; ratio R; peak memory M MB`.

    python bench/import_bench.py --rows 100000 [--database postgresql+psycopg://user:pw@host:port/postgres]

With a PostgreSQL URL a fresh database `portal_bench_<pid>` is created on that server and dropped afterwards.
"""
import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

COLUMNS = ["traject_id", "onderdeel", "periode_start", "periode_eind", "uren_gepland", "uren_aanwezig",
           "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd", "verzuim_reden", "aantal_keer_verzuim"]


def database_url(requested: str | None) -> tuple[str, callable]:
    if not requested or requested.startswith("sqlite"):
        path = Path(tempfile.mkdtemp()) / "bench.db"
        return requested or f"sqlite:///{path}", lambda: None
    name = f"portal_bench_{os.getpid()}"
    admin = sa.create_engine(requested, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
    return sa.engine.make_url(requested).set(database=name).render_as_string(hide_password=False), drop


def months(count: int) -> list[tuple[date, date]]:
    periods, start = [], date(2024, 1, 1)
    for _ in range(count):
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        periods.append((start, end))
        start = end + timedelta(days=1)
    return periods


def seed(trajecten: int):
    """One gemeente, one aanbieder with a signed agreement, and the trajectories, through the services."""
    from dpia.verwerkersovereenkomsten.services import register_getekend
    from portal.beheer import services as beheer
    from portal.extensions import db
    from portal.trajecten import services as trajecten_services

    gemeente = beheer.create_organisatie("GM0001", "gemeente", "Benchgemeente")
    aanbieder = beheer.create_organisatie("BENCH", "aanbieder", "Bench Taal", ["taal"])
    regisseur, _ = beheer.create_user("regisseur@bench.nl", "regisseur", "GM0001", "Bench-Wachtwoord-Sterk-2026")
    user, _ = beheer.create_user("aanbieder@bench.nl", "aanbieder", "BENCH", "Bench-Wachtwoord-Sterk-2026")
    register_getekend(aanbieder, gemeente, date(2023, 1, 1), date(2030, 12, 31))
    ids = []
    for _ in range(trajecten):
        traject = trajecten_services.create_traject(regisseur, trajecten_services.NieuwTraject(
            "asielstatushouder", "b1", date(2023, 6, 1), 800))
        trajecten_services.toewijzen(regisseur, traject, "BENCH", "taal", date(2023, 7, 1))
        ids.append(traject.id)
    db.session.commit()
    return user, aanbieder, ids


def make_file(ids: list[str], rows: int) -> bytes:
    per = -(-rows // len(ids))
    periods = months(per)
    out = io.StringIO()
    out.write(";".join(COLUMNS) + "\n")
    written = 0
    for i, traject_id in enumerate(ids):
        for j, (start, end) in enumerate(periods):
            if written == rows:
                break
            absent = (i + j) % 4
            out.write(f"{traject_id};taal;{start.isoformat()};{end.strftime('%d-%m-%Y')};40;{34 - absent},5;"
                      f"{absent};{absent % 2};{'ziekte' if absent else ''};{absent if absent else ''}\n")
            written += 1
    return out.getvalue().encode()


def baseline(engine, path: Path) -> float:
    """pandas.read_csv of the file plus one executemany INSERT of its rows into a bare table."""
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS bench_baseline")
        conn.exec_driver_sql("CREATE TABLE bench_baseline (traject_id VARCHAR(16), onderdeel VARCHAR(10), "
                             "periode_start VARCHAR(10), periode_eind VARCHAR(10), uren_gepland VARCHAR(10), "
                             "uren_aanwezig VARCHAR(10), uren_verzuim_geoorloofd VARCHAR(10), "
                             "uren_verzuim_ongeoorloofd VARCHAR(10), verzuim_reden VARCHAR(30), "
                             "aantal_keer_verzuim VARCHAR(10))")
    started = time.perf_counter()
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    rows = list(frame.itertuples(index=False, name=None))
    placeholders = ", ".join(["%s" if engine.dialect.name == "postgresql" else "?"] * len(COLUMNS))
    with engine.begin() as conn:  # one transaction, one executemany: the bulk insert the service competes with
        conn.exec_driver_sql(f"INSERT INTO bench_baseline VALUES ({placeholders})", rows)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="import/baseline pairs; the medians are compared")
    parser.add_argument("--database", default=None, help="SQLAlchemy URL; default a temporary SQLite file")
    args = parser.parse_args()
    url, drop = database_url(args.database)
    try:
        run(url, args.rows, args.repeat)
    finally:
        drop()


def remove_delivery(batch_id: int) -> None:
    """Delete what one import stored (not its processing-log entries: the log is append-only), so that the next run
    stores every row again."""
    from portal.extensions import db
    from portal.models import AanleverBatch, Aanwezigheid

    db.session.execute(sa.delete(Aanwezigheid).where(Aanwezigheid.batch_id == batch_id))
    db.session.execute(sa.delete(AanleverBatch).where(AanleverBatch.id == batch_id))
    db.session.commit()


def run(url: str, rows: int, repeat: int) -> None:
    from portal import create_app
    from portal.extensions import db
    from portal.leveringen.service import Aanlevering, importeer

    app = create_app({"DATABASE_URL": url, "PORTAL_TODAY": "2026-11-23"})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        user, aanbieder, ids = seed(max(1, rows // 20))
        print(f"seeded {len(ids)} trajecten in {time.perf_counter() - started:.1f} s", flush=True)
        data = make_file(ids, rows)
        path = Path(tempfile.mkdtemp()) / "aanwezigheid.csv"
        path.write_bytes(data)
        print(f"file: {rows} rows, {len(data) / 1e6:.1f} MB", flush=True)

        imports, baselines = [], []
        for _ in range(repeat):  # interleaved, so that load from elsewhere hits both sides alike
            started = time.perf_counter()
            rapport, _ = importeer(user, aanbieder, "aanwezigheid", Aanlevering(data=path.read_bytes(),
                                                                                bestandsnaam=path.name), kanaal="cli")
            db.session.commit()
            imports.append(time.perf_counter() - started)
            if rapport.status != "accepted" or rapport.created != rows:
                raise SystemExit(f"import did not accept the file: {rapport.as_dict()['errors'][:5]}")
            baselines.append(baseline(db.engine, path))
            remove_delivery(rapport.batch_id)
        db.session.remove()
        db.engine.dispose()
    elapsed, base = statistics.median(imports), statistics.median(baselines)
    print("import runs: " + ", ".join(f"{t:.2f}" for t in imports) + " s; baseline runs: "
          + ", ".join(f"{t:.2f}" for t in baselines) + " s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import {rows} rows: {elapsed:.2f} s; baseline: {base:.2f} s; ratio {elapsed / base:.2f}; "
          f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
