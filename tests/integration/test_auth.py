"""Accounts: mandatory two-factor, CSRF, idle timeout, rate limit, password policy, security headers."""
import re

import pyotp
import pytest

from portal.auth import security
from portal.errors import ServiceError
from tests.conftest import TEST_PASSWORD


def _csrf(html):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_after_the_password_alone_no_page_is_reachable(app, world):
    web = app.test_client()
    token = _csrf(web.get("/login").get_data(as_text=True))
    response = web.post("/login", data={"email": world.regisseur_a.email, "password": TEST_PASSWORD,
                                        "csrf_token": token})
    assert "/tf-validate" in response.headers["Location"]
    for path in ("/", "/trajecten/", f"/trajecten/{world.traject.id}", "/trajecten/nieuw"):
        response = web.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_a_new_user_must_set_up_two_factor_before_anything_else(app, world, make):
    from portal.beheer import services
    user, _ = services.create_user("nieuw@proef.nl", "regisseur", world.gemeente_a.code, TEST_PASSWORD)
    from portal.extensions import db
    db.session.commit()
    web = app.test_client()
    token = _csrf(web.get("/login").get_data(as_text=True))
    response = web.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token},
                        follow_redirects=True)
    assert "tf-setup" in response.request.path or "Authenticator" in response.get_data(as_text=True)
    assert web.get("/trajecten/").status_code == 302


def test_a_wrong_totp_code_does_not_log_in(app, world):
    web = app.test_client()
    token = _csrf(web.get("/login").get_data(as_text=True))
    web.post("/login", data={"email": world.regisseur_a.email, "password": TEST_PASSWORD, "csrf_token": token})
    page = web.get("/tf-validate").get_data(as_text=True)
    good = pyotp.TOTP(world.regisseur_a.totp_base32).now()
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    web.post("/tf-validate", data={"code": wrong, "csrf_token": _csrf(page)})
    assert web.get("/trajecten/").status_code == 302


def test_a_form_post_without_csrf_token_is_refused(world, login):
    web = login(world.regisseur_a)
    response = web.post("/trajecten/nieuw", data={"doelgroep": "gezinsmigrant", "leerroute": "z_route",
                                                  "pip_datum": "2026-01-05"})
    assert response.status_code in (400, 422) and "/trajecten/" not in response.headers.get("Location", "")
    with_token = web.post("/trajecten/nieuw", data={"doelgroep": "gezinsmigrant", "leerroute": "z_route",
                                                    "pip_datum": "2026-01-05", "csrf_token": web.csrf_token})
    assert with_token.status_code == 302


def test_an_idle_session_ends(app, world, login):
    web = login(world.regisseur_a)
    assert web.get("/trajecten/").status_code == 200
    app.config["SESSION_IDLE_MINUTES"] = -1
    try:
        response = web.get("/trajecten/")
    finally:
        app.config["SESSION_IDLE_MINUTES"] = 15
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert web.get("/trajecten/").status_code == 302


def test_an_answer_sets_the_session_cookie_only_when_the_session_changed(world, login):
    """A browser has several requests of one session under way (a page, its stylesheet, the favicon, the next
    click): an answer that set the cookie it was sent could overwrite a newer session the browser got in between
    (a message flashed by a post, a finished login)."""
    web = login(world.regisseur_a)
    web.get("/")  # a kept login's copy may be older than the step below
    for path in ("/", "/trajecten/", "/static/css/portal.css", "/favicon.ico", "/login"):
        assert "Set-Cookie" not in web.get(path).headers, path
    # The time of the last request is written again once it is LAST_SEEN_STEP_SECONDS old.
    with web.session_transaction() as session:
        session["last_seen"] -= security.LAST_SEEN_STEP_SECONDS
        before = session["last_seen"]
    assert "Set-Cookie" in web.get("/trajecten/").headers
    with web.session_transaction() as session:
        assert session["last_seen"] >= before + security.LAST_SEEN_STEP_SECONDS


def test_every_response_carries_the_security_headers(client, world, make):
    for response in (client.get("/login"), client.get("/api/v1/trajecten"), client.get("/bestaat-niet")):
        headers = response.headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_pages_have_no_inline_script(world, login):
    web = login(world.regisseur_a)
    for path in ("/login", "/trajecten/", f"/trajecten/{world.traject.id}", "/trajecten/nieuw"):
        html = web.get(path).get_data(as_text=True)
        # A script element either loads a file of our own or carries inert JSON data (charts); never code.
        assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))", html), path


@pytest.mark.parametrize("password", ["kort-1!", "aaaaaaaaaaaaaaaa", "wachtwoord1234"])
def test_the_password_policy_refuses_weak_passwords(world, password):
    from portal.beheer import services
    with pytest.raises(ServiceError) as refused:
        services.create_user("zwak@proef.nl", "regisseur", world.gemeente_a.code, password)
    assert refused.value.code == "wachtwoord_zwak"


def test_login_attempts_are_rate_limited(app, ctx, monkeypatch):
    from portal.extensions import limiter
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "5 per minute")  # the tests' own limit comes back after
    try:
        web = app.test_client()
        web.environ_base["REMOTE_ADDR"] = "203.0.113.7"  # a client address of its own: no other test counts
        statuses = []
        for _ in range(7):
            token = _csrf(web.get("/login").get_data(as_text=True))
            statuses.append(web.post("/login", data={"email": "niemand@proef.nl", "password": "fout-fout-fout",
                                                     "csrf_token": token}).status_code)
    finally:
        limiter.reset()
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]


def test_production_refuses_the_development_secret(monkeypatch):
    import config
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(config.InsecureConfiguration):
        config.load({"PROFILE": "production"})
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("TOTP_SECRET", "another-real-secret")
    monkeypatch.setenv("SECURITY_PASSWORD_SALT", "a-real-salt")
    monkeypatch.setenv("LOG_HMAC_KEY", "a-real-log-key")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://redis:6379/0")
    settings = config.load({"PROFILE": "production"})
    assert settings["HSTS"] and settings["SESSION_COOKIE_SECURE"]
