"""Load test: the portal under gunicorn (config/gunicorn.py) on a fresh PostgreSQL database, driven by Locust.

    python bench/load.py [--users 50] [--duration 60] [--database postgresql+psycopg://portal:portal@127.0.0.1:54329/postgres]
                         [--arrivals spread|batch] [--workers W] [--threads T] [--sync] [--switch-interval MS] [--cpu]

It creates the database `portal_load_<pid>` on that server, runs `portal db upgrade` and `portal demo` against it,
starts `gunicorn --config config/gunicorn.py portal.wsgi:app` (the production settings: threaded workers; --workers,
--threads and --sync override them) on a free loopback port (development profile, login rate limit raised
through LOGIN_RATE_LIMIT) and runs N simulated users for D seconds, each with its own session, logged in through the
real login form and TOTP. Users arrive at the spawn rate (10 a second): Locust starts each second's ten at one
instant, so by default (`--arrivals spread`) each waits a random moment within its second before it logs in, as
independent users arrive; `--arrivals batch` keeps Locust's ten logins at once (the runs before 2026-12-06 15:30):

- regisseurs open the caseload (/voortgang/) and then trajectory pages linked from it;
- aanbieders upload 1,000-row aanwezigheid files through the web upload (/aanleveren/) and open the result page;
  the rows are built from the aanbieder's own assignments (read through the API with a `portal token create` token)
  with one-day periods after every stored period (the server runs a year after the day the demo was made on),
  unique per upload, so every upload must be accepted;
- privacy officers open the processing log (/privacy/logboek).

Before the load, each kind is measured single-user (one action at a time, no think time, SINGLE_ROUNDS rounds
interleaved over the kinds, a fresh login per round): the reference for what the load does to the wait.

Printed: requests per second, p50/p95/p99 per kind (the time the user waits for the action: the submit and the
page it leads to) under load and single-user, the error count (any non-2xx/3xx, any exception, any rejected upload or
page that is not what the user should see) and, last, `load: N requests, R req/s, E errors; worst p95 ratio Q (KIND)`
with Q the worst kind's p95 under load divided by its single-user p95. Exit status 1 when there are errors. The
database is dropped afterwards.

--cpu: the server logs each request's CPU time (its serving thread's, `time.thread_time`) and wall time
(config/gunicorn.py's hooks, WEB_CPU_LOG); printed per request kind for the single-user phase and the load, with the
server's CPU per second of load (how many of the cores it used). --switch-interval: the GIL's switch interval of the
workers in ms (WEB_SWITCH_INTERVAL).
"""
from __future__ import annotations  # noqa: I001 (locust first: gevent monkey-patches the standard library)

import locust  # noqa: F401

import argparse
import collections
import datetime as dt
import itertools
import json
import math
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode
from pathlib import Path

import gevent
import psycopg
import pyotp
from locust import between, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.aanlevering import aanwezigheid_csv  # noqa: E402 (shared with pages_bench.py)

BIN = Path(sys.executable).parent
ADMIN_URL = "postgresql+psycopg://portal:portal@127.0.0.1:54329/postgres"
PASSWORD = "Demo-Inburgering-2026!"
REGISSEURS = ("regisseur@kerkrade.demo", "regisseur@heerlen.demo")
AANBIEDERS = ("docent@taalkr.demo", "coach@maplim.demo", "medewerker@integra.demo")
PRIVACY = ("privacy@kerkrade.demo", "privacy@heerlen.demo")
KINDS = ("login", "caseload", "traject", "upload", "logboek")
UPLOAD_ROWS = 1_000
SINGLE_ROUNDS = 14  # two fresh logins per account; a caseload is followed by 1-3 trajectory pages
LATER = dt.timedelta(days=365)  # the server's day (PORTAL_TODAY) after the day the demo was made on

CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
TRAJECT_LINK = re.compile(r'href="/trajecten/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])"')
STATUS = re.compile(r'<dd id="status">(.*?)</dd>', re.S)
TAG = re.compile(r"<[^>]+>")
LOGIN_LINE = re.compile(r"^\s+(\S+@\S+)\s+(\w+)\s+(\S+)\s+TOTP-sleutel\s+([A-Z2-7]+)\s*$", re.M)

# Filled in by setup() before any user starts.
ARRIVAL_SPREAD = 0.0  # seconds over which a batch of spawned users arrives (--arrivals)
TOTP: dict[str, pyotp.TOTP] = {}
FEEDS: dict[str, UploadFeed] = {}
DURATIONS: dict[str, list[float]] = collections.defaultdict(list)
FAILURES: collections.Counter = collections.Counter()


# --- the simulated users ------------------------------------------------------------------------------------------


class Failed(Exception):
    """A functional error: the page is not what the user should see (counted; the action is abandoned)."""


class PortalUser(FastHttpUser):
    abstract = True
    accounts: tuple[str, ...] = ()

    def on_start(self):
        gevent.sleep(random.uniform(0, ARRIVAL_SPREAD))  # when, within its batch's interval, the user arrives
        self.email = random.choice(self.accounts)
        self.logged_in = False
        self.act("login", self.login)

    def act(self, kind: str, action) -> None:
        """Run one user action; its duration counts for `kind` when it succeeds, its failure counts as an error.
        A failed HTTP request is already counted by Locust (as a failed request), so it is not counted twice."""
        start = time.perf_counter()
        try:
            action()
        except Failed as error:
            FAILURES[f"{kind}: {error}"] += 1
            if "session" in str(error):
                self.logged_in = False
        except HttpFailed:
            self.logged_in = self.logged_in and kind != "login"
        else:
            DURATIONS[kind].append((time.perf_counter() - start) * 1000)

    def page(self, method: str, path: str, name: str, expect: int = 200, **kwargs):
        """One request without following redirects; any status other than `expect` ends the action."""
        response = self.client.request(method, path, name=name, allow_redirects=False, **kwargs)
        if response.status_code != expect:
            if 200 <= response.status_code < 400:  # a 4xx/5xx is a failed request in Locust's statistics already
                where = response.headers.get("Location", "")
                reason = "session ended (redirect to login)" if "/login" in where else f"status {response.status_code}"
                raise Failed(f"{name}: {reason}")
            raise HttpFailed()
        return response

    def login(self):
        form = self.page("GET", "/login", "GET /login")
        sent = self.page("POST", "/login", "POST /login", 302,
                         data=_urlencoded(email=self.email, password=PASSWORD, csrf_token=_csrf(form.text)),
                         headers=FORM)
        if "/tf-validate" not in sent.headers.get("Location", ""):
            raise Failed(f"login: password not accepted (redirect to {sent.headers.get('Location')})")
        form = self.page("GET", _path(sent.headers["Location"]), "GET /tf-validate")
        landing = self.page("POST", "/tf-validate", "POST /tf-validate", 302,
                            data=_urlencoded(code=TOTP[self.email].now(), csrf_token=_csrf(form.text)),
                            headers=FORM)
        for _ in range(3):  # / sends each role on to its start page
            where = _path(landing.headers.get("Location", ""))
            if "login" in where or "tf-" in where:
                raise Failed(f"login refused (redirect to {where})")
            landing = self.client.request("GET", where, name="GET (start page)", allow_redirects=False)
            if landing.status_code == 200:
                break
            if landing.status_code >= 400:
                raise HttpFailed()
        else:
            raise Failed("login: no start page after three redirects")
        self.logged_in = True

    def ensure_login(self):
        if not self.logged_in:
            self.client.cookiejar.clear()
            self.act("login", self.login)
        return self.logged_in


class HttpFailed(Exception):
    """A request that Locust already counted as failed."""


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Regisseur(PortalUser):
    weight = 3
    wait_time = between(1, 3)
    accounts = REGISSEURS

    @task
    def caseload_and_trajecten(self):
        if not self.ensure_login():
            return
        ids: list[str] = []

        def caseload():
            page = random.choice(("/voortgang/", "/voortgang/", "/voortgang/?pagina=2"))
            response = self.page("GET", page, "GET /voortgang/")
            ids.extend(TRAJECT_LINK.findall(response.text))
            if not ids:
                raise Failed("caseload without trajectory links")

        self.act("caseload", caseload)
        for traject_id in random.sample(ids, min(len(ids), random.randint(1, 3))):
            self.wait()
            self.act("traject", lambda t=traject_id: self.page("GET", f"/trajecten/{t}", "GET /trajecten/<id>"))


class Privacy(PortalUser):
    weight = 1
    wait_time = between(2, 5)
    accounts = PRIVACY

    @task
    def logboek(self):
        if self.ensure_login():
            self.act("logboek", lambda: self.page("GET", "/privacy/logboek", "GET /privacy/logboek"))


class Aanbieder(PortalUser):
    weight = 1
    wait_time = between(4, 8)  # preparing a file takes longer than reading a page
    accounts = AANBIEDERS

    @task
    def upload(self):
        if not self.ensure_login():
            return
        body = FEEDS[self.email].next_file()

        def upload():
            form = self.page("GET", "/aanleveren/", "GET /aanleveren/")
            boundary = f"----load{random.getrandbits(64):016x}"
            data = _multipart(boundary, {"csrf_token": _csrf(form.text), "soort": "aanwezigheid",
                                         "submit": "Aanleveren"}, ("bestand", "aanwezigheid.csv", body))
            done = self.page("POST", "/aanleveren/", "POST /aanleveren/", 303, data=data,
                             headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
            result = self.page("GET", _path(done.headers["Location"]), "GET /aanleveren/<batch>")
            status = STATUS.search(result.text)
            shown = TAG.sub("", status.group(1)).strip() if status else "no status"
            if shown != "geaccepteerd":
                raise Failed(f"upload {shown}")

        self.act("upload", upload)


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise Failed("no CSRF token on the page")
    return found.group(1)


def _path(location: str) -> str:
    return re.sub(r"^https?://[^/]+", "", location) or "/"


def _urlencoded(**fields: str) -> str:
    return urlencode(fields)


def _multipart(boundary: str, fields: dict[str, str], file: tuple[str, str, bytes]) -> bytes:
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    field, filename, content = file
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                 f"Content-Type: text/csv\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


class UploadFeed:
    """Valid 1,000-row aanwezigheid files for one aanbieder: its (traject, onderdeel) assignments times one-day
    periods, each day used by one upload only, all after the last period the demo stored (so nothing overlaps).
    When the days run out it starts again from the first: those uploads are corrections (same period bounds)."""

    def __init__(self, pairs: list[tuple[str, str]], first: dt.date, last: dt.date):
        self.pairs = pairs
        self.days_per_file = -(-UPLOAD_ROWS // len(pairs))
        self.days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        self.files = len(self.days) // self.days_per_file
        if self.files < 1:
            raise SystemExit(f"not enough days between {first} and {last} for a {UPLOAD_ROWS}-row file")
        self.counter = itertools.count()
        self.wrapped = 0

    def next_file(self) -> bytes:
        n = next(self.counter)
        if n >= self.files:
            self.wrapped += 1
        start = (n % self.files) * self.days_per_file
        return aanwezigheid_csv(self.pairs, self.days[start:start + self.days_per_file], UPLOAD_ROWS)


# --- the server ---------------------------------------------------------------------------------------------------


def create_database(admin_url: str) -> tuple[str, callable]:
    name = f"portal_load_{os.getpid()}"
    conninfo = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop(retries: int = 8):
        """Tried again while PostgreSQL refuses because an autovacuum worker is on the database ("must be a member
        of the role whose process is being terminated"), as bench/import_bench.py's drop_database does."""
        for attempt in range(retries):
            try:
                with psycopg.connect(conninfo, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
                if attempt == retries - 1:
                    raise
                time.sleep(min(4.0, 0.25 * 2 ** attempt))

    return admin_url.rsplit("/", 1)[0] + "/" + name, drop


def data_versions(url: str) -> dict:
    """The data version for all gemeenten and each gemeente's own counter (signaal_versie, signaal_versie_gemeente)."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        versions = {"alle": conn.execute("SELECT versie FROM signaal_versie").fetchone()[0]}
        versions.update(conn.execute("SELECT gemeente_id, versie FROM signaal_versie_gemeente").fetchall())
    return versions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def portal(env: dict, *args: str) -> str:
    done = subprocess.run([str(BIN / "portal"), *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"portal {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def wait_for(url: str, server: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def api(host: str, token: str, path: str, method: str = "GET", body: bytes | None = None,
        content_type: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(host + path, data=body, method=method,
                                     headers={"Authorization": f"Bearer {token}",
                                              **({"Content-Type": content_type} if content_type else {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def upload_feed(host: str, env: dict, email: str, code: str, demo_day: dt.date, server_day: dt.date) -> UploadFeed:
    """The aanbieder's own assignments through the API, checked by one probe delivery (not measured)."""
    token = portal(env, "token", "create", email).strip().splitlines()[-1].strip()
    trajecten, page = [], 1
    while True:
        status, body = api(host, token, f"/api/v1/trajecten?per_pagina=1000&pagina={page}")
        assert status == 200, (status, body)
        trajecten += [t["traject_id"] for t in body["trajecten"]]
        if page >= body["paginas"]:
            break
        page += 1
    pairs, starts = [], []
    for traject_id in trajecten:
        status, body = api(host, token, f"/api/v1/trajecten/{traject_id}")
        assert status == 200, (status, body)
        for toewijzing in body["toewijzingen"]:
            if toewijzing["aanbieder"] == code and toewijzing["einddatum"] is None:
                pairs.append((traject_id, toewijzing["onderdeel"]))
                starts.append(dt.date.fromisoformat(toewijzing["startdatum"]))
    if not pairs:
        raise SystemExit(f"{email}: no open assignments")
    # Probe with one row per pair on the server's day (kept out of the feed's days): drop the pairs the portal
    # refuses (an assignment that ended, a trajectory that stopped).
    probe = aanwezigheid_csv(pairs, [server_day], len(pairs))
    boundary = "----loadprobe"
    status, body = api(host, token, "/api/v1/aanleveringen?soort=aanwezigheid", "POST",
                       _multipart(boundary, {}, ("bestand", "probe.csv", probe)),
                       f"multipart/form-data; boundary={boundary}")
    refused = {e["line"] - 2 for e in body.get("errors", [])}
    if refused:
        print(f"  {email}: {len(refused)} of {len(pairs)} assignments refused by the probe "
              f"({sorted({e['code'] for e in body['errors']})}); left out")
        kept = [i for i in range(len(pairs)) if i not in refused]
        pairs, starts = [pairs[i] for i in kept], [starts[i] for i in kept]
        if not pairs or min(refused) < 0:
            raise SystemExit(f"{email}: the probe delivery was refused: {body['errors'][:3]}")
    # The demo delivered every month up to the one of its day (periods start at the assignment's start, and none
    # may come before it: buiten_toewijzing); the days from that month to the server's day are free.
    feed = UploadFeed(pairs, max(demo_day.replace(day=1), max(starts)), server_day - dt.timedelta(days=1))
    print(f"  {email}: {len(feed.pairs)} assignments, {feed.days_per_file} day(s) per file, "
          f"{feed.files} distinct files ({feed.days[0]} .. {feed.days[-1]})")
    return feed


# --- single-user reference -----------------------------------------------------------------------------------------


def single_user(host: str, rounds: int) -> tuple[dict[str, list[float]], int]:
    """Every kind with nobody else on the server: one user of each account, actions one after another without think
    time, interleaved (login, caseload + its trajectory pages, upload, logboek per round) so that other load on the
    machine weighs on all kinds alike. Returns the durations per kind and the failed requests."""
    environment = Environment(user_classes=[Regisseur, Aanbieder, Privacy], host=host)
    users = []
    for cls in (Regisseur, Aanbieder, Privacy):
        cls.host = host  # what Locust's runner sets before it spawns users
        for email in cls.accounts:
            user = cls(environment)
            user.email, user.logged_in = email, False
            user.wait = lambda: None  # no think time between a caseload and its trajectory pages
            users.append(user)
    measured, saved = collections.defaultdict(list), dict(DURATIONS)
    DURATIONS.clear()
    try:
        for n in range(rounds):
            again = users[n % len(users)]  # one fresh login per round, each account in turn
            again.logged_in = False
            for user in users:
                user.ensure_login()
            for user in users:
                task = {Regisseur: Regisseur.caseload_and_trajecten, Aanbieder: Aanbieder.upload,
                        Privacy: Privacy.logboek}[type(user)]
                task(user)
        measured.update(DURATIONS)
    finally:
        DURATIONS.clear()
        DURATIONS.update(saved)
    return measured, environment.stats.total.num_failures


# --- the server's CPU per request (--cpu) ----------------------------------------------------------------------


REQUEST_KIND = [(re.compile(r"^/trajecten/[0-9A-Z-]+$"), "/trajecten/<id>"),
                (re.compile(r"^/api/v1/trajecten/[0-9A-Z-]+$"), "/api/v1/trajecten/<id>"),
                (re.compile(r"^/aanleveren/.+$"), "/aanleveren/<batch>")]


def server_cpu(prefix: str, load_from: float, load_until: float) -> None:
    """Per request kind (method and path), the server's CPU and wall time per request, single-user and under load,
    from the lines config/gunicorn.py's hooks wrote (epoch, method, path, CPU ms, wall ms)."""
    phases: dict[str, dict[str, list[tuple[float, float]]]] = {"single": collections.defaultdict(list),
                                                                 "load": collections.defaultdict(list)}
    for name in Path(prefix).parent.iterdir():
        for line in name.read_text().splitlines():
            at, method, path, cpu, wall = line.split(" ")
            for pattern, kind in REQUEST_KIND:
                if pattern.match(path):
                    path = kind
                    break
            phase = "load" if load_from <= float(at) <= load_until else "single" if float(at) < load_from else None
            if phase:
                phases[phase][f"{method} {path}"].append((float(cpu), float(wall)))
    print()
    print(f"{'server, per request':<28}{'| single':>8}{'cpu p50':>9}{'wall p50':>9}{'| load':>7}{'cpu p50':>9}"
          f"{'cpu mean':>9}{'wall p50':>9}{'cpu s':>8}")
    for kind in sorted(set(phases["single"]) | set(phases["load"])):
        alone, under = phases["single"].get(kind, []), phases["load"].get(kind, [])
        print(f"{kind:<28}{len(alone):>8}{percentile([c for c, _ in alone], 50):>9.1f}"
              f"{percentile([w for _, w in alone], 50):>9.1f}{len(under):>7}"
              f"{percentile([c for c, _ in under], 50):>9.1f}"
              f"{sum(c for c, _ in under) / max(1, len(under)):>9.1f}{percentile([w for _, w in under], 50):>9.1f}"
              f"{sum(c for c, _ in under) / 1000:>8.1f}")
    total = sum(c for rows in phases["load"].values() for c, _ in rows) / 1000
    print(f"server CPU in the request threads under load: {total:.1f} s in {load_until - load_from:.0f} s "
          f"({total / (load_until - load_from):.2f} cores)")


# --- the run ------------------------------------------------------------------------------------------------------


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load, after the users are spawned")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--arrivals", choices=("spread", "batch"), default="spread",
                        help="Locust starts each interval's users (10 a second at the default rate) at one instant; "
                             "spread (default): each arrives at a random moment within that interval, as independent "
                             "users do; batch: all at that instant (Locust's own)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: config/gunicorn.py's)")
    parser.add_argument("--threads", type=int, help="threads per gunicorn worker (default: config/gunicorn.py's)")
    parser.add_argument("--sync", action="store_true",
                        help="sync workers, one request at a time each (before this round: --sync --workers 4)")
    parser.add_argument("--switch-interval", type=float,
                        help="the workers' GIL switch interval in ms (sys.setswitchinterval; "
                             "config/gunicorn.py's default 1)")
    parser.add_argument("--cpu", action="store_true", help="log and print the server's CPU time per request kind")
    parser.add_argument("--database", default=ADMIN_URL, help="PostgreSQL admin URL (a database is created on it)")
    parser.add_argument("--keep", action="store_true", help="keep the database (for inspection)")
    parser.add_argument("--single-rounds", type=int, default=SINGLE_ROUNDS,
                        help="rounds of the single-user reference before the load")
    args = parser.parse_args()

    global ARRIVAL_SPREAD
    # Locust's dispatcher spawns floor(rate) users every floor(rate) / rate seconds (locust/dispatch.py)
    ARRIVAL_SPREAD = max(1, math.floor(args.spawn_rate)) / args.spawn_rate if args.arrivals == "spread" else 0.0
    url, drop = create_database(args.database)
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    # The demo is made on today; the server runs LATER days on, so that every open assignment has free days for the
    # uploads between the demo's last delivered month and the server's day.
    demo_day = dt.date.today()
    server_day = demo_day + LATER
    env = {**os.environ, "PORTAL_PROFILE": "development", "DATABASE_URL": url, "PORTAL_TODAY": server_day.isoformat(),
           "LOGIN_RATE_LIMIT": "10000 per minute", "PYTHONUNBUFFERED": "1"}
    if args.switch_interval:
        env["WEB_SWITCH_INTERVAL"] = str(args.switch_interval)
    cpu_log = tempfile.mkdtemp(prefix="portal-load-cpu-") + "/requests" if args.cpu else None
    if cpu_log:
        env["WEB_CPU_LOG"] = cpu_log
    workers = [*(["--workers", str(args.workers)] if args.workers else []),
               *(["--threads", str(args.threads)] if args.threads else []),
               *(["--worker-class", "sync", "--threads", "1"] if args.sync else [])]  # sync with threads is gthread
    shown = " ".join(workers) or "(config/gunicorn.py)"
    if args.switch_interval:
        shown += f", switch interval {args.switch_interval:g} ms"
    server = None
    log = tempfile.NamedTemporaryFile("w+", prefix="portal-load-gunicorn-", suffix=".log", delete=False)
    try:
        print(f"database {url.rsplit('/', 1)[1]}: db upgrade, demo ...", flush=True)
        portal(env, "db", "upgrade")
        logins = portal({**env, "PORTAL_TODAY": demo_day.isoformat()}, "demo")
        accounts = {m[0]: (m[2], m[3]) for m in LOGIN_LINE.findall(logins)}
        for email in (*REGISSEURS, *AANBIEDERS, *PRIVACY):
            TOTP[email] = pyotp.TOTP(accounts[email][1])

        server = subprocess.Popen([str(BIN / "gunicorn"), "--config", "config/gunicorn.py", *workers,
                                   "--bind", f"127.0.0.1:{port}", "portal.wsgi:app"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(host + "/health", server)
        print(f"gunicorn {shown} on {host}; upload files:", flush=True)
        for email in AANBIEDERS:
            FEEDS[email] = upload_feed(host, env, email, accounts[email][0], demo_day, server_day)

        print(f"single user, {args.single_rounds} rounds ...", flush=True)
        single, single_failed = single_user(host, args.single_rounds)

        environment = Environment(user_classes=[Regisseur, Aanbieder, Privacy], host=host, stop_timeout=30)
        runner = environment.create_local_runner()
        print(f"{args.users} users ({args.spawn_rate:g}/s, arrivals {args.arrivals}) for {args.duration:g} s ...",
              flush=True)
        runner.start(args.users, spawn_rate=args.spawn_rate)
        versions_before = data_versions(url) if cpu_log else None
        started, cpu_before, load_from = time.perf_counter(), _cpu(), time.time()
        gevent.sleep(args.duration)  # the ramp-up (users / spawn rate seconds) is part of it
        load = os.getloadavg()
        runner.stop()
        load_until = time.time()
        elapsed, client_cpu = time.perf_counter() - started, _cpu() - cpu_before
        runner.quit()

        stats = environment.stats
        requests = stats.total.num_requests
        http_errors = stats.total.num_failures + single_failed
        errors = http_errors + sum(FAILURES.values())
        print()
        print(f"{'kind':<10}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
              f"{'| single':>9}{'p50 ms':>8}{'p95 ms':>8}{'p95 ratio':>10}")
        ratios = {}
        for kind in KINDS:
            values, alone = DURATIONS[kind], single.get(kind, [])
            if values and alone:
                ratios[kind] = percentile(values, 95) / percentile(alone, 95)
            print(f"{kind:<10}{len(values):>7}" + "".join(f"{percentile(values, p):>9.0f}" for p in (50, 95, 99))
                  + f"{max(values, default=0):>9.0f}{len(alone):>9}{percentile(alone, 50):>8.0f}"
                  + f"{percentile(alone, 95):>8.0f}" + (f"{ratios[kind]:>10.2f}" if kind in ratios else ""))
        print("(a kind is one user action: from its first request to the page it leads to, redirects included;"
              " single: the same action with nobody else on the server, before the load)")
        print()
        print(f"{'request':<28}{'count':>7}{'fail':>6}{'p50':>7}{'p95':>7}{'p99':>7}")
        for entry in sorted(stats.entries.values(), key=lambda e: e.name):
            print(f"{entry.name:<28}{entry.num_requests:>7}{entry.num_failures:>6}"
                  + "".join(f"{entry.get_response_time_percentile(p):>7}" for p in (0.5, 0.95, 0.99)))
        for error in stats.errors.values():
            print(f"  failed request: {error.method} {error.name}: {error.error} ({error.occurrences}x)")
        for failure, count in FAILURES.most_common():
            print(f"  functional error: {failure} ({count}x)")
        if cpu_log:
            server_cpu(cpu_log, load_from, load_until)
            after = data_versions(url)
            print("data versions raised during the load (portal/voortgang/versie.py): for all "
                  f"{after['alle'] - versions_before['alle']}, per gemeente "
                  + ", ".join(f"{g}: {n - versions_before.get(g, 0)}"
                              for g, n in sorted(after.items(), key=str) if g != "alle"))
        wrapped = sum(feed.wrapped for feed in FEEDS.values())
        if wrapped:
            print(f"  note: {wrapped} uploads re-used periods (corrections): run shorter or with fewer aanbieders")
        print(f"load average (1/5/15 min) at the end of the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
              f"on {os.cpu_count()} cores; {args.users} users ({args.arrivals} arrivals), gunicorn {shown}; "
              f"Locust client CPU {client_cpu:.1f} s in {elapsed:.0f} s ({client_cpu / elapsed:.0%} of one core)")
        worst = max(ratios, key=ratios.get, default=None)
        print(f"load: {requests} requests, {requests / elapsed:.1f} req/s, {errors} errors; worst p95 ratio "
              + (f"{ratios[worst]:.2f} ({worst})" if worst else "n/a"))
        return 1 if errors else 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.seek(0)
        problems = [line for line in log if "Traceback" in line or "ERROR" in line or "WORKER TIMEOUT" in line]
        if problems:
            print(f"gunicorn log {log.name}: {len(problems)} problem lines, e.g. {problems[0].strip()}")
        else:
            os.unlink(log.name)
        if args.keep:
            print(f"kept database {url}")
        else:
            drop()


if __name__ == "__main__":
    sys.exit(main())
