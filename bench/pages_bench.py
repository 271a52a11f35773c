"""Benchmark of the main pages, single user, against a minimal authenticated page measured in the same run.

For each data set — the demo data (`portal demo`, about 200 trajectories) and the 5,000 trajectories of
`dashboard_bench.py` (with a privacy officer, an aanbieder and a beheerder added to its organisations) — it logs in
through the real password + TOTP login of the Flask test client as each role and times, interleaved, RUNS requests of
every main page after WARMUP untimed ones:

- regisseur: start page (/, "Vandaag te doen"), caseload (/voortgang/), a trajectory page, the trajectory list
  (/trajecten/);
- aanbieder: start page, upload form (/aanleveren/), an upload result (/aanleveren/<batch>), the trajectory list;
- privacy officer: start page (/privacy/), register, DPIA's, verzoeken, logboek;
- beheerder: start page (/beheer/organisaties);
- per role, the baseline: `GET /_bench/basis`, a page that exists only on this script's app (never a production
  route): session authentication (Flask-Security loads the user), one scoped query (the number of trajectories the
  user may see, `access.visible_trajecten`) and the base template rendered around it — everything the stack costs
  for an authenticated page, with all the app's request hooks (BSN guard, session lifetimes, headers).

The caseload is also timed cold ("caseload cold", shown but not in the ratios): with the process's kept caseload
computations dropped before each request, as the first view after a write to the gemeente's data finds it. It is
timed in rounds of its own after the others: in theirs it would leave a fresh computation for the regisseur's next
pages every round, and they would be measured as first views after a write, not as users meet them between writes
(`--cold-interleaved` keeps it in the rounds, as the runs before 2026-12-06 21:45 did).

Each page's ratio is its median divided by the median of the baseline of the same role, same data set (medians of
interleaved runs, so that other load on the machine weighs on both alike). The last line reads
`pages: worst ratio R (PAGE); median ratio M` over every page of both data sets.

    python bench/pages_bench.py [--database postgresql+psycopg://user:pw@host:port/postgres] [--only demo|5000]
    python bench/pages_bench.py --profile caseload --only demo     # cProfile of one page, top functions
    python bench/pages_bench.py --statements "regisseur traject" --only demo     # its SQL statements, in order
    python bench/pages_bench.py --cpu     # CPU time of the serving thread instead of wall time (a busy machine)
    python bench/pages_bench.py --pages "aanbieder trajectlijst" --only demo --cpu   # a few pages and their baselines
    python bench/pages_bench.py --uploads 10 --only demo --pages "regisseur traject" --cpu   # as the load meets it

With a PostgreSQL URL fresh databases `portal_bench_<pid>` are created on that server and dropped afterwards.
"""
import argparse
import cProfile
import gc
import os
import pstats
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyotp  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench import dashboard_bench  # noqa: E402
from bench.aanlevering import aanwezigheid_csv  # noqa: E402
from bench.import_bench import database_url  # noqa: E402

RUNS, WARMUP = 20, 2
COLD = "caseload cold"  # shown, not in the ratios: the target is for the page as users meet it between writes
BASIS = """{% extends "base.html" %}{% block content %}
<h1 class="utrecht-heading-1">Basis</h1><p>Zichtbare trajecten: {{ aantal|getal }}</p>{% endblock %}"""
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def add_baseline(app) -> None:
    """The baseline page, on this app only: session auth, one scoped query, the base template."""
    from flask import render_template
    from flask_security import auth_required, current_user  # noqa: TID251 (a view)
    from jinja2 import ChoiceLoader, DictLoader

    from portal import access
    from portal.extensions import db

    app.jinja_env.loader = ChoiceLoader([DictLoader({"bench_basis.html": BASIS}), app.jinja_env.loader])

    @auth_required("session")
    def basis():
        aantal = db.session.scalar(sa.select(sa.func.count()).select_from(
            access.visible_trajecten(current_user).subquery()))
        return render_template("bench_basis.html", title="Basis", aantal=aantal)

    app.add_url_rule("/_bench/basis", "bench_basis", basis)


def log_in(app, email: str, password: str, totp_key: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"email": email, "password": password, "csrf_token": CSRF.search(page).group(1)})
    page = client.get("/tf-validate").get_data(as_text=True)
    response = client.post("/tf-validate", data={"code": pyotp.TOTP(totp_key).now(),
                                                 "csrf_token": CSRF.search(page).group(1)})
    if response.status_code != 302 or "tf-validate" in response.headers.get("Location", ""):
        raise SystemExit(f"login of {email} failed")
    return client


def seed_demo() -> dict:
    """`portal demo`; (email, password, TOTP key) per role."""
    from portal import demo
    from portal.beheer import services as beheer
    from portal.extensions import db
    demo.load()
    db.session.commit()
    return {rol: (email, demo.PASSWORD, beheer.demo_totp_secret(email)) for rol, email in (
        ("regisseur", "regisseur@kerkrade.demo"), ("aanbieder", "medewerker@integra.demo"),
        ("privacy", "privacy@kerkrade.demo"), ("beheerder", "beheer@portaal.demo"))}


def seed_5000() -> dict:
    """dashboard_bench's 5,000 trajectories, plus a privacy officer, an aanbieder and a beheerder."""
    from portal.beheer import services as beheer
    from portal.extensions import db
    started = time.perf_counter()
    counts = dashboard_bench.seed(random.Random(2021))
    logins = {"regisseur": ("regisseur@bench.nl", dashboard_bench.PASSWORD, dashboard_bench.TOTP_KEY)}
    for rol, email, org in (("privacy", "privacy@bench.nl", "GM0001"), ("aanbieder", "taal@bench.nl", "BTAAL"),
                            ("beheerder", "beheer@bench.nl", "GM0001")):
        user, _ = beheer.create_user(email, rol, org, dashboard_bench.PASSWORD)
        beheer.set_totp_secret(user, dashboard_bench.TOTP_KEY)
        logins[rol] = (email, dashboard_bench.PASSWORD, dashboard_bench.TOTP_KEY)
    db.session.commit()
    print(f"  seeded {counts[0]} trajecten, {counts[2]} aanwezigheid rows in {time.perf_counter() - started:.0f} s",
          flush=True)
    return logins


TRAJECT: list[str | None] = [None]  # the trajectory page measured after --uploads
UPLOADS = [0]  # --uploads
LATER = 365  # days: the server's day after the demo's, as bench/load.py runs it


def upload_rounds(app, rounds: int) -> str:
    """The demo as the load test meets it (`--uploads N`): the server a year on, then N rounds of bench/load.py's
    1,000-row aanwezigheid uploads (one-day periods after the demo's, every open assignment of each demo aanbieder)
    through the import service. Returns the trajectory of the regisseur's gemeente with the most periods, whose page
    is then measured."""
    import datetime as dt

    from portal.extensions import db
    from portal.leveringen.service import Aanlevering, importeer
    from portal.models import Aanwezigheid, Organisatie, Toewijzing, Traject, User
    demo_day = dt.date.fromisoformat(app.config["PORTAL_TODAY"])
    app.config["PORTAL_TODAY"] = (demo_day + dt.timedelta(days=LATER)).isoformat()
    for n in range(rounds):
        for email in ("docent@taalkr.demo", "coach@maplim.demo", "medewerker@integra.demo"):
            with app.test_request_context():
                user = db.session.scalar(sa.select(User).where(User.email == email))
                rows = db.session.execute(
                    sa.select(Toewijzing.traject_id, Toewijzing.onderdeel, Toewijzing.startdatum).join(Traject)
                    .where(Toewijzing.aanbieder_id == user.organisatie_id, Toewijzing.einddatum.is_(None),
                           Traject.status == "actief")).all()
                first = max(demo_day.replace(day=1), max(r[2] for r in rows))
                per = -(-1000 // len(rows))
                days = [first + dt.timedelta(days=n * per + d) for d in range(per)]
                data = aanwezigheid_csv([(t, o.value) for t, o, _ in rows], days, 1000)
                rapport, _ = importeer(user, db.session.get(Organisatie, user.organisatie_id), "aanwezigheid",
                                       Aanlevering(data=data, bestandsnaam="aanwezigheid.csv"), kanaal="upload")
                if not rapport.accepted:
                    raise SystemExit(f"upload {n} of {email} refused: {rapport.errors[:2]}")
                db.session.commit()
                db.session.remove()
    with app.app_context():
        gemeente = db.session.scalar(sa.select(User.organisatie_id).where(User.email == "regisseur@kerkrade.demo"))
        traject, periods = db.session.execute(
            sa.select(Aanwezigheid.traject_id, sa.func.count()).join(Traject, Traject.id == Aanwezigheid.traject_id)
            .where(Traject.gemeente_id == gemeente).group_by(Aanwezigheid.traject_id)
            .order_by(sa.func.count().desc(), Aanwezigheid.traject_id).limit(1)).one()
        db.session.remove()
    print(f"  {rounds} rounds of 1,000-row uploads of 3 aanbieders; trajectory page: {traject} ({periods} periods)",
          flush=True)
    return traject


def pages(app, logins: dict) -> dict:
    """(role, page name) -> path, found through the pages themselves where an id is needed (after `--uploads`, the
    trajectory page of `upload_rounds`' trajectory instead of the caseload's first)."""
    from portal.extensions import db
    from portal.models import AanleverBatch, User
    clients = {rol: log_in(app, *login) for rol, login in logins.items()}
    caseload = clients["regisseur"].get("/voortgang/").get_data(as_text=True)
    traject = TRAJECT[0] or re.search(r'href="/trajecten/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])"', caseload).group(1)
    with app.app_context():
        org = db.session.scalar(sa.select(User.organisatie_id).where(User.email == logins["aanbieder"][0]))
        batch = db.session.scalar(sa.select(sa.func.max(AanleverBatch.id)).where(AanleverBatch.aanbieder_id == org))
        db.session.remove()
    table = {("regisseur", "start"): "/", ("regisseur", "caseload"): "/voortgang/",
             ("regisseur", "traject"): f"/trajecten/{traject}",
             ("aanbieder", "start"): "/", ("aanbieder", "upload form"): "/aanleveren/",
             ("aanbieder", "upload result"): f"/aanleveren/{batch}",
             ("privacy", "start"): "/", ("privacy", "register"): "/privacy/register",
             ("privacy", "DPIA"): "/privacy/dpias", ("privacy", "verzoeken"): "/privacy/verzoeken",
             ("privacy", "logboek"): "/privacy/logboek", ("beheerder", "start"): "/",
             ("regisseur", "trajectlijst"): "/trajecten/", ("aanbieder", "trajectlijst"): "/trajecten/"}
    for rol in clients:
        table[(rol, "baseline")] = "/_bench/basis"
    return clients, table


def request(client, path: str):
    """One page as the browser gets it: redirects followed (the start page is a redirect to the role's page)."""
    def call():
        response = client.get(path, follow_redirects=True)
        if response.status_code != 200 or "/login" in response.request.path:
            raise SystemExit(f"{path}: status {response.status_code} at {response.request.path}")
        response.get_data()
    return call


def cold(call):
    """The same page with the process's kept caseload computations dropped first: what the first view after a write
    to the gemeente's data costs (portal/voortgang/caseload.py keeps a computation per data version)."""
    from portal.voortgang import caseload

    def call_cold():
        caseload.vergeten()
        call()
    return call_cold


COLD_INTERLEAVED = [False]  # --cold-interleaved


def measure(app, logins: dict, runs: int, clock=time.perf_counter, only: str | None = None) -> dict:
    clients, table = pages(app, logins)
    calls = {key: request(clients[key[0]], path) for key, path in table.items()}
    calls[("regisseur", COLD)] = cold(calls[("regisseur", "caseload")])
    if only:  # these pages and their roles' baselines
        names = [name.strip() for name in only.split(",")]
        keep = {k for k in calls if k[1] in names or f"{k[0]} {k[1]}" in names}
        rollen = {k[0] for k in keep}
        calls = {k: c for k, c in calls.items() if k in keep or (k[1] == "baseline" and k[0] in rollen)}
    koud = {} if COLD_INTERLEAVED[0] or ("regisseur", COLD) not in calls else {
        ("regisseur", COLD): calls.pop(("regisseur", COLD))}
    samples = {key: [] for key in [*calls, *koud]}
    for rounds in (calls, koud):  # the cold caseload's rounds after the others (module docstring)
        for call in rounds.values():
            for _ in range(WARMUP):
                call()
        for _ in range(runs if rounds else 0):
            for key, call in rounds.items():
                started = clock()
                call()
                samples[key].append((clock() - started) * 1000)
    return samples


def profile(app, logins: dict, page: str, runs: int) -> None:
    clients, table = pages(app, logins)
    key = next(k for k in table if k[1] == page or f"{k[0]} {k[1]}" == page)
    call = request(clients[key[0]], table[key])
    for _ in range(WARMUP):
        call()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(runs):
        call()
    profiler.disable()
    print(f"{key}: {(time.perf_counter() - started) * 1000 / runs:.1f} ms per request under cProfile")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(r"portal/|dpia/|templates/", 60)
    stats.sort_stats("tottime").print_stats(25)
    if os.environ.get("BENCH_CALLEES"):
        stats.sort_stats("cumulative").print_callees(os.environ["BENCH_CALLEES"])
    if os.environ.get("BENCH_CALLERS"):  # who calls a function (a regular expression, like BENCH_CALLEES)
        stats.sort_stats("cumulative").print_callers(os.environ["BENCH_CALLERS"])


def statements(app, logins: dict, names: str) -> None:
    """The SQL statements of one request of each page (comma-separated names; after the warm-up), in order: each is
    a round trip on PostgreSQL), each with the time from its execute to its cursor's return (the database's work and
    the round trip, not the fetching of its rows)."""
    clients, table = pages(app, logins)
    for page in names.split(","):
        key = next(k for k in table if k[1] == page.strip() or f"{k[0]} {k[1]}" == page.strip())
        _statements(app, key, request(clients[key[0]], table[key]))


def _statements(app, key, call) -> None:
    from sqlalchemy import event

    from portal.extensions import db
    for _ in range(WARMUP):
        call()
    seen = []

    started = {}  # cursor -> its statement's place in `seen` (the log's sequencer thread may run one in between)

    def before(conn, cursor, statement, parameters, context, executemany):
        started[id(cursor)] = len(seen)
        seen.append([" ".join(statement.split()), time.perf_counter(), parameters])

    def after(conn, cursor, statement, parameters, context, executemany):
        n = started.pop(id(cursor))
        seen[n][1] = (time.perf_counter() - seen[n][1]) * 1000
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    for n, (statement, ms, parameters) in enumerate(seen, 1):
        # BENCH_SQL_FULL=1: each statement whole, with its parameters (to EXPLAIN it by hand)
        print(f"{n:>3} {ms:6.2f} ms  {statement if os.environ.get('BENCH_SQL_FULL') else statement[:150]}")
        if os.environ.get("BENCH_SQL_FULL"):
            print(f"      {parameters}")
    print(f"{key}: {len(seen)} statements")


def _verzegeld(timeout: float = 120) -> None:
    """Wait until every log action has its place in the chain: sealed here, or by the app's sequencer thread that
    the seeding's logging started (which may hold SQLite's write lock: then wait and try again)."""
    from portal import verwerkingslog
    from portal.extensions import db
    from portal.models import Verwerkingsactie
    deadline = time.monotonic() + timeout
    while db.session.scalar(sa.select(sa.func.count()).where(Verwerkingsactie.volgnummer.is_(None))):
        if time.monotonic() > deadline:
            raise SystemExit("the log's sequencer did not catch up")
        try:
            verwerkingslog.seal()
            db.session.commit()
        except sa.exc.OperationalError:
            db.session.rollback()
            time.sleep(0.2)
    db.session.commit()


def run(url: str, dataset: str, runs: int, profile_page: str | None, clock=time.perf_counter,
        statements_page: str | None = None, only: str | None = None) -> list:
    from portal import create_app
    from portal.extensions import db
    app = create_app({"DATABASE_URL": url, "PORTAL_TODAY": dashboard_bench.TODAY.isoformat(),
                      "LOGIN_RATE_LIMIT": "100000 per minute"})
    add_baseline(app)
    with app.app_context():
        upgrade()
        logins = seed_demo() if dataset == "demo" else seed_5000()
        # The seeding's log entries chained, as a running server's sequencer has done long before anyone pages
        # (and so the planner's statistics see the chain's numbers, not a column of NULLs).
        _verzegeld()
        db.session.remove()
    if UPLOADS[0] and dataset == "demo":
        TRAJECT[0] = upload_rounds(app, UPLOADS[0])
        with app.app_context():
            _verzegeld()
            db.session.remove()
    with app.app_context():
        dashboard_bench._analyze(db.engine)
    gc.collect()
    gc.freeze()  # as portal/wsgi.py does in each server process once the app is loaded
    if profile_page:
        profile(app, logins, profile_page, runs)
        return []
    if statements_page:
        statements(app, logins, statements_page)
        return []
    samples = measure(app, logins, runs, clock, only)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    rows = []
    unit = "CPU ms" if clock is time.thread_time else "median ms"
    print(f"{'role':<10}{'page':<15}{unit:>10}{'p95 ms':>9}{'ratio':>7}")
    for (rol, page), values in samples.items():
        median = statistics.median(values)
        base = statistics.median(samples[(rol, "baseline")])
        ratio = median / base
        print(f"{rol:<10}{page:<15}{median:>10.1f}{dashboard_bench.p95(values):>9.1f}"
              + (f"{ratio:>7.2f}" if page != "baseline" else f"{'':>7}") + ("  (not in the ratios)" if page == COLD
                                                                           else ""))
        if page not in ("baseline", COLD):
            rows.append((f"{dataset} {rol} {page}", ratio))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=None, help="SQLAlchemy URL; default a temporary SQLite file")
    parser.add_argument("--only", choices=("demo", "5000"), default=None, help="one data set")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--profile", default=None, help="cProfile this page (e.g. caseload, 'privacy start')")
    parser.add_argument("--statements", default=None,
                        help="print the SQL statements of one request of this page (e.g. 'regisseur traject')")
    parser.add_argument("--cpu", action="store_true",
                        help="time the CPU of the serving thread (time.thread_time) instead of the wall clock: what "
                             "the app's own code costs, whatever else runs on a shared machine (without the "
                             "database server's work and the waits for it)")
    parser.add_argument("--pages", default=None,
                        help="measure only these pages (comma-separated, e.g. 'aanbieder trajectlijst,regisseur "
                             "traject') and their roles' baselines: a quick before/after of a few pages")
    parser.add_argument("--uploads", type=int, default=0,
                        help="the demo as the load test meets it: the server a year on and N rounds of its 1,000-row "
                             "uploads by the three demo aanbieders first; the trajectory page is then that of the "
                             "regisseur's trajectory with the most periods (e.g. --uploads 10 --only demo --pages "
                             "'regisseur traject' --cpu)")
    parser.add_argument("--cold-interleaved", action="store_true",
                        help="time the cold caseload in the same rounds as the other pages, as the runs before "
                             "2026-12-06 21:45 did (then the regisseur's pages after it meet a fresh computation)")
    args = parser.parse_args()
    UPLOADS[0] = args.uploads
    COLD_INTERLEAVED[0] = args.cold_interleaved
    rows = []
    for dataset in ("demo", "5000"):
        if args.only and args.only != dataset:
            continue
        url, drop = database_url(args.database)
        print(f"{dataset} data on {sa.engine.make_url(url).get_backend_name()}:", flush=True)
        try:
            rows += run(url, dataset, args.runs, args.profile, time.thread_time if args.cpu else time.perf_counter,
                        args.statements, args.pages)
        finally:
            drop()
    if rows:
        load = os.getloadavg()
        worst = max(rows, key=lambda row: row[1])
        if args.cpu:
            print("ratios of the serving thread's CPU time (--cpu), not of wall time")
        print(f"load average (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
        print(f"pages: worst ratio {worst[1]:.2f} ({worst[0]}); median ratio "
              f"{statistics.median(r for _, r in rows):.2f}")


if __name__ == "__main__":
    main()
