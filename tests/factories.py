"""Test data built through the same services the app uses.

Each factory call is one unit of work, like a CLI command: the service flushes and the factory commits. Inside a
test that commit only releases a SAVEPOINT of the outer transaction, which is rolled back after the test; it keeps
the data when a request under test rolls its own work back."""
import base64
import functools
import os
import uuid
from datetime import date

from dpia.verwerkersovereenkomsten.services import register_getekend
from portal.beheer import services as beheer
from portal.extensions import db
from portal.models import Organisatie, Toewijzing, Traject, User
from portal.trajecten import services as trajecten
from tests.helpers.accounts import TEST_PASSWORD, cheap_password, set_totp_secret


def _code(prefix: str, digits: bool = False) -> str:
    if digits:
        return f"GM{int(uuid.uuid4().int % 10_000):04d}"
    return f"{prefix}{uuid.uuid4().hex[:6].upper()}"


def _unit_of_work(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        result = method(*args, **kwargs)
        db.session.commit()
        return result
    return wrapper


class _Committing(type):
    def __new__(mcs, name, bases, namespace):
        for key, value in list(namespace.items()):
            if callable(value) and not key.startswith("_"):
                namespace[key] = _unit_of_work(value)
        return super().__new__(mcs, name, bases, namespace)


class Factory(metaclass=_Committing):
    def gemeente(self, code: str | None = None, naam: str = "Gemeente Proefstad") -> Organisatie:
        while code is None:
            candidate = _code("", digits=True)
            code = None if beheer.organisatie_by_code(candidate) else candidate
        return beheer.create_organisatie(code, "gemeente", naam)

    def aanbieder(self, onderdelen=("taal", "map", "pvt"), code: str | None = None,
                  naam: str = "Taalschool Proef") -> Organisatie:
        return beheer.create_organisatie(code or _code("A"), "aanbieder", naam, list(onderdelen))

    def user(self, rol: str, org: Organisatie, email: str | None = None) -> User:
        """A user with TEST_PASSWORD and an authenticator, built through `beheer.create_user`; the password check,
        hash and TOTP encryption are paid once per app (tests/helpers/accounts.py), not per user."""
        with cheap_password():
            user, _ = beheer.create_user(email or f"{rol}-{uuid.uuid4().hex[:8]}@proef.nl", rol, org.code,
                                         TEST_PASSWORD)
        secret = base64.b32encode(os.urandom(20)).decode()
        set_totp_secret(user, secret)
        user.totp_base32 = secret  # test-only attribute: the plain secret for pyotp
        return user

    def vo(self, aanbieder: Organisatie, gemeente: Organisatie, start=date(2024, 1, 1), eind=date(2028, 12, 31)):
        return register_getekend(aanbieder, gemeente, start, eind)

    def traject(self, regisseur: User, leerroute: str = "b1", doelgroep: str = "asielstatushouder",
                pip_datum: date = date(2025, 1, 6), intensiteit: int | None = 800) -> Traject:
        return trajecten.create_traject(regisseur, trajecten.NieuwTraject(
            doelgroep=doelgroep, leerroute=leerroute, pip_datum=pip_datum,
            intensiteit_uren=intensiteit if leerroute == "b1" and doelgroep == "asielstatushouder" else None))

    def toewijzing(self, regisseur: User, traject: Traject, aanbieder: Organisatie, onderdeel: str = "taal",
                   start: date = date(2025, 2, 1)) -> Toewijzing:
        return trajecten.toewijzen(regisseur, traject, aanbieder.code, onderdeel, start)

    def token(self, user: User) -> str:
        return beheer.create_token(user)[1]
