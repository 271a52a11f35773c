"""Operator work: organisations, users and API tokens. Flushes; the caller commits.

Every change is recorded in `account_audit` with its actor (`actor=None` is an operator on the command line).
The beheerder manages accounts but cannot act as anyone: she never chooses another user's password and never makes
a token for another user; tokens are made by their own user (after a fresh two-factor code) or on the command line."""
import base64
import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_security import hash_password
from sqlalchemy import func, or_, select, update

from portal import signals
from portal.beheer.audit import record
from portal.codes import Onderdeel, OrganisatieType, Rol
from portal.errors import ServiceError, parse_code
from portal.extensions import db, security
from portal.mail import normalized_email
from portal.models import ApiToken, Organisatie, Role, Toewijzing, User
from portal.timeutil import today, utcnow

TOKEN_PREFIX = "ibp_"
_GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
_AANBIEDER_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,19}$")


# How long a token made on the "Mijn API-tokens" page stays valid: a short list, never unlimited.
TOKEN_DAGEN = (30, 90, 180, 365)
MAX_TOKEN_DAGEN = 365
# last_used_at is bookkeeping: written at most this often per token, after the request's own transaction.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def create_organisatie(code: str, type_: str, naam: str, onderdelen: list[str] | None = None,
                       actor: User | None = None) -> Organisatie:
    code = code.strip().upper()
    org_type = parse_code(OrganisatieType, type_, "type", "Kies type gemeente of aanbieder.")
    if org_type is OrganisatieType.gemeente and not _GEMEENTE_CODE.match(code):
        raise ServiceError("code_ongeldig", "Een gemeente heeft haar CBS-code, bijvoorbeeld GM0928.", "code")
    if org_type is not OrganisatieType.gemeente and not _AANBIEDER_CODE.match(code):
        raise ServiceError("code_ongeldig",
                           "Een aanbiedercode is 2 tot 20 letters en cijfers en begint met een letter.",
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
    if org.is_gemeente:  # the privacy module starts its verwerkingsregister with the portal's own activities
        app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app behind the proxy
        signals.gemeente_aangemaakt.send(app, organisatie=org)
    record(actor, "organisatie_aangemaakt", target_org=org,
           details=f"{org.code} ({org.type.value}) {org.naam}")
    return org


def alle_organisaties() -> list[Organisatie]:
    return list(db.session.scalars(select(Organisatie).order_by(Organisatie.code)))


def organisatie_by_code(code: str) -> Organisatie | None:
    return db.session.scalar(select(Organisatie).where(Organisatie.code == code.strip().upper()))


def _role(rol: Rol) -> Role:
    role = db.session.scalar(select(Role).where(Role.name == rol.value))
    if role is None:
        role = Role(name=rol.value)
        db.session.add(role)
    return role


def _check_rol_past_bij_org(rol: Rol, org: Organisatie) -> None:
    """A regisseur or privacy officer works for a gemeente, an aanbieder's staff for an aanbieder; the operator's
    organisation (soort beheer) holds only beheerders."""
    wants_gemeente = rol in (Rol.regisseur, Rol.privacy)
    if rol is Rol.beheerder:
        return
    past = org.is_gemeente if wants_gemeente else org.type is OrganisatieType.aanbieder
    if not past:
        soort = "een gemeente" if wants_gemeente else "een aanbieder"
        raise ServiceError("rol_past_niet", f"De rol {rol.value} hoort bij {soort}.", "rol")


def check_password(password: str) -> None:
    """The password policy of Flask-Security (length >= 12 and zxcvbn strength), in Dutch."""
    errors, _ = security.password_util.validate(password, True)
    if errors:
        raise ServiceError("wachtwoord_zwak", " ".join(str(e) for e in errors), "password")


def create_user(email: str, rol: str, org_code: str, password: str | None = None,
                actor: User | None = None, _audit: bool = True) -> tuple[User, str | None]:
    """A user with one role in one organisation. Two-factor setup happens at the first login (it is mandatory).

    Through the beheer pages (`actor` given) no password can be chosen: an initial secret is generated, returned
    once, and the user must replace it at the first login before anything else opens, so the beheerder never
    knows a password in use. An operator on the command line may set one (`--password`, demo and test data)."""
    if password and actor is not None:
        raise ServiceError("wachtwoord_niet_toegestaan", "De beheerder kiest geen wachtwoord voor een ander; er wordt "
                           "een beginwachtwoord gemaakt dat de gebruiker bij de eerste keer inloggen vervangt.",
                           "password", status=403)
    email = email.strip().lower()
    rol_enum = parse_code(Rol, rol, "rol", "Rollen: aanbieder, regisseur, privacy, beheerder.")
    org = organisatie_by_code(org_code)
    if org is None:
        raise ServiceError("organisatie_onbekend", f"Er is geen organisatie met code {org_code}.", "org")
    _check_rol_past_bij_org(rol_enum, org)
    email = normalized_email(email)
    if len(email) > 255:
        raise ServiceError("email_ongeldig", "Vul een geldig e-mailadres in.", "email")
    if security.datastore.find_user(email=email):
        raise ServiceError("bestaat_al", "Er is al een gebruiker met dit e-mailadres.", "email", status=409)
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(18)
    check_password(password)
    user: User = security.datastore.create_user(  # type: ignore[assignment]  # the datastore's user model is User
        email=email, password=hash_password(password), organisatie=org, roles=[_role(rol_enum)],
        must_change_password=generated is not None)
    db.session.flush()
    if not _audit:
        return user, generated
    record(actor, "gebruiker_aangemaakt", target_user=user, target_org=org,
           details=f"rol {rol_enum.value}" + ("; beginwachtwoord gemaakt, te vervangen bij eerste login"
                                               if generated else "; wachtwoord opgegeven op de opdrachtregel"))
    return user, generated


def invite_user(email: str, rol: str, org_code: str, actor: User | None = None) -> User:
    """A new account without any password someone knows: the user gets a one-time link by e-mail (Flask-Security's
    reset link, valid SECURITY_RESET_PASSWORD_WITHIN, dead once used), chooses her password there and then sets
    up two-factor login. The beheerder sees no secret at all, so she cannot log in first and take the account."""
    from portal import mail
    user, _ = create_user(email, rol, org_code, password=None, actor=None, _audit=False)
    user.must_change_password = False  # the link sets her own password; the generated one was never shown
    db.session.flush()
    record(actor, "gebruiker_aangemaakt", target_user=user, target_org=user.organisatie,
           details=f"rol {user.rol.value}; uitnodiging per e-mail verstuurd")  # type: ignore[union-attr]  # one role
    mail.send_invitation(user)
    return user


def reset_two_factor(user: User, actor: User | None = None) -> None:
    """Forget the user's authenticator (lost phone): she sets it up again at her next login, after her password.
    Her sessions end now. She gets a notice by e-mail."""
    from portal import mail
    user.tf_primary_method = None
    user.tf_totp_secret = None
    end_sessions(user)
    record(actor, "tweestap_hersteld", target_user=user, target_org=user.organisatie,
           details="authenticator vergeten; opnieuw koppelen bij de volgende login")
    mail.send_two_factor_reset_notice(user)


def send_password_reset(user: User, actor: User | None = None) -> None:
    """Send the user a one-time link to choose a new password; her current password works until she uses it."""
    from portal import mail
    if not user.active:
        raise ServiceError("geblokkeerd", "Dit account is geblokkeerd; deblokkeer het eerst.")
    record(actor, "wachtwoordherstel_verstuurd", target_user=user, target_org=user.organisatie,
           details="link om een nieuw wachtwoord te kiezen per e-mail verstuurd")
    mail.send_reset(user)


def password_reset(user: User) -> int:
    """After the user set her password through a link (invitation, reset): as after a change of her own."""
    user.must_change_password = False
    revoked = revoke_tokens_of(user)
    record(user, "wachtwoord_ingesteld_via_link", target_user=user, target_org=user.organisatie,
           details=f"{revoked} API-token(s) ingetrokken en alle andere sessies beëindigd")
    return revoked


def set_active(user: User, active: bool, actor: User | None = None) -> int:
    """Block or unblock an account. Blocking ends the user's sessions (fs_uniquifier rotated) and revokes her API
    tokens at once, so unblocking later does not bring an old session or token back. A beheerder cannot block
    herself, nor the last active beheerder. Returns the number of tokens revoked."""
    if actor is not None and actor.id == user.id:
        raise ServiceError("eigen_account", "U kunt uw eigen account niet blokkeren.")
    if user.active == active:
        return 0
    revoked = 0
    if not active:
        _keep_a_beheerder(user)
        end_sessions(user)
        revoked = revoke_tokens_of(user)
    user.active = active
    db.session.flush()
    record(actor, "gebruiker_gedeblokkeerd" if active else "gebruiker_geblokkeerd", target_user=user,
           target_org=user.organisatie,
           details="" if active else f"sessies beëindigd, {revoked} API-token(s) ingetrokken")
    return revoked


def _keep_a_beheerder(user: User) -> None:
    """Refuse a change that would leave no active beheerder (nobody could manage accounts any more)."""
    if user.rol is not Rol.beheerder or not user.active:
        return
    others = db.session.scalars(select(User).where(User.active.is_(True), User.id != user.id)).all()
    if not any(other.rol is Rol.beheerder for other in others):
        raise ServiceError("laatste_beheerder", "Dit is de laatste actieve beheerder; maak eerst een andere "
                           "beheerder aan.")


def wijzig_gebruiker(user: User, naam: str, rol: str, org_code: str, actor: User | None = None) -> list[str]:
    """Change a user's name, role and organisation. A new role or organisation changes what she may see: her
    sessions end (fs_uniquifier rotated) and her API tokens are revoked, so nothing made under the old rights
    keeps working. The role must fit the organisation (aanbieder at an aanbieder; regisseur and privacy at a
    gemeente). A beheerder cannot change her own role or organisation, and the last active beheerder keeps her
    role. Returns the changes as "field: old → new" (empty when nothing changed)."""
    naam = (naam or "").strip()
    if len(naam) > 120:
        raise ServiceError("naam_te_lang", "Een naam is hoogstens 120 tekens.", "naam")
    rol_enum = parse_code(Rol, rol, "rol", "Rollen: aanbieder, regisseur, privacy, beheerder.")
    org = organisatie_by_code(org_code or "")
    if org is None:
        raise ServiceError("organisatie_onbekend", f"Er is geen organisatie met code {org_code}.", "org")
    _check_rol_past_bij_org(rol_enum, org)
    oude_rol, oude_org = user.rol, user.organisatie
    rechten_anders = rol_enum is not oude_rol or org.id != oude_org.id
    if rechten_anders and actor is not None and actor.id == user.id:
        raise ServiceError("eigen_account", "U kunt uw eigen rol of organisatie niet wijzigen; vraag dat een andere "
                           "beheerder.", "rol")
    if rol_enum is not oude_rol and oude_rol is Rol.beheerder:
        _keep_a_beheerder(user)
    changes = []
    if naam != user.naam:
        changes.append(f"naam: '{user.naam}' → '{naam}'")
        user.naam = naam
    if rol_enum is not oude_rol:
        changes.append(f"rol: {oude_rol.value if oude_rol else '—'} → {rol_enum.value}")
        user.roles = [_role(rol_enum)]
    if org.id != oude_org.id:
        changes.append(f"organisatie: {oude_org.code} → {org.code}")
        user.organisatie = org
    if not changes:
        return changes
    db.session.flush()
    details = "; ".join(changes)
    if rechten_anders:
        end_sessions(user)
        revoked = revoke_tokens_of(user)
        details += f"; sessies beëindigd, {revoked} API-token(s) ingetrokken"
    record(actor, "gebruiker_gewijzigd", target_user=user, target_org=org, details=details)
    return changes


def lopende_toewijzingen(org: Organisatie) -> dict[Onderdeel, int]:
    """How many assignments of each onderdeel the aanbieder holds that have not ended (today or later, or
    open): counts only, no trajectory content (the beheerder sees none)."""
    rows = db.session.execute(
        select(Toewijzing.onderdeel, func.count()).where(
            Toewijzing.aanbieder_id == org.id,
            or_(Toewijzing.einddatum.is_(None), Toewijzing.einddatum >= today()))
        .group_by(Toewijzing.onderdeel)).all()
    return {Onderdeel(onderdeel): count for onderdeel, count in rows}


def wijzig_organisatie(org: Organisatie, naam: str, onderdelen: list[str] | None = None,
                       actor: User | None = None) -> list[str]:
    """Change an organisation's name and, for an aanbieder, the onderdelen it offers. An onderdeel that still has
    current assignments stays: the aanbieder keeps serving them until the regisseur ends them, so removing it
    would rewrite who may deliver what. Code and type never change (deliveries, DUO and the register use them).
    Returns the changes as "field: old → new"."""
    naam = (naam or "").strip()
    if not naam:
        raise ServiceError("verplicht", "Vul de naam in.", "naam")
    if len(naam) > 200:
        raise ServiceError("naam_te_lang", "Een naam is hoogstens 200 tekens.", "naam")
    changes = []
    if org.is_gemeente:
        if [o for o in (onderdelen or []) if o and o.strip()]:
            raise ServiceError("onderdelen_niet_toegestaan", "Alleen een aanbieder biedt onderdelen aan.",
                               "onderdelen")
    else:
        nieuw = sorted({parse_code(Onderdeel, o.strip().lower(), "onderdelen", "Onderdelen zijn taal, map en pvt.")
                        for o in (onderdelen or []) if o.strip()}, key=lambda o: o.value)
        if not nieuw:
            raise ServiceError("verplicht", "Kies welke onderdelen de aanbieder aanbiedt.", "onderdelen")
        oud = org.onderdelen
        lopend = lopende_toewijzingen(org)
        geweigerd = [o for o in oud if o not in nieuw and lopend.get(o)]
        if geweigerd:
            uitleg = ", ".join(f"{o.value.upper()} ({lopend[o]} lopende toewijzing{'en' if lopend[o] > 1 else ''})"
                               for o in geweigerd)
            raise ServiceError("onderdeel_in_gebruik", f"Dit onderdeel kan niet weg: {uitleg}. De regisseur "
                               "beëindigt eerst die toewijzingen; daarna kunt u het onderdeel weghalen.",
                               "onderdelen")
        if nieuw != oud:
            changes.append("onderdelen: " + (", ".join(o.value for o in oud) or "—") + " → "
                           + ", ".join(o.value for o in nieuw))
            org.onderdelen = nieuw
    if naam != org.naam:
        changes.insert(0, f"naam: '{org.naam}' → '{naam}'")
        org.naam = naam
    if changes:
        db.session.flush()
        record(actor, "organisatie_gewijzigd", target_org=org, details=f"{org.code}: " + "; ".join(changes))
    return changes


def end_sessions(user: User) -> None:
    """End every web session of the user: Flask-Security keys a session to fs_uniquifier, so a new one makes
    every existing session cookie (and any copy of it) invalid."""
    security.datastore.set_uniquifier(user)
    db.session.flush()


def password_changed(user: User) -> int:
    """After the user changed her own password (Flask-Security has already rotated fs_uniquifier, ending her
    other sessions): revoke all her API tokens and lift the forced change. Returns the number revoked."""
    user.must_change_password = False
    revoked = revoke_tokens_of(user)
    record(user, "wachtwoord_gewijzigd", target_user=user, target_org=user.organisatie,
           details=f"{revoked} API-token(s) ingetrokken en alle andere sessies beëindigd")
    return revoked


def revoke_tokens_of(user: User) -> int:
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                       ApiToken.revoked_at.is_(None))).all()
    now = utcnow()
    for token in tokens:
        token.revoked_at = now
    db.session.flush()
    return len(tokens)


def set_totp_secret(user: User, base32_secret: str) -> None:
    """Configure the authenticator method with a known secret (demo users, whose secret is printed)."""
    totp = security.totp_factory._totp(key=base32_secret, format="base32")
    security.datastore.tf_set(user, "authenticator", totp_secret=totp.to_json(encrypt=True))


def demo_totp_secret(email: str) -> str:
    """Deterministic, public TOTP secret for a demo account: printed by `make run`, never for real users."""
    return base64.b32encode(hashlib.sha256(f"inburgeringsportaal-demo:{email}".encode()).digest()[:20]).decode()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str = "", dagen: int = 90, actor: User | None = None) -> tuple[ApiToken, str]:
    """A new API token for `user`: returned in plain text exactly once, stored as its hash, with a name, an expiry
    and its creator. On the web only the user herself may make one (`actor` is `user`, after a fresh two-factor
    code checked by the page); `actor=None` is an operator on the command line."""
    if actor is not None and actor.id != user.id:
        raise ServiceError("verboden", "Een API-token maakt alleen de gebruiker zelf.", status=403)
    if not user.active:
        raise ServiceError("gebruiker_inactief", "Deze gebruiker is niet actief.")
    name = (name or "").strip()
    if len(name) > 80:
        raise ServiceError("naam_te_lang", "Een naam is hoogstens 80 tekens.", "naam")
    if actor is not None and not name:
        raise ServiceError("verplicht", "Geef het token een naam, bijvoorbeeld de koppeling die het gebruikt.", "naam")
    allowed = TOKEN_DAGEN if actor is not None else range(1, MAX_TOKEN_DAGEN + 1)
    if dagen not in allowed:
        raise ServiceError("geldigheid_ongeldig", f"Een token is 1 tot {MAX_TOKEN_DAGEN} dagen geldig.", "dagen")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(user=user, user_id=user.id, token_hash=_hash_token(plain), prefix=plain[:10], name=name,
                     created_at=now, expires_at=now + timedelta(days=dagen), created_by=actor,
                     created_via="cli" if actor is None else "web")
    db.session.add(token)
    db.session.flush()
    record(actor, "token_aangemaakt", target_user=user, target_org=user.organisatie,
           details=f"{token.prefix}… '{name}', {dagen} dagen geldig")
    return token, plain


def revoke_token(token: ApiToken, actor: User | None = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        record(actor, "token_ingetrokken", target_user=token.user, target_org=token.user.organisatie,
               details=f"{token.prefix}… '{token.name}'")


def eigen_tokens(user: User) -> list[ApiToken]:
    """The user's own tokens, newest first ("Mijn API-tokens")."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc())))


def eigen_token(user: User, token_id: int) -> ApiToken | None:
    """One of the user's own tokens, or None: another user's token does not exist for her."""
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.user_id == user.id else None


def token_for(plain: str, at: datetime | None = None) -> ApiToken | None:
    """The token behind a bearer value when it is neither revoked nor expired and its user is active (and has no
    forced password change pending), or None."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(plain),
                                                     ApiToken.revoked_at.is_(None)))
    if token is None or token.expired(at or utcnow()):
        return None
    if not token.user.active or token.user.must_change_password:
        return None
    return token


def user_for_token(plain: str) -> User | None:
    token = token_for(plain)
    return token.user if token else None


def touch_token(token_id: int, last_used_at: datetime | None) -> bool:
    """Record that a token was used (at most once per TOKEN_TOUCH_INTERVAL). The caller runs this in a
    transaction of its own, after the request's work: a read on SQLite must not hold the write lock for the
    whole request. Returns whether anything was written."""
    now = utcnow()
    if last_used_at is not None and now - last_used_at < TOKEN_TOUCH_INTERVAL:
        return False
    db.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
    return True
