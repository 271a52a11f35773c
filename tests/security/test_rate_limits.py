"""Rate limits that fit an office: failed passwords and codes count per account (unknown addresses too), every
post to the password views counts per client address against a much higher ceiling, both in Flask-Limiter's
store; a refusal says how long to wait, and that wait is the limiter's own window (read from its stats), also in
Retry-After."""
import math
import re
import time

import pyotp
import pytest
from limits import parse

from portal.auth import limits
from portal.extensions import limiter
from tests.conftest import TEST_PASSWORD, _csrf

ACCOUNT = "10 per 15 minutes"


@pytest.fixture
def limited(app, monkeypatch):
    """The production defaults of both limits, on a clean store; afterwards the tests' own limits again."""
    limiter.reset()
    monkeypatch.setitem(app.config, "ACCOUNT_RATE_LIMIT", ACCOUNT)
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "600 per hour")
    yield
    limiter.reset()


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _login_post(client, email: str, password: str):
    token = _csrf(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def _wait_in(response) -> int:
    match = re.search(r"Probeer het over (\d+) (minuut|minuten) opnieuw", response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:2000]
    return int(match.group(1))


def _account_window(app, email: str) -> float:
    """Seconds until the account's window ends, as the limiter itself counts it."""
    with app.test_request_context():
        reset_at, _ = limiter.limiter.get_window_stats(parse(ACCOUNT), limits.ACCOUNT_SCOPE, limits.account_key(email))
    return reset_at - time.time()


def test_ten_wrong_passwords_lock_the_account_for_the_limiters_window_and_say_how_long(app, world, limited):
    web = _client(app, "198.51.100.10")
    email = world.regisseur_a.email
    statuses = [_login_post(web, email, "verkeerd-wachtwoord-123").status_code for _ in range(10)]
    assert statuses == [200] * 10

    refused = _login_post(web, email, TEST_PASSWORD)  # the right password too, while the account is locked
    assert refused.status_code == 429
    window = _account_window(app, email)
    assert 14 * 60 < window <= 15 * 60
    assert _wait_in(refused) == math.ceil(window / 60) == 15
    assert "verkeerd wachtwoord of een verkeerde code" in refused.get_data(as_text=True)
    assert abs(int(refused.headers["Retry-After"]) - window) <= 2
    # Per account, not per address: from another address the account stays locked.
    assert _login_post(_client(app, "198.51.100.11"), email, TEST_PASSWORD).status_code == 429


def test_colleagues_behind_the_same_address_keep_logging_in(app, world, login, limited):
    office = "198.51.100.20"
    web = _client(app, office)
    for _ in range(11):
        _login_post(web, world.regisseur_a.email, "verkeerd-wachtwoord-123")
    assert _login_post(web, world.regisseur_a.email, TEST_PASSWORD).status_code == 429
    for colleague in (world.privacy_a, world.beheerder, world.taal_user):
        client = _client(app, office)
        assert login(colleague, client) is client  # password and code accepted, from the same address


def test_an_unknown_address_is_counted_and_refused_like_a_known_one(app, world, limited):
    web = _client(app, "198.51.100.30")
    unknown, known = "niemand-hier@proef.nl", world.privacy_a.email
    for email in (unknown, known):
        assert [_login_post(web, email, "verkeerd-wachtwoord-123").status_code for _ in range(10)] == [200] * 10
    refused_unknown = _login_post(web, unknown, "verkeerd-wachtwoord-123")
    refused_known = _login_post(web, known, "verkeerd-wachtwoord-123")
    assert refused_unknown.status_code == refused_known.status_code == 429
    text = refused_unknown.get_data(as_text=True)
    assert unknown not in text and known not in refused_known.get_data(as_text=True)
    assert _wait_in(refused_unknown) == math.ceil(_account_window(app, unknown) / 60)
    # The address is counted as normalised: other capitals are the same account.
    assert _login_post(web, unknown.upper(), "verkeerd-wachtwoord-123").status_code == 429


def test_only_failed_attempts_count_against_the_account(app, world, login, limited):
    web = _client(app, "198.51.100.40")
    email = world.map_user.email
    for _ in range(9):
        assert _login_post(web, email, "verkeerd-wachtwoord-123").status_code == 200
    for _ in range(3):  # correct logins in between do not count
        assert login(world.map_user, _client(app, "198.51.100.41")) is not None
    assert _login_post(web, email, "verkeerd-wachtwoord-123").status_code == 200  # the tenth failure
    assert _login_post(web, email, TEST_PASSWORD).status_code == 429


def test_wrong_two_factor_codes_count_against_the_account(app, world, limited):
    web = _client(app, "198.51.100.50")
    user = world.vreemde_user
    assert _login_post(web, user.email, TEST_PASSWORD).status_code == 302
    good = pyotp.TOTP(user.totp_base32).now()
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    statuses = []
    for _ in range(11):
        token = _csrf(web.get("/tf-validate").get_data(as_text=True))
        statuses.append(web.post("/tf-validate", data={"code": wrong, "csrf_token": token}).status_code)
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    token = _csrf(web.get("/tf-validate").get_data(as_text=True), required=False)
    refused = web.post("/tf-validate", data={"code": good, "csrf_token": token or ""})
    assert refused.status_code == 429 and _wait_in(refused) == math.ceil(_account_window(app, user.email) / 60)


def test_the_wait_shrinks_as_the_window_runs_out(app, world, limited, monkeypatch):
    web = _client(app, "198.51.100.60")
    email = world.privacy_a.email
    for _ in range(10):
        _login_post(web, email, "verkeerd-wachtwoord-123")
    assert _wait_in(_login_post(web, email, "verkeerd-wachtwoord-123")) == 15
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 11.5 * 60)  # the limiter's clock, 11.5 minutes on
    later = _login_post(web, email, "verkeerd-wachtwoord-123")
    assert later.status_code == 429 and _wait_in(later) == 4 == math.ceil(_account_window(app, email) / 60)
    monkeypatch.setattr(time, "time", lambda: real_time() + 15 * 60 + 5)  # the window has ended
    assert _login_post(web, email, TEST_PASSWORD).status_code == 302


def test_the_address_ceiling_counts_every_password_view_together_and_says_how_long(app, world, monkeypatch,
                                                                                  limited):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "4 per hour")
    address = "198.51.100.70"
    web = _client(app, address)
    assert _login_post(web, "een@proef.nl", "verkeerd-wachtwoord-123").status_code == 200
    assert _login_post(web, "twee@proef.nl", "verkeerd-wachtwoord-123").status_code == 200
    for email in ("drie@proef.nl", "vier@proef.nl"):
        token = _csrf(web.get("/reset").get_data(as_text=True))
        assert web.post("/reset", data={"email": email, "csrf_token": token}).status_code in (200, 302)
    refused = _login_post(web, "vijf@proef.nl", "verkeerd-wachtwoord-123")
    assert refused.status_code == 429
    assert "Vanaf uw netwerkadres zijn te veel pogingen gedaan" in refused.get_data(as_text=True)
    with app.test_request_context():
        reset_at, remaining = limiter.limiter.get_window_stats(parse("4 per hour"), address, limits.ADDRESS_SCOPE)
    window = reset_at - time.time()
    assert remaining == 0 and 59 * 60 < window <= 60 * 60
    assert _wait_in(refused) == math.ceil(window / 60)
    assert abs(int(refused.headers["Retry-After"]) - window) <= 2
    # Another address is not affected.
    assert _login_post(_client(app, "198.51.100.71"), "zes@proef.nl", "verkeerd-wachtwoord-123").status_code == 200


def test_the_defaults_fit_an_office(app):
    import config
    settings = config.load({})
    assert settings["ACCOUNT_RATE_LIMIT"] == "10 per 15 minutes"
    assert parse(settings["LOGIN_RATE_LIMIT"]).amount >= 300


def test_the_account_limit_is_set_from_the_environment(monkeypatch):
    import config
    monkeypatch.setenv("ACCOUNT_RATE_LIMIT", "5 per 10 minutes")
    assert config.load({})["ACCOUNT_RATE_LIMIT"] == "5 per 10 minutes"
