"""Benchmark of the regisseur's caseload page and the signals API against the bare hours aggregate, same run.

Seeds one gemeente with 5,000 trajectories (B1, Z-route and onderwijsroute, PIP-dates spread over three years),
their assignments (taal, MAP, PVT), >= 500,000 aanwezigheid rows (weekly taal periods, monthly MAP and PVT
periods, some absentees, some aanbieders that stopped delivering), and afrondingen — in bulk with Core executemany
(seeding is not measured). Then, logged in as the gemeente's regisseur through the real password + TOTP login of
the Flask test client, it times 20 renders of `GET /voortgang/` (first page, default sort: the whole signals
engine runs — the process's kept caseload computations are dropped before each, so every render is cold — 50 rows
rendered, their reads logged) and 20 calls of `GET /api/v1/signalen`, and in the same run
(interleaved with them) 20 executions of the bare SQL aggregate over the same data:

    SELECT traject_id, SUM(uren_gepland), SUM(uren_aanwezig), SUM(uren_verzuim_geoorloofd),
           SUM(uren_verzuim_ongeoorloofd) FROM aanwezigheid GROUP BY traject_id

Each series is warmed up twice (untimed) first. After seeding, traject_uren is brought up to date (what the import
service does for each delivery) and the planner statistics are refreshed (ANALYZE; VACUUM ANALYZE on PostgreSQL, so
index-only scans work as they do once autovacuum has run). The last line reads
`caseload p95 X ms; signalen p95 S ms; baseline aggregate Y ms; ratio R` with Y the baseline's p95 and R = X / Y.

    python bench/dashboard_bench.py [--database postgresql+psycopg://user:pw@host:port/postgres]

With a PostgreSQL URL a fresh database `portal_bench_<pid>` is created on that server and dropped afterwards.
"""
import argparse
import math
import random
import re
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyotp  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench.import_bench import database_url  # noqa: E402

TODAY = date(2026, 11, 23)
TRAJECTEN = 5_000
MIN_ROWS = 500_000
RUNS, WARMUP = 20, 2
PASSWORD = "Bench-Wachtwoord-Sterk-2026"
TOTP_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BASELINE_SQL = ("SELECT traject_id, SUM(uren_gepland), SUM(uren_aanwezig), SUM(uren_verzuim_geoorloofd), "
                "SUM(uren_verzuim_ongeoorloofd) FROM aanwezigheid GROUP BY traject_id")


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _months(start: date, end: date):
    """Calendar-month periods from start's month while they end before `end`."""
    month = start.replace(day=1)
    while True:
        last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if last >= end:
            return
        yield max(month, start), last
        month = last + timedelta(days=1)


def seed(rng: random.Random) -> tuple:
    """Organisations and users through the services; trajectories, assignments and deliveries in bulk."""
    from dpia.verwerkersovereenkomsten.services import register_getekend
    from portal.beheer import services as beheer
    from portal.extensions import db
    from portal.models import AanleverBatch, Aanwezigheid, Afronding, Toewijzing, Traject
    from portal.trajecten.ids import new_traject_id
    from portal.trajecten.services import geschatte_termijn

    gemeente = beheer.create_organisatie("GM0001", "gemeente", "Benchgemeente")
    taal = beheer.create_organisatie("BTAAL", "aanbieder", "Bench Taal", ["taal"])
    mappvt = beheer.create_organisatie("BMAP", "aanbieder", "Bench MAP en PVT", ["map", "pvt"])
    regisseur, _ = beheer.create_user("regisseur@bench.nl", "regisseur", "GM0001", PASSWORD)
    beheer.set_totp_secret(regisseur, TOTP_KEY)
    for aanbieder in (taal, mappvt):
        register_getekend(aanbieder, gemeente, date(2023, 1, 1), date(2030, 12, 31))
    batch = {}
    for aanbieder in (taal, mappvt):
        batch[aanbieder.id] = AanleverBatch(aanbieder_id=aanbieder.id, gebruiker="bench", soort="aanwezigheid",
                                            kanaal="api", status="accepted")
        db.session.add(batch[aanbieder.id])
    db.session.flush()

    now = datetime(2026, 11, 20, 12, 0)
    trajecten, toewijzingen, aanwezigheid, afrondingen = [], [], [], []
    ids = set()
    for _ in range(TRAJECTEN):
        traject_id = new_traject_id()
        while traject_id in ids:
            traject_id = new_traject_id()
        ids.add(traject_id)
        leerroute = rng.choices(["b1", "z_route", "onderwijsroute"], weights=[6, 3, 1])[0]
        pip = TODAY - timedelta(days=rng.randint(60, 1250))
        aanbod = pip + timedelta(days=rng.randint(20, 110)) if rng.random() < 0.96 else None
        if aanbod and aanbod > TODAY:
            aanbod = None
        trajecten.append({"id": traject_id, "gemeente_id": gemeente.id,
                          "doelgroep": rng.choices(["asielstatushouder", "gezinsmigrant", "overige_migrant"],
                                                   [6, 3, 1])[0],
                          "leerroute": leerroute, "pip_datum": pip,
                          "intensiteit_uren": {"b1": rng.choice([600, 800, 1000, 1200]), "z_route": 800}.get(leerroute),
                          "datum_aanbod": aanbod, "status": "actief", "created_at": now,
                          **dict(zip(("termijn_start", "termijn_einde"), geschatte_termijn(pip), strict=True))})
        if aanbod is None:
            continue
        start = aanbod + timedelta(days=14)
        stopped = rng.random() < 0.03  # an aanbieder that stopped delivering two months ago
        end = TODAY - timedelta(days=60) if stopped else TODAY
        lui = rng.random() < 0.12
        onderdelen = (["taal"] if leerroute != "onderwijsroute" else []) + ["map", "pvt"]
        for onderdeel in onderdelen:
            aanbieder = taal if onderdeel == "taal" else mappvt
            toewijzingen.append({"traject_id": traject_id, "onderdeel": onderdeel, "aanbieder_id": aanbieder.id,
                                 "startdatum": start, "einddatum": None, "created_at": now})
            if onderdeel == "taal":  # weekly periods, Monday to Sunday
                monday = start + timedelta(days=(7 - start.weekday()) % 7)
                periods = []
                while monday + timedelta(days=6) < end:
                    periods.append((monday, monday + timedelta(days=6)))
                    monday += timedelta(days=7)
                gepland = rng.choice([8, 10, 12])
            else:
                periods = list(_months(start, end))
                gepland = 6 if onderdeel == "map" else 4
            for begin, eind in periods:
                ongeoorloofd = rng.choice([0, 0, 1, 2, 4]) if lui else rng.choice([0] * 12 + [1])
                geoorloofd = rng.choice([0, 0, 0, 1, 2])
                ongeoorloofd, geoorloofd = min(ongeoorloofd, gepland), min(geoorloofd, gepland - ongeoorloofd)
                aanwezigheid.append({
                    "traject_id": traject_id, "aanbieder_id": aanbieder.id, "batch_id": batch[aanbieder.id].id,
                    "versie": 1, "gewijzigd_op": now, "gewijzigd_door": "bench", "onderdeel": onderdeel,
                    "periode_start": begin, "periode_eind": eind, "uren_gepland": gepland,
                    "uren_aanwezig": gepland - ongeoorloofd - geoorloofd, "uren_verzuim_geoorloofd": geoorloofd,
                    "uren_verzuim_ongeoorloofd": ongeoorloofd,
                    "verzuim_reden": ("geen_geldige_reden" if ongeoorloofd else "ziekte") if ongeoorloofd or geoorloofd
                    else None, "aantal_keer_verzuim": (ongeoorloofd + geoorloofd) or None})
            if onderdeel in ("map", "pvt") and start < TODAY - timedelta(days=300) and rng.random() < 0.6:
                afrondingen.append({
                    "traject_id": traject_id, "aanbieder_id": mappvt.id, "batch_id": batch[mappvt.id].id,
                    "versie": 1, "gewijzigd_op": now, "gewijzigd_door": "bench", "onderdeel": onderdeel,
                    "datum": TODAY - timedelta(days=rng.randint(1, 200)), "status": "afgerond",
                    "reden": None, "verwijtbaar": None})
    for table, rows in ((Traject.__table__, trajecten), (Toewijzing.__table__, toewijzingen),
                        (Afronding.__table__, afrondingen), (Aanwezigheid.__table__, aanwezigheid)):
        for start in range(0, len(rows), 50_000):
            db.session.execute(sa.insert(table), rows[start:start + 50_000])
    db.session.commit()
    from portal.voortgang import uren
    uren.bijwerken()  # what the import service's hook does in the delivery's transaction
    db.session.commit()
    if len(aanwezigheid) < MIN_ROWS:
        raise SystemExit(f"only {len(aanwezigheid)} aanwezigheid rows seeded; raise the periods")
    return len(trajecten), len(toewijzingen), len(aanwezigheid), len(afrondingen)


def log_in(client) -> None:
    def csrf(html: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"email": "regisseur@bench.nl", "password": PASSWORD, "csrf_token": csrf(page)})
    page = client.get("/tf-validate").get_data(as_text=True)
    response = client.post("/tf-validate", data={"code": pyotp.TOTP(TOTP_KEY).now(), "csrf_token": csrf(page)})
    if response.status_code != 302 or "tf-validate" in response.headers.get("Location", ""):
        raise SystemExit("login failed")


def timed(*calls, runs: int = RUNS) -> list[list[float]]:
    """Milliseconds of each call, `runs` times, interleaved (a, b, c, a, b, c, ...) so that whatever else the
    machine does weighs on every series alike; each call is warmed up first."""
    for call in calls:
        for _ in range(WARMUP):
            call()
    samples: list[list[float]] = [[] for _ in calls]
    for _ in range(runs):
        for call, series in zip(calls, samples, strict=True):
            started = time.perf_counter()
            call()
            series.append((time.perf_counter() - started) * 1000)
    return samples


def run(url: str) -> None:
    from portal import create_app
    from portal.beheer import services as beheer
    from portal.extensions import db
    from portal.models import User

    app = create_app({"DATABASE_URL": url, "PORTAL_TODAY": TODAY.isoformat(), "LOGIN_RATE_LIMIT": "1000 per minute"})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        counts = seed(random.Random(2021))
        print(f"seeded {counts[0]} trajecten, {counts[1]} toewijzingen, {counts[2]} aanwezigheid rows, "
              f"{counts[3]} afrondingen in {time.perf_counter() - started:.1f} s", flush=True)
        token = beheer.create_token(db.session.scalar(sa.select(User).where(User.email == "regisseur@bench.nl")))[1]
        db.session.commit()
        db.session.remove()
        _analyze(db.engine)

        client = app.test_client()
        log_in(client)

        from portal.voortgang import caseload as caseload_service

        def caseload():
            caseload_service.vergeten()  # cold: the whole engine runs, as after any write to the gemeente's data
            response = client.get("/voortgang/")
            assert response.status_code == 200, response.status_code
            response.get_data()

        def signalen():
            response = client.get("/api/v1/signalen", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.status_code
            return response.get_json()

        def baseline():
            with db.engine.connect() as conn:
                conn.exec_driver_sql(BASELINE_SQL).fetchall()

        page = client.get("/voortgang/").get_data(as_text=True)
        shown = re.search(r'id="aantal">([^<]+)<', page).group(1)
        print(f"caseload: {shown}", flush=True)
        print(f"signalen: {len(signalen())} open", flush=True)
        caseload_ms, signalen_ms, baseline_ms = timed(caseload, signalen, baseline)
        db.session.remove()
        db.engine.dispose()
    x, s, y = p95(caseload_ms), p95(signalen_ms), p95(baseline_ms)
    median = {name: sorted(samples)[RUNS // 2] for name, samples in
              (("caseload", caseload_ms), ("signalen", signalen_ms), ("baseline", baseline_ms))}
    print("; ".join(f"{name} median {ms:.0f} ms" for name, ms in median.items()))
    print(f"caseload p95 {x:.0f} ms; signalen p95 {s:.0f} ms; baseline aggregate {y:.0f} ms; ratio {x / y:.2f}")


def _analyze(engine) -> None:
    """Planner statistics (and on PostgreSQL the visibility map, for index-only scans) after the bulk load, as
    autovacuum would give them on a live database."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=None, help="SQLAlchemy URL; default a temporary SQLite file")
    args = parser.parse_args()
    url, drop = database_url(args.database)
    try:
        run(url)
    finally:
        drop()


if __name__ == "__main__":
    main()
