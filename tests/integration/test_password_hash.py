"""Passwords are hashed with argon2id at OWASP's minimum configuration (config/defaults.py); a hash stored with other
parameters keeps logging in and is re-hashed with the configured ones; production refuses weaker parameters.

These tests run on an app of their own with the real parameters: the shared test app hashes cheaply."""
import base64
import os

import pytest
from argon2 import PasswordHasher
from flask_security.utils import get_hmac, verify_password

from config import defaults
from portal.beheer import services as beheer
from portal.extensions import db
from portal.models import User
from tests.conftest import IsolatedClient, make_app, make_database_url, unique
from tests.factories import Factory
from tests.helpers.accounts import TEST_PASSWORD, set_totp_secret
from tests.helpers.login import log_in

OWASP = "$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture(scope="module")
def real_app(backend, tmp_path_factory):
    app = make_app(make_database_url(backend, tmp_path_factory, "argon2", migrated=True),
                   SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS=dict(defaults.SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS))
    app.test_client_class = IsolatedClient
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _user(email: str) -> User:
    gemeente = Factory().gemeente()
    user, _ = beheer.create_user(email, "regisseur", gemeente.code, TEST_PASSWORD)
    secret = base64.b32encode(os.urandom(20)).decode()
    set_totp_secret(user, secret)
    user.totp_base32 = secret
    db.session.commit()
    return user


def test_a_new_password_is_hashed_with_argon2id_at_owasps_minimum(real_app):
    with real_app.app_context():
        user = _user(f"nieuw-{unique('')}@proef.nl".lower())
        assert user.password.startswith(OWASP)
        assert verify_password(TEST_PASSWORD, user.password)


def test_a_password_hashed_with_older_parameters_still_logs_in_and_is_rehashed_with_the_configured_ones(real_app):
    with real_app.app_context():
        user = _user(f"oud-{unique('')}@proef.nl".lower())
        # argon2-cffi's defaults, which the portal used before: m = 64 MiB, t = 3, p = 4 (of Flask-Security's HMAC
        # of the password, as it hashes every password)
        user.password = PasswordHasher().hash(get_hmac(TEST_PASSWORD))
        assert user.password.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        db.session.commit()
        user_id, secret = user.id, user.totp_base32
        db.session.remove()

        client = real_app.test_client()
        user = db.session.get(User, user_id)
        user.totp_base32 = secret
        log_in(client, user)
        assert client.get("/trajecten/").status_code == 200
        db.session.remove()
        stored = db.session.get(User, user_id).password
        assert stored.startswith(OWASP)
        assert verify_password(TEST_PASSWORD, stored)


@pytest.mark.parametrize(("options", "refused"), [
    ({}, False),  # the defaults
    ({"argon2__type": "ID", "argon2__memory_cost": 47104, "argon2__rounds": 1, "argon2__parallelism": 1}, False),
    ({"argon2__type": "ID", "argon2__memory_cost": 65536, "argon2__rounds": 3, "argon2__parallelism": 4}, False),
    ({"argon2__memory_cost": 19456, "argon2__rounds": 1}, True),
    ({"argon2__memory_cost": 1024, "argon2__rounds": 1}, True),
    ({"argon2__type": "I", "argon2__memory_cost": 19456, "argon2__rounds": 2}, True),
])
def test_production_refuses_argon2_parameters_below_owasps_minimum(monkeypatch, options, refused):
    import json

    import config
    for name, value in (("SECRET_KEY", "a-real-secret"), ("TOTP_SECRET", "another-real-secret"),
                        ("SECURITY_PASSWORD_SALT", "a-real-salt"), ("LOG_HMAC_KEY", "a-real-log-key"),
                        ("RATELIMIT_STORAGE_URI", "redis://redis:6379/0")):
        monkeypatch.setenv(name, value)
    if options:
        monkeypatch.setenv("SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS", json.dumps(options))
    if refused:
        with pytest.raises(config.InsecureConfiguration, match="argon2id"):
            config.load({"PROFILE": "production"})
    else:
        settings = config.load({"PROFILE": "production"})
        assert settings["SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS"] == (
            options or defaults.SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS)
