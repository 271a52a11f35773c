"""Cheap accounts for fixtures: the users that factories build get the real password policy check, hash scheme and
TOTP encryption, but each costly step is paid once per app instead of once per user. Tests of the password and
TOTP features themselves go through the pages and services, which keep the real costs.

- The password policy (zxcvbn) runs for real on TEST_PASSWORD once per app; after that it is known to pass.
- The password hash (argon2, the app's scheme and parameters) is computed once per app and shared by the users
  the factory builds; every login still verifies it with argon2.
- The TOTP secret is encrypted with the app's own secrets but a low PBKDF2 cost (passlib's AppWallet
  `encrypt_cost`); the stored JSON names its cost, so logging in decrypts it with the app's real code, cheaply.
"""
from __future__ import annotations

from contextlib import contextmanager

from flask import current_app
from passlib.totp import AppWallet

from portal.beheer import services as beheer
from portal.extensions import security

TEST_PASSWORD = "Proef-Wachtwoord-Inburgering-7!"
CHEAP_TOTP_COST = 4  # 16 PBKDF2 rounds instead of passlib's 2**14
_hashes: dict[int, str] = {}
_totp_classes: dict[int, type] = {}


@contextmanager
def cheap_password(password: str = TEST_PASSWORD):
    """While open, `beheer.create_user` checks and hashes `password` once per app (really), then reuses both."""
    key = id(current_app._get_current_object())
    real_check, real_hash = beheer.check_password, beheer.hash_password
    if key not in _hashes:
        real_check(password)
        _hashes[key] = real_hash(password)

    def check(candidate: str) -> None:
        if candidate != password:
            real_check(candidate)

    def hash_(candidate: str) -> str:
        return _hashes[key] if candidate == password else real_hash(candidate)

    beheer.check_password, beheer.hash_password = check, hash_
    try:
        yield
    finally:
        beheer.check_password, beheer.hash_password = real_check, real_hash


def set_totp_secret(user, base32_secret: str) -> None:
    """`beheer.set_totp_secret` with a cheap encryption cost (see the module docstring)."""
    key = id(current_app._get_current_object())
    if key not in _totp_classes:
        real = security.totp_factory._totp  # noqa: SLF001 - the app's passlib TOTP class and its wallet
        wallet = real.wallet
        _totp_classes[key] = real.using(wallet=AppWallet(secrets=wallet._secrets,  # noqa: SLF001
                                                         default_tag=wallet.default_tag,
                                                         encrypt_cost=CHEAP_TOTP_COST))
    totp = _totp_classes[key](key=base32_secret, format="base32")
    security.datastore.tf_set(user, "authenticator", totp_secret=totp.to_json(encrypt=True))
