"""Logging in test clients: the real password and TOTP steps, without the page loads around them.

A login posts the password to /login and a TOTP code to /tf-validate, as a browser does; the CSRF token those forms
need is the one Flask-WTF would put in the page (`generate_csrf`: the session's raw token, signed with the app's
key), made from the client's session instead of by rendering /login, /tf-validate and the start page. Messages
flashed by the login are dropped, as showing the start page after it did."""
from __future__ import annotations

import hashlib
import os

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
