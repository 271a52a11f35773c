"""Logging in test clients: the real password and TOTP steps, without the page loads around them.

A login posts the password to /login and a TOTP code to /tf-validate, as a browser does; the CSRF token those forms
need is the one Flask-WTF would put in the page (`generate_csrf`: the session's raw token, signed with the app's
key), made from the client's session instead of by rendering /login, /tf-validate and the start page. Messages
flashed by the login are dropped, as showing the start page after it did."""
from __future__ import annotations

import hashlib
import os
import time

import pyotp
from itsdangerous import URLSafeTimedSerializer

from tests.helpers.accounts import TEST_PASSWORD


def csrf_token(client) -> str:
    """The CSRF token a page would carry for this client's session (creating the session's token if needed)."""
    app = client.application
    field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    with client.session_transaction() as session:
        if field not in session:
            session[field] = hashlib.sha1(os.urandom(64)).hexdigest()
        raw = session[field]
    secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)


def log_in(client, user, password: str = TEST_PASSWORD):
    """Password + TOTP login of `user` on `client`; `client.csrf_token` is set for the forms of its pages."""
    response = client.post("/login", data={"email": user.email, "password": password,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    code = pyotp.TOTP(user.totp_base32).now()
    response = client.post("/tf-validate", data={"code": code, "csrf_token": csrf_token(client)})
    assert response.status_code == 302 and "/tf-validate" not in response.headers["Location"], \
        response.get_data(as_text=True)[:500]
    with client.session_transaction() as session:  # what the start page would have shown once, as it did
        session.pop("_flashes", None)
    client.csrf_token = csrf_token(client)
    return client


# A finished login's session cookie, kept per app and user for REUSE_SECONDS: a later test that logs the same user
# in (the world's users, tests/helpers/world.py) gets a client with a copy of that cookie instead of two posts.
# The session is keyed to the user's fs_uniquifier, which each test's rollback restores, and it carries the login
# time; the reuse window stays far inside SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS.
REUSE_SECONDS = 300
_sessions: dict[tuple[int, str], tuple[float, str]] = {}


def logged_in_client(app, user):
    """A new test client of `app` logged in as `user`: a copy of a recent login's session, or a real login."""
    name = app.config.get("SESSION_COOKIE_NAME", "session")
    key = (id(app), user.fs_uniquifier)
    client = app.test_client()
    kept = _sessions.get(key)
    if kept is not None and time.monotonic() - kept[0] < REUSE_SECONDS:
        client.set_cookie(name, kept[1])
        client.csrf_token = csrf_token(client)
        return client
    log_in(client, user)
    _sessions[key] = (time.monotonic(), client.get_cookie(name).value)
    return client
