"""Operator work: organisations, users and API tokens. Flushes; the caller commits."""
import base64
import hashlib
import re
import secrets

from flask_security import hash_password
from sqlalchemy import select

from portal.codes import Onderdeel, OrganisatieType, Rol
from portal.errors import ServiceError, parse_code
from portal.extensions import db, security
from portal.models import ApiToken, Organisatie, Role, User
from portal.timeutil import utcnow

TOKEN_PREFIX = "ibp_"
_GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
_AANBIEDER_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,19}$")


def create_organisatie(code: str, type_: str, naam: str, onderdelen: list[str] | None = None) -> Organisatie:
    code = code.strip().upper()
    org_type = parse_code(OrganisatieType, type_, "type", "Kies type gemeente of aanbieder.")
    if org_type is OrganisatieType.gemeente and not _GEMEENTE_CODE.match(code):
        raise ServiceError("code_ongeldig", "Een gemeente heeft haar CBS-code, bijvoorbeeld GM0928.", "code")
    if org_type is OrganisatieType.aanbieder and not _AANBIEDER_CODE.match(code):
        raise ServiceError("code_ongeldig", "Een aanbiedercode is 2 tot 20 letters en cijfers en begint met een letter.",
                           "code")
    if not naam.strip():
        raise ServiceError("verplicht", "Vul de naam in.", "naam")
    if db.session.scalar(select(Organisatie).where(Organisatie.code == code)):
        raise ServiceError("bestaat_al", f"Er is al een organisatie met code {code}.", "code", status=409)
    aangeboden = [parse_code(Onderdeel, o.strip().lower(), "onderdelen", "Onderdelen zijn taal, map en pvt.")
                  for o in (onderdelen or []) if o.strip()]
    if org_type is OrganisatieType.aanbieder and not aangeboden:
        raise ServiceError("verplicht", "Kies welke onderdelen de aanbieder aanbiedt.", "onderdelen")
    org = Organisatie(code=code, type=org_type, naam=naam.strip())
    org.onderdelen = aangeboden if org_type is OrganisatieType.aanbieder else []
    db.session.add(org)
    db.session.flush()
    if org.is_gemeente:  # a gemeente starts with the portal's own activities in its verwerkingsregister
        from dpia.register.services import registreer_portaalactiviteiten
        registreer_portaalactiviteiten(org)
    return org


def organisatie_by_code(code: str) -> Organisatie | None:
    return db.session.scalar(select(Organisatie).where(Organisatie.code == code.strip().upper()))


def _role(rol: Rol) -> Role:
    role = db.session.scalar(select(Role).where(Role.name == rol.value))
    if role is None:
        role = Role(name=rol.value)
        db.session.add(role)
    return role


def _check_rol_past_bij_org(rol: Rol, org: Organisatie) -> None:
    wants_gemeente = rol in (Rol.regisseur, Rol.privacy)
    if rol is Rol.beheerder:
        return
    if wants_gemeente != org.is_gemeente:
        soort = "een gemeente" if wants_gemeente else "een aanbieder"
        raise ServiceError("rol_past_niet", f"De rol {rol.value} hoort bij {soort}.", "rol")


def check_password(password: str) -> None:
    """The password policy of Flask-Security (length >= 12 and zxcvbn strength), in Dutch."""
    errors, _ = security.password_util.validate(password, True)
    if errors:
        raise ServiceError("wachtwoord_zwak", " ".join(str(e) for e in errors), "password")


def create_user(email: str, rol: str, org_code: str, password: str | None = None) -> tuple[User, str | None]:
    """A user with one role in one organisation. Without a password a strong one is generated and returned once.
    Two-factor setup happens at the first login (it is mandatory)."""
    email = email.strip().lower()
    rol_enum = parse_code(Rol, rol, "rol", "Rollen: aanbieder, regisseur, privacy, beheerder.")
    org = organisatie_by_code(org_code)
    if org is None:
        raise ServiceError("organisatie_onbekend", f"Er is geen organisatie met code {org_code}.", "org")
    _check_rol_past_bij_org(rol_enum, org)
    if "@" not in email or len(email) > 255:
        raise ServiceError("email_ongeldig", "Vul een geldig e-mailadres in.", "email")
    if security.datastore.find_user(email=email):
        raise ServiceError("bestaat_al", "Er is al een gebruiker met dit e-mailadres.", "email", status=409)
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(18)
    check_password(password)
    user = security.datastore.create_user(email=email, password=hash_password(password), organisatie=org,
                                          roles=[_role(rol_enum)])
    db.session.flush()
    return user, generated


def set_totp_secret(user: User, base32_secret: str) -> None:
    """Configure the authenticator method with a known secret (demo users, whose secret is printed)."""
    totp = security.totp_factory._totp(key=base32_secret, format="base32")
    security.datastore.tf_set(user, "authenticator", totp_secret=totp.to_json(encrypt=True))


def demo_totp_secret(email: str) -> str:
    """Deterministic, public TOTP secret for a demo account: printed by `make run`, never for real users."""
    return base64.b32encode(hashlib.sha256(f"inburgeringsportaal-demo:{email}".encode()).digest()[:20]).decode()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User) -> tuple[ApiToken, str]:
    """A new API token: returned in plain text exactly once, stored as its hash."""
    if not user.active:
        raise ServiceError("gebruiker_inactief", "Deze gebruiker is niet actief.")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, user_id=user.id, token_hash=_hash_token(plain), prefix=plain[:10])
    db.session.add(token)
    db.session.flush()
    return token, plain


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()


def user_for_token(plain: str) -> User | None:
    """The active user behind a bearer token that is not revoked, or None."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(plain),
                                                     ApiToken.revoked_at.is_(None)))
    if token is None or not token.user.active:
        return None
    token.last_used_at = utcnow()
    return token.user
