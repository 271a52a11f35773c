"""Benchmark of the import service against a bare baseline measured in the same run.

Generates a valid aanwezigheid file of N rows for N/20 trajectories, imports it through the import service (the
path of web upload, API and `portal import`), and times, on the same database, the baseline: pandas.read_csv of
the same file plus one executemany INSERT of the same rows into a bare table. The last line reads
`import N rows: X s; baseline: Y s; ratio R; peak memory M MB`.

With `--spreadsheets` it first compares the spreadsheet readers on the same rows written as XLSX (real dates and
numbers, as a spreadsheet program saves them): the portal's reader (python-calamine, after the size checks) against
the baseline openpyxl read-only, both through the same conversion to strings, checks that both give identical
frames and line numbers, and times the same rows as ODS; a line `xlsx N rows: calamine X s; openpyxl Y s; ...`.

    python bench/import_bench.py --rows 100000 [--database postgresql+psycopg://user:pw@host:port/postgres]
    python bench/import_bench.py --rows 100000 --only-spreadsheets --repeat 3   # the readers alone, no database

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
from datetime import date, datetime, timedelta
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
    drop_database(admin, name)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        drop_database(admin, name)
        admin.dispose()
    return sa.engine.make_url(requested).set(database=name).render_as_string(hide_password=False), drop


def drop_database(admin, name: str, retries: int = 8) -> None:
    """DROP DATABASE IF EXISTS ... WITH (FORCE), tried again while PostgreSQL refuses because an autovacuum worker
    (a process it may not end) is on the database: "must be a member of the role whose process is being
    terminated". Used by every benchmark and the load test."""
    for attempt in range(retries):
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except sa.exc.DBAPIError as error:
            transient = "whose process is being terminated" in str(error.orig) or "accessed by other users" in str(
                error.orig)
            if attempt == retries - 1 or not transient:
                raise
            time.sleep(min(4.0, 0.25 * 2 ** attempt))


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


def spreadsheet_files(data: bytes) -> tuple[bytes, bytes]:
    """The rows of the CSV `data` as XLSX and as ODS, with dates as dates and numbers as numbers."""
    import xlsxwriter

    from portal import spreadsheet

    def typed(index: int, value: str):
        if 2 <= index <= 3:
            return date.fromisoformat(value) if "-" in value[4:5] else datetime.strptime(value, "%d-%m-%Y").date()
        if 4 <= index <= 7 or (index == 9 and value):
            return float(value.replace(",", "."))
        return value

    lines = data.decode().splitlines()
    rows = [[typed(i, v) for i, v in enumerate(line.split(";"))] for line in lines[1:]]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = book.add_worksheet("aanwezigheid")
    dates = book.add_format({"num_format": "dd-mm-yyyy"})
    for c, name in enumerate(COLUMNS):
        sheet.write_string(0, c, name)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime.combine(value, datetime.min.time()), dates)
            elif isinstance(value, float):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, value)
    book.close()
    return out.getvalue(), spreadsheet.ods_bytes([spreadsheet.OdsBlad("aanwezigheid", [COLUMNS, *rows])])


def openpyxl_read(xlsx: bytes):
    """The baseline reader: openpyxl read-only (the portal's reader before calamine), same conversion after it."""
    import openpyxl

    from portal.leveringen import parse

    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True, data_only=True, keep_links=False)
    try:
        rows = book["aanwezigheid"].iter_rows(max_col=parse.MAX_COLUMNS + 1, max_row=parse.MAX_SHEET_ROWS + 1,
                                              values_only=True)
        records, problem = parse._sheet_records(rows, "aanwezigheid")  # noqa: SLF001 - the same conversion
        assert problem is None
        return parse._from_records(records, "aanwezigheid")  # noqa: SLF001
    finally:
        book.close()


def compare_readers(data: bytes, rows: int, repeat: int) -> None:
    from portal.leveringen import parse

    xlsx, ods = spreadsheet_files(data)
    print(f"spreadsheets: xlsx {len(xlsx) / 1e6:.1f} MB, ods {len(ods) / 1e6:.1f} MB", flush=True)
    calamine, baseline_runs, ods_runs = [], [], []
    for _ in range(repeat):  # interleaved, like the import runs
        started = time.perf_counter()
        ours = parse.read_file(xlsx, "aanwezigheid.xlsx", "aanwezigheid")
        calamine.append(time.perf_counter() - started)
        started = time.perf_counter()
        theirs = openpyxl_read(xlsx)
        baseline_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        from_ods = parse.read_file(ods, "aanwezigheid.ods", "aanwezigheid")
        ods_runs.append(time.perf_counter() - started)
    as_csv = parse.read_file(data, "aanwezigheid.csv", "aanwezigheid")
    identical = (ours.frame.astype(str).equals(theirs.frame.astype(str)) and (ours.lines == theirs.lines).all()
                 and ours.frame.astype(str).equals(from_ods.frame.astype(str))
                 and not ours.file_errors and not theirs.file_errors and len(ours.frame) == len(as_csv.frame) == rows)
    if not identical:
        raise SystemExit("the spreadsheet readers disagree")
    median_ours, median_theirs = statistics.median(calamine), statistics.median(baseline_runs)
    print(f"xlsx {rows} rows: calamine {median_ours:.2f} s; openpyxl {median_theirs:.2f} s; "
          f"{median_theirs / median_ours:.1f}x faster; identical frames: {identical}; "
          f"ods (calamine) {statistics.median(ods_runs):.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="import/baseline pairs; the medians are compared")
    parser.add_argument("--database", default=None, help="SQLAlchemy URL; default a temporary SQLite file")
    parser.add_argument("--spreadsheets", action="store_true",
                        help="first compare the XLSX readers (calamine, openpyxl) and time ODS on the same rows")
    parser.add_argument("--only-spreadsheets", action="store_true", help="the reader comparison alone (no database)")
    args = parser.parse_args()
    if args.spreadsheets or args.only_spreadsheets:  # parsing needs no database: made-up trajectory ids will do
        ids = [f"{i:04d}-BENC-X"[-11:] for i in range(max(1, args.rows // 20))]
        compare_readers(make_file(ids, args.rows), args.rows, args.repeat)
        if args.only_spreadsheets:
            return
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
