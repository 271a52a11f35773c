"""Authentication hardening, per route and per response: tests/integration/test_auth.py proves each rule on a few
pages; this walks `app.url_map` so that a new route cannot slip past two-factor, CSRF, the idle timeout or the
security headers."""
import pyotp
import pytest
from sqlalchemy import select

from portal.beheer import services as beheer
from portal.extensions import db, limiter
from portal.models import ApiToken
from tests.conftest import TEST_PASSWORD, TEST_RATE_LIMIT, _csrf
from tests.security.conftest import PUBLIC_ENDPOINTS, build, routes
from tests.security.test_isolation_matrix import PARAMS, unknown_parameters

# What a visitor who gave the password but not yet the TOTP code may reach: the login and two-factor pages.
HALF_LOGGED_IN_OPEN = PUBLIC_ENDPOINTS | {
    "security.login", "security.two_factor_token_validation", "security.two_factor_setup",
    "security.two_factor_setup_validate", "security.tf_select", "security.two_factor_rescue", "security.logout",
    # "Wachtwoord vergeten" and the one-time link: open to anyone by design, and the link leads into two-factor
    "security.forgot_password", "security.reset_password"}


def _url(route) -> str:
    from tests.security.conftest import any_choice
    values = {}
    for name in route.rule.arguments:
        param = PARAMS[name]
        values[name] = (any_choice(route.rule, name) or param.value) if param.kind == "value" else param.nonexistent
    return build(route.rule, values)


def _walkable(app):
    problems = unknown_parameters(app)
    if problems:
        pytest.fail("\n".join(problems))
    return routes(app)


def _half_logged_in(app, user):
    web = app.test_client()
    token = _csrf(web.get("/login").get_data(as_text=True))
    response = web.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert "/tf-validate" in response.headers["Location"]
    return web


def _refused(route, response) -> bool:
    if route.rule.rule.startswith("/api/"):
        return response.status_code == 401
    location = response.headers.get("Location", "")
    return (response.status_code == 302 and "/login" in location) or \
        (route.method != "GET" and response.status_code == 400)  # CSRF refuses the post before anything runs


def test_after_the_password_alone_only_login_and_two_factor_are_reachable(app, world):
    web = _half_logged_in(app, world.regisseur_a)
    token = _csrf(web.get("/tf-validate").get_data(as_text=True))
    problems = []
    for route in _walkable(app):
        if route.endpoint in HALF_LOGGED_IN_OPEN:
            continue
        response = web.open(_url(route), method=route.method, data={"csrf_token": token})
        if not _refused(route, response):
            problems.append(f"{route} -> {response.status_code} {response.headers.get('Location', '')}")
    # ... and the session still needs the code: nothing above completed the login.
    assert web.get("/trajecten/").status_code == 302
    assert not problems, "reachable without two-factor:\n" + "\n".join(problems)


def test_every_page_ends_an_idle_session(app, world, login):
    problems = []
    pages = [r for r in _walkable(app) if r.method == "GET" and not r.rule.rule.startswith("/api/")
             and r.endpoint not in PUBLIC_ENDPOINTS and not r.endpoint.startswith("security.")]
    web = login(world.regisseur_a)
    app.config["SESSION_IDLE_MINUTES"] = -1
    try:
        for route in pages:
            response = web.get(_url(route))
            if not (response.status_code == 302 and "/login" in response.headers.get("Location", "")):
                problems.append(f"{route} -> {response.status_code}")
            web = login(world.regisseur_a)  # a copy of the login's session: the idle check is the session's own
    finally:
        app.config["SESSION_IDLE_MINUTES"] = 15
    assert not problems, "an idle session went on:\n" + "\n".join(problems)


def test_every_form_post_without_csrf_token_is_refused(app, world, login):
    """Every non-API POST (Flask-Security's included) is refused with 400 without the token, for every role."""
    posts = [r for r in _walkable(app) if r.method in ("POST", "PUT", "PATCH", "DELETE")
             and not r.rule.rule.startswith("/api/")]
    problems = []
    for user in (world.regisseur_a, world.taal_user, world.privacy_a, world.beheerder):
        web = login(user)
        for route in posts:
            response = web.open(_url(route), method=route.method, data={"reden": "x"})
            if response.status_code != 400:
                problems.append(f"{route} as {user.rol.value} -> {response.status_code}")
        assert web.get("/").status_code in (200, 302)
    assert not problems, "accepted without CSRF token:\n" + "\n".join(problems)


@pytest.mark.parametrize("endpoint_path", ["/login", "/tf-validate"])
def test_password_and_code_attempts_are_rate_limited(app, world, endpoint_path):
    """test_auth.py proves it for /login with a wrong password; the TOTP code entry is limited the same way."""
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        web = _half_logged_in(app, world.regisseur_a) if endpoint_path == "/tf-validate" else app.test_client()
        web.environ_base["REMOTE_ADDR"] = f"203.0.113.{20 + len(endpoint_path)}"
        statuses = []
        for _ in range(5):
            token = _csrf(web.get(endpoint_path).get_data(as_text=True), required=False) or ""
            statuses.append(web.post(endpoint_path, data={"email": "niemand@proef.nl", "password": "fout-fout-fout",
                                                          "code": "000000", "csrf_token": token}).status_code)
    finally:
        app.config["LOGIN_RATE_LIMIT"] = TEST_RATE_LIMIT
        limiter.reset()
    assert 429 not in statuses[:3] and statuses[3:] == [429, 429], statuses


@pytest.mark.parametrize("password", ["kort-1!", "aaaaaaaaaaaaaaaa", "wachtwoord1234", "123456789012"])
def test_the_change_password_form_applies_the_password_policy(app, world, login, password):
    web = login(world.regisseur_a)
    page = web.get("/change").get_data(as_text=True)
    response = web.post("/change", data={"password": TEST_PASSWORD, "new_password": password,
                                         "new_password_confirm": password, "csrf_token": _csrf(page)})
    assert response.status_code in (200, 400, 422)
    db.session.refresh(world.regisseur_a)
    fresh = app.test_client()
    token = _csrf(fresh.get("/login").get_data(as_text=True))
    weak = fresh.post("/login", data={"email": world.regisseur_a.email, "password": password, "csrf_token": token})
    assert "/tf-validate" not in weak.headers.get("Location", ""), "a weak password was accepted"


def test_a_revoked_api_token_stops_working_at_once(app, world, make, login):
    token = make.token(world.regisseur_a)
    headers = {"Authorization": f"Bearer {token}"}
    api = app.test_client()
    assert api.get("/api/v1/trajecten", headers=headers).status_code == 200
    stored = db.session.scalars(select(ApiToken).where(ApiToken.user_id == world.regisseur_a.id)
                                .order_by(ApiToken.id.desc())).first()
    web = login(world.beheerder)
    page = web.get("/beheer/tokens").get_data(as_text=True)
    response = web.post(f"/beheer/tokens/{stored.id}/intrekken", data={"csrf_token": _csrf(page)})
    assert response.status_code in (302, 303), response.status_code
    # The very next call, on a connection that already used the token, is refused.
    for path in ("/api/v1/trajecten", f"/api/v1/trajecten/{world.traject.id}", "/api/v1/signalen"):
        refused = api.get(path, headers=headers)
        assert refused.status_code == 401 and refused.json["error"] == "niet_ingelogd", path
    assert beheer.user_for_token(token) is None


def _check_headers(where: str, response) -> list[str]:
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    problems = []
    if "script-src 'self'" not in csp or "unsafe-inline" in csp or "frame-ancestors 'none'" not in csp:
        problems.append(f"{where}: CSP {csp!r}")
    if h.get("X-Frame-Options") != "DENY":
        problems.append(f"{where}: X-Frame-Options {h.get('X-Frame-Options')!r}")
    if h.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{where}: X-Content-Type-Options {h.get('X-Content-Type-Options')!r}")
    if h.get("Referrer-Policy") != "no-referrer":
        problems.append(f"{where}: Referrer-Policy {h.get('Referrer-Policy')!r}")
    return problems


def test_every_response_carries_the_security_headers(app, world, make, login):
    """Every GET route for an anonymous visitor, a logged-in regisseur and aanbieder and an API token, plus the
    error answers (404, 405, 401, 403, 400 CSRF, 429)."""
    get_routes = [r for r in _walkable(app) if r.method == "GET"]
    clients = {"anonymous": (app.test_client(), {}),
               "regisseur": (login(world.regisseur_a), {"Authorization": f"Bearer {make.token(world.regisseur_a)}"}),
               "aanbieder": (login(world.taal_user), {"Authorization": f"Bearer {make.token(world.taal_user)}"})}
    problems = []
    for who, (web, headers) in clients.items():
        for route in get_routes:
            if route.endpoint.startswith("security.") and who != "anonymous":
                continue  # GET /tf-validate would end the session
            response = web.get(_url(route), headers=headers if route.rule.rule.startswith("/api/") else {})
            problems += _check_headers(f"{route} as {who} -> {response.status_code}", response)
        for path, method in (("/bestaat-niet", "GET"), ("/api/v1/bestaat-niet", "GET"), ("/trajecten/", "DELETE"),
                             ("/api/v1/register", "GET"), ("/trajecten/nieuw", "POST"), ("/api/v1/trajecten", "PUT")):
            response = web.open(path, method=method, headers=headers if path.startswith("/api/") else {})
            problems += _check_headers(f"{method} {path} as {who} -> {response.status_code}", response)
    app.config["LOGIN_RATE_LIMIT"] = "1 per minute"
    try:
        limited = app.test_client()
        limited.environ_base["REMOTE_ADDR"] = "203.0.113.99"
        for _ in range(2):
            response = limited.post("/login", data={"email": "x@proef.nl", "password": "y"})
        problems += _check_headers(f"POST /login (rate limited) -> {response.status_code}", response)
    finally:
        app.config["LOGIN_RATE_LIMIT"] = TEST_RATE_LIMIT
        limiter.reset()
    assert not problems, "\n".join(problems)


def test_a_totp_code_is_not_accepted_for_another_user(app, world):
    web = _half_logged_in(app, world.regisseur_a)
    page = web.get("/tf-validate").get_data(as_text=True)
    other = pyotp.TOTP(world.regisseur_b.totp_base32).now()
    if other == pyotp.TOTP(world.regisseur_a.totp_base32).now():
        pytest.fail("two random TOTP secrets gave the same code: run again")
    web.post("/tf-validate", data={"code": other, "csrf_token": _csrf(page)})
    assert web.get("/trajecten/").status_code == 302
