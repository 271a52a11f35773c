"""Isolation matrix: every rule of `app.url_map` (pages and /api/v1), for every role and anonymous, against objects
the caller may not see: another gemeente's, another aanbieder's, an onderdeel not assigned to the caller, and a
trajectory whose activity is halted (verwerkingsstop). No response may contain the foreign object's data; a foreign
object answers exactly like one that does not exist (404, or 403 for the wrong role, 423 under a stop); anonymous
callers get the login redirect (pages) or 401 (API); writes change nothing of the foreign object.

New routes are covered automatically. A URL parameter the matrix cannot fill fails the test, naming the rule:
add the parameter to PARAMS. A new kind of foreign object is one more entry in CASES."""
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from dpia.beoordelingen import services as dpias
from dpia.datalekken import services as datalekken
from dpia.register import services as register
from dpia.verwerkingsstop import services as stops
from dpia.verzoeken import services as verzoeken
from portal.beheer import services as beheer
from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer
from portal.schema import metadata
from tests.helpers.world import World
from tests.security.conftest import (
    PUBLIC_ENDPOINTS,
    SECURITY_ENDPOINTS_PREFIX,
    Route,
    any_choice,
    build,
    response_text,
    routes,
)

ROLES = ("aanbieder", "regisseur", "privacy", "beheerder", "anonymous")


# --- URL parameters ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """How to fill one URL parameter name. An object parameter takes the foreign object of the case (attribute
    `name` of Foreign.values) and, as its twin, a value that exists nowhere; any other parameter takes a fixed valid
    value. `open_to` lists roles for whom such objects are not tenant data (the operator manages every account)."""
    kind: str  # "object" or "value"
    nonexistent: object = None
    value: object = None
    open_to: frozenset = frozenset()


PARAMS = {
    "traject_id": Param("object", nonexistent="TBESTAATNIET9"),
    "batch_id": Param("object", nonexistent=987654321),
    "activiteit_id": Param("object", nonexistent=987654321),
    "vo_id": Param("object", nonexistent=987654321),
    "stop_id": Param("object", nonexistent=987654321),
    "user_id": Param("object", nonexistent=987654321, open_to=frozenset({"beheerder"})),
    "token_id": Param("object", nonexistent=987654321, open_to=frozenset({"beheerder"})),
    "org_id": Param("object", nonexistent=987654321, open_to=frozenset({"beheerder"})),
    # "Mijn API-tokens": a token is its own user's only, for every role (the beheerder's included)
    "eigen_token_id": Param("object", nonexistent=987654321),
    "dpia_id": Param("object", nonexistent=987654321),
    "risico_id": Param("object", nonexistent=987654321),
    "item_id": Param("object", nonexistent=987654321),
    "actie_id": Param("object", nonexistent=987654321),
    "datalek_id": Param("object", nonexistent=987654321),
    "verzoek_id": Param("object", nonexistent=987654321),
    "document_id": Param("object", nonexistent=987654321),
    "nummer": Param("value", value=1),
    "soort": Param("value", value="aanwezigheid"),
    "onderdeel": Param("value", value="map"),
    "formaat": Param("value", value="csv"),
    "filename": Param("value", value="css/portal.css"),
    "token": Param("value", value="ongeldig-token"),
}

# Flask-Security's own POST endpoints (login, logout, two-factor, password) are not walked with a foreign body:
# logout would end the matrix's sessions; the others are proven in test_auth.py and test_auth_hardening.py.
NOT_POSTED = ("security.",)


def unknown_parameters(app) -> list[str]:
    problems = []
    for route in routes(app):
        for name in route.rule.arguments:
            if name not in PARAMS:
                problems.append(f"{route}: URL parameter {name!r} is unknown to the isolation matrix; add it to "
                                f"PARAMS in tests/security/test_isolation_matrix.py")
    return sorted(set(problems))


# --- the foreign objects -------------------------------------------------------------------------------------------


@dataclass
class Foreign:
    """One kind of object the callers of `roles` may not see. `values` fills object parameters; `secrets` may
    never appear in a response to them; `rows` selects the database rows that must stay unchanged. `statuses` are
    what a URL naming the object may answer (None: any, when the caller legitimately sees the trajectory but not
    this part of it)."""
    name: str
    roles: dict[str, object]  # role -> the user acting (None for anonymous)
    values: dict[str, object]
    secrets: list[str]
    rows: Callable[[sa.Table], object | None]
    statuses: frozenset | None = frozenset({403, 404})
    # Whether a write naming the object must answer one of `statuses` too (else: only that nothing changed).
    writes_refused_by_status: bool = True


def _deliver(user, rows, soort="aanwezigheid"):
    rapport, _ = importeer(user, user.organisatie, soort, Aanlevering(rijen=rows), kanaal="api")
    assert rapport.accepted, rapport.as_dict()
    db.session.commit()
    return rapport.batch_id


def _uren(traject_id, gepland, onderdeel="taal", start="2026-03-02", eind="2026-03-27"):
    return {"traject_id": traject_id, "onderdeel": onderdeel, "periode_start": start, "periode_eind": eind,
            "uren_gepland": gepland, "uren_aanwezig": "1", "uren_verzuim_geoorloofd": "0",
            "uren_verzuim_ongeoorloofd": "0", "verzuim_reden": "", "aantal_keer_verzuim": ""}


def _numbers(value: str) -> list[str]:
    return [value, value.replace(".", ",")]


def _rows_of(traject_ids=(), org_ids=(), ids: dict[str, set] | None = None, where: dict | None = None):
    """A row filter for `fingerprint`: rows about these trajectories or organisations, or with these ids."""
    def select_rows(table: sa.Table):
        cols = table.c
        clauses = []
        if "traject_id" in cols and traject_ids:
            clauses.append(cols.traject_id.in_(list(traject_ids)))
        for name in ("gemeente_id", "organisatie_id", "aanbieder_id"):
            if name in cols and org_ids:
                clauses.append(cols[name].in_(list(org_ids)))
        if ids and table.name in ids and "id" in cols:
            clauses.append(cols.id.in_(list(ids[table.name])))
        if not clauses:
            return None
        clause = sa.or_(*clauses)
        for name, value in (where or {}).items():
            if name not in cols:
                return None
            clause = sa.and_(clause, cols[name] == value)
        return clause
    return select_rows


def build_cases(w: World, make) -> list[Foreign]:
    """The foreign objects, each built through the services. Adding a kind of foreign object (a restricted
    trajectory, say) is one more entry here."""
    actors = {"aanbieder": w.taal_user, "regisseur": w.regisseur_a, "privacy": w.privacy_a,
              "beheerder": w.beheerder, "anonymous": None}
    cases = []

    # 1. Another gemeente: its trajectory (with a delivery), register activity, agreement, stop, users and tokens.
    vo_b = make.vo(w.vreemde_aanbieder, w.gemeente_b)
    batch_b = _deliver(w.vreemde_user, [_uren(w.traject_b.id, "38.75")])
    privacy_b = make.user("privacy", w.gemeente_b)
    stop_b = stops.start(privacy_b, "signalering_regie", "GEHEIM-STOPREDEN-BEESTAD")
    db.session.commit()
    token_b = beheer.create_token(w.regisseur_b)[0]
    db.session.commit()
    activiteit_b = register.register(w.gemeente_b.id)[0]
    # ... and its privacy records: a DPIA with a risk and an action, a datalek, a request with a document.
    dpia_b = dpias.nieuw(privacy_b, "GEHEIME-DPIA-BEESTAD", [activiteit_b.id])
    actie_b = dpias.voeg_actie_toe(privacy_b, dpia_b, "GEHEIME-ACTIE-BEESTAD", "omschrijving", "CISO",
                                    dt.date(2026, 9, 1))
    datalek_b = datalekken.registreer(privacy_b, datalekken.DatalekGegevens(
        titel="GEHEIM-DATALEK-BEESTAD", omschrijving="omschrijving", ontdekt_op=dt.datetime(2026, 6, 12, 9, 0)))
    verzoek_b = verzoeken.registreer(privacy_b, "inzage", dt.date(2026, 6, 1), [w.traject_b.id],
                                     notities="GEHEIME-NOTITIE-BEESTAD")
    document_b = verzoeken.document_toevoegen(privacy_b, verzoek_b, "verzoek.txt", b"GEHEIM-DOCUMENT-BEESTAD",
                                              "text/plain")
    db.session.commit()
    cases.append(Foreign(
        "andere_gemeente", actors,
        values={"traject_id": w.traject_b.id, "batch_id": batch_b, "activiteit_id": activiteit_b.id,
                "vo_id": vo_b.id, "stop_id": stop_b.id, "user_id": w.regisseur_b.id, "token_id": token_b.id,
                "org_id": w.gemeente_b.id,
                "eigen_token_id": token_b.id,
                "dpia_id": dpia_b.id, "risico_id": dpia_b.risicos[0].id, "item_id": dpia_b.risicos[0].id,
                "actie_id": actie_b.id, "datalek_id": datalek_b.id, "verzoek_id": verzoek_b.id,
                "document_id": document_b.id},
        secrets=[w.traject_b.id, "GEHEIM-STOPREDEN-BEESTAD", *_numbers("38.75"), "GEHEIME-DPIA-BEESTAD",
                 "GEHEIME-ACTIE-BEESTAD", "GEHEIM-DATALEK-BEESTAD", "GEHEIME-NOTITIE-BEESTAD",
                 "GEHEIM-DOCUMENT-BEESTAD"],
        rows=_rows_of([w.traject_b.id], [w.gemeente_b.id, w.vreemde_aanbieder.id],
                      {"user": {w.regisseur_b.id, privacy_b.id}, "api_token": {token_b.id},
                       "organisatie": {w.gemeente_b.id},
                       "dpia": {dpia_b.id}, "datalek": {datalek_b.id}, "verzoek": {verzoek_b.id}})))

    # 2. Another aanbieder's trajectory in the caller's own gemeente, and that aanbieder's delivery batch.
    traject_x = make.traject(w.regisseur_a)
    make.toewijzing(w.regisseur_a, traject_x, w.vreemde_aanbieder, "taal")
    batch_x = _deliver(w.vreemde_user, [_uren(traject_x.id, "41.25")])
    cases.append(Foreign(
        "andere_aanbieder", {"aanbieder": w.taal_user, "beheerder": w.beheerder, "anonymous": None},
        values={"traject_id": traject_x.id, "batch_id": batch_x},
        secrets=[traject_x.id, *_numbers("41.25")],
        rows=_rows_of([traject_x.id], [w.vreemde_aanbieder.id])))

    # 3. An onderdeel not assigned to the caller, on a trajectory it does serve: the map aanbieder's hours.
    _deliver(w.map_user, [_uren(w.traject.id, "47.75", onderdeel="map")])
    cases.append(Foreign(
        "onderdeel_niet_toegewezen", {"aanbieder": w.taal_user},
        values={"traject_id": w.traject.id},
        secrets=[*_numbers("47.75")],
        rows=_rows_of([w.traject.id], where={"onderdeel": "map"}),
        statuses=None))

    # 4. A halted activity: gemeente C stops voortgangsrapportage (the aanbieder's) and signalering_regie (its
    # regisseur's) after data was delivered. The privacy officer is left out on purpose: her register, log and
    # stop pages stay open under a stop (that is how she lifts it), and they show her own gemeente's trajectories.
    gemeente_c = make.gemeente(naam="Gemeente Cestad")
    regisseur_c, privacy_c = make.user("regisseur", gemeente_c), make.user("privacy", gemeente_c)
    make.vo(w.taal_aanbieder, gemeente_c)
    traject_c = make.traject(regisseur_c)
    make.toewijzing(regisseur_c, traject_c, w.taal_aanbieder, "taal")
    _deliver(w.taal_user, [_uren(traject_c.id, "52.25")])
    # A rejected web upload keeps its rows for the error report and the "alleen de goede regels" retry.
    afgewezen = {**_uren(traject_c.id, "52.25", start="2026-04-06", eind="2026-04-24"), "uren_aanwezig": "99"}
    rapport, _ = importeer(w.taal_user, w.taal_aanbieder, "aanwezigheid", Aanlevering(rijen=[afgewezen]),
                           kanaal="upload")
    assert not rapport.accepted
    db.session.commit()
    stops.start(privacy_c, "voortgangsrapportage", "GEHEIM-STOPREDEN-CESTAD")
    stops.start(privacy_c, "signalering_regie", "GEHEIM-STOPREDEN-CESTAD")
    db.session.commit()
    cases.append(Foreign(
        "verwerkingsstop", {"aanbieder": w.taal_user, "regisseur": regisseur_c},
        # Not the batch: the result page and report of the aanbieder's own refused upload are the refusal itself
        # (`traject_beperkt` per row she sent); test_the_refusal_of_an_upload_under_a_stop_stays_readable.
        values={"traject_id": traject_c.id},
        secrets=[traject_c.id, *_numbers("52.25")],
        rows=_rows_of([traject_c.id]),
        statuses=frozenset({403, 404, 423}),
        # The retry of a rejected upload runs the import again, which refuses the rows as `traject_beperkt`
        # (a report, not a 423); the fingerprint proves nothing was stored.
        writes_refused_by_status=False))

    # 5. A restricted trajectory (AVG art. 18, on a data subject's request) of the callers' own gemeente, assigned
    # to the caller's aanbieder: nobody but the privacy officer may see it until the restriction is lifted.
    traject_r = make.traject(w.regisseur_a)
    make.toewijzing(w.regisseur_a, traject_r, w.taal_aanbieder, "taal")
    _deliver(w.taal_user, [_uren(traject_r.id, "57.75")])
    verzoek_r = verzoeken.registreer(w.privacy_a, "beperking", dt.date(2026, 6, 1), [traject_r.id])
    verzoeken.beperk(w.privacy_a, verzoek_r)
    db.session.commit()
    cases.append(Foreign(
        "beperkt_traject", {"aanbieder": w.taal_user, "regisseur": w.regisseur_a},
        # Not the batch: the aanbieder's own accepted batch stays hers to open (counts, no rows; the walk of the
        # batch pages with no object still checks that no response names the trajectory).
        values={"traject_id": traject_r.id},
        secrets=[traject_r.id, *_numbers("57.75")],
        rows=_rows_of([traject_r.id]),
        # A write naming the trajectory must change nothing (the import answers with a report, not a status).
        writes_refused_by_status=False))
    return cases


# --- requests ------------------------------------------------------------------------------------------------------


def _csv(traject_id: str) -> bytes:
    header = "traject_id;onderdeel;periode_start;periode_eind;uren_gepland;uren_aanwezig;" \
             "uren_verzuim_geoorloofd;uren_verzuim_ongeoorloofd;verzuim_reden;aantal_keer_verzuim"
    return f"{header}\n{traject_id};taal;2026-05-04;2026-05-29;10;10;0;0;;\n".encode()


def _form(case: Foreign, csrf: str | None) -> dict:
    """A plausible form post that names the foreign object wherever a form could take it. `activiteit` is left
    invalid on purpose: a valid one would let the privacy actor halt her own gemeente mid-walk."""
    traject_id = str(case.values.get("traject_id", ""))
    return {"csrf_token": csrf or "", "traject_id": traject_id, "aanbieder": "", "onderdeel": "taal",
            "startdatum": "2026-02-01", "doelgroep": "gezinsmigrant", "leerroute": "z_route", "pip_datum": "2026-01-05",
            "periode_start": "2026-05-04", "periode_eind": "2026-05-29", "uren_gepland": "10", "uren_aanwezig": "10",
            "uren_verzuim_geoorloofd": "0", "uren_verzuim_ongeoorloofd": "0", "soort": "aanwezigheid",
            "activiteit": "", "reden": "isolatiematrix", "zoek": traject_id,
            "bestand": (io.BytesIO(_csv(traject_id)), "matrix.csv")}


def _json(route: Route, case: Foreign):
    traject_id = str(case.values.get("traject_id", ""))
    if route.endpoint == "api.aanleveren":
        return [_uren(traject_id, "10", start="2026-05-04", eind="2026-05-29")]
    return {"traject_id": traject_id, "aanbieder": "", "onderdeel": "taal", "startdatum": "2026-02-01",
            "doelgroep": "gezinsmigrant", "leerroute": "z_route", "pip_datum": "2026-01-05", "datum": "2026-05-01"}


def _send(client, route: Route, url: str, case: Foreign | None, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if route.method == "GET":
        return client.get(url, headers=headers), ""
    query = {"soort": "aanwezigheid"} if route.endpoint == "api.aanleveren" else {}
    if route.is_api:
        body = _json(route, case)
        return client.open(url, method=route.method, json=body, headers=headers, query_string=query), repr(body)
    form = _form(case, getattr(client, "csrf_token", None))
    sent = repr({k: v for k, v in form.items() if k != "bestand"}) + _csv(form["traject_id"]).decode()
    return client.open(url, method=route.method, data=form, headers=headers,
                       content_type="multipart/form-data"), sent


def fingerprint(case: Foreign) -> dict:
    """The rows of the case's foreign objects, column by column (login bookkeeping of users left out), read in one
    round trip (`_fingerprint_query`)."""
    tables, query = _fingerprint_query(case)
    snapshot = {name: [] for name in tables}
    if query is not None:
        for row in db.session.execute(query).all():
            snapshot[row[0]].append(repr(tuple(row[1:])))
    return {name: sorted(rows) for name, rows in snapshot.items()}


_fingerprint_queries: dict[int, tuple] = {}


def _fingerprint_query(case: Foreign) -> tuple[list[str], sa.CompoundSelect | None]:
    """The tables `fingerprint` reads for this case and one query for all of them: a UNION ALL of one SELECT per
    table, every column as text (padded with NULLs to the widest table); built once per case."""
    if id(case) in _fingerprint_queries and _fingerprint_queries[id(case)][0] is case:
        return _fingerprint_queries[id(case)][1]
    parts = []
    for table in metadata.sorted_tables:
        if table.name in ("verwerkingsactie", "verwerkt_object"):
            continue  # refusals are logged on purpose; the log is append-only and verified elsewhere
        clause = case.rows(table)
        if clause is None:
            continue
        columns = [c for c in table.c if "login" not in c.name and c.name not in ("last_seen", "laatst_gebruikt")]
        parts.append((table.name, columns, clause))
    query = None
    if parts:
        width = max(len(columns) for _, columns, _ in parts)
        query = sa.union_all(*(
            sa.select(sa.cast(sa.literal(name), sa.Text).label("tabel"),
                      *(sa.cast(c, sa.Text).label(f"k{i}") for i, c in enumerate(columns)),
                      *(sa.cast(sa.null(), sa.Text).label(f"k{i}") for i in range(len(columns), width))).where(clause)
            for name, columns, clause in parts))
    _fingerprint_queries[id(case)] = (case, ([name for name, _, _ in parts], query))
    return _fingerprint_queries[id(case)][1]


# --- the walk ------------------------------------------------------------------------------------------------------


def _expect_anonymous(route: Route, response) -> str | None:
    if route.endpoint in PUBLIC_ENDPOINTS or route.endpoint.startswith(SECURITY_ENDPOINTS_PREFIX):
        return None
    if route.is_api:
        return None if response.status_code == 401 else f"anonymous API call answered {response.status_code}, not 401"
    location = response.headers.get("Location", "")
    if response.status_code == 302 and "/login" in location:
        return None
    if route.method != "GET" and response.status_code == 400:
        return None  # CSRF refuses an anonymous form post before login is checked: nothing was processed
    return f"anonymous page answered {response.status_code} (Location {location!r}), not the login redirect"


def _fill(route: Route, case: Foreign | None, foreign: bool) -> dict | None:
    values = {}
    for name in route.rule.arguments:
        param = PARAMS[name]
        if param.kind == "value":
            values[name] = any_choice(route.rule, name) or param.value
        elif case is None or name not in case.values:
            return None
        else:
            values[name] = case.values[name] if foreign else param.nonexistent
    return values


def walk(app, login, make, world) -> list[str]:
    cases = build_cases(world, make)
    clients, tokens = {}, {}
    keys: dict[int, dict] = {}  # per case, role -> caller; read once (a user's attributes expire at every commit)
    for case in cases:
        for role, user in case.roles.items():
            key = keys.setdefault(id(case), {})[role] = (role, getattr(user, "email", None))
            if key not in clients:
                clients[key] = login(user) if user is not None else app.test_client()
                tokens[key] = make.token(user) if user is not None else None
    problems: list[str] = []
    all_routes = [r for r in routes(app) if not (r.method != "GET" and r.endpoint.startswith(NOT_POSTED))]
    # GETs first: the writes of the POST walk must not change what the reads see.
    all_routes.sort(key=lambda r: r.method != "GET")
    twin_status: dict = {}
    for route in all_routes:
        object_params = [n for n in route.rule.arguments if PARAMS[n].kind == "object"]
        plain_done: set = set()
        for case in cases:
            before = fingerprint(case) if route.method != "GET" else None
            for role, user in case.roles.items():
                if route.endpoint.startswith(SECURITY_ENDPOINTS_PREFIX) and user is not None:
                    continue  # Flask-Security's pages (GET /tf-validate even logs a user out): see test_auth_*
                key = keys[id(case)][role]
                client, token = clients[key], (tokens[key] if route.is_api else None)
                if object_params:
                    if any(role in PARAMS[n].open_to for n in object_params):
                        continue  # not tenant data for this role
                    values = _fill(route, case, foreign=True)
                    if values is None:
                        continue
                elif route.method == "GET":
                    # Without an object in the URL one request per caller shows everything; it is checked against
                    # the secrets of every case that applies to the caller.
                    if key in plain_done:
                        continue
                    plain_done.add(key)
                    values = _fill(route, None, foreign=True)
                else:
                    values = _fill(route, None, foreign=True)
                url = build(route.rule, values)
                response, sent = _send(client, route, url, case, token)
                sent += "\n" + url  # the caller's own input, echoed in a login redirect's `next`
                where = f"{route} as {role} [{case.name}] -> {response.status_code}"
                if response.status_code >= 500:
                    problems.append(f"{where}: server error")
                    continue
                body = response_text(response) + "\n" + response.headers.get("Location", "")
                applicable = [c for c in cases if key in keys[id(c)].values()] \
                    if (not object_params and route.method == "GET") else [case]
                for c in applicable:
                    leaked = [s for s in c.secrets if s in body and s not in sent]
                    if leaked:
                        problems.append(f"{where}: response contains {c.name} data {leaked}")
                if role == "anonymous":
                    wrong = _expect_anonymous(route, response)
                    if wrong:
                        problems.append(f"{where}: {wrong}")
                    continue
                if object_params and case.statuses is not None and (
                        route.method == "GET" or case.writes_refused_by_status):
                    twin_key = (str(route), key)
                    if twin_key not in twin_status:
                        twin = build(route.rule, _fill(route, case, foreign=False))
                        twin_status[twin_key] = _send(client, route, twin, case, token)[0].status_code
                    allowed = case.statuses
                    if response.status_code not in allowed:
                        problems.append(f"{where}: expected one of {sorted(allowed)}")
                    elif response.status_code != twin_status[twin_key] and response.status_code != 423:
                        problems.append(f"{where}: a nonexistent object answers {twin_status[twin_key]} "
                                        "(existence leak)")
            if before is not None and fingerprint(case) != before:
                problems.append(f"{route} [{case.name}]: the foreign object's rows changed")
    return problems


def test_every_url_parameter_is_known_to_the_matrix(app):
    problems = unknown_parameters(app)
    if problems:
        pytest.fail("\n".join(problems))


def test_no_route_leaks_or_touches_a_foreign_object(app, world, make, login):
    unknown = unknown_parameters(app)
    if unknown:
        pytest.fail("\n".join(unknown))
    problems = walk(app, login, make, world)
    assert not problems, f"{len(problems)} isolation problems:\n" + "\n".join(problems)


def test_the_refusal_of_an_upload_under_a_stop_stays_readable(app, world, make, login):
    taal = world.taal_user
    traject = make.traject(world.regisseur_a)
    make.toewijzing(world.regisseur_a, traject, world.taal_aanbieder, "taal")
    make.vo(world.taal_aanbieder, world.gemeente_a)
    stops.start(world.privacy_a, "voortgangsrapportage", "stop")
    db.session.commit()
    rapport, _ = importeer(taal, world.taal_aanbieder, "aanwezigheid", Aanlevering(rijen=[_uren(traject.id, "52.25")]),
                           kanaal="upload")
    db.session.commit()
    assert not rapport.accepted
    web = login(taal)
    for url in (f"/aanleveren/{rapport.batch_id}", f"/aanleveren/{rapport.batch_id}/rapport.csv"):
        response = web.get(url)
        assert response.status_code == 200 and "(verwerkingsstop)" in response_text(response), url
