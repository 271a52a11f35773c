"""/api/v1's blueprint and what every adapter shares: bearer-token authentication (no session cookies), the BSN check
of JSON bodies and query strings, the error shape. The adapters (aanleveringen, duo, openapi, trajecten, voortgang
here; register, verwerkingslog and verzoeken in dpia/<feature>/api.py) add their routes to `bp`; create_app imports
them before it registers `bp`."""
import functools
from datetime import date
from typing import Literal, overload

from flask import Blueprint, g, jsonify, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from portal import access, bsn, eenheid
from portal.beheer.services import token_for, touch_token
from portal.errors import ServiceError
from portal.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api/v1")

ERROR_CODES = {400: "ongeldig_verzoek", 401: "niet_ingelogd", 403: "verboden", 404: "niet_gevonden",
               405: "methode_niet_toegestaan", 409: "conflict", 413: "bestand_te_groot", 415: "verkeerd_formaat",
               422: "ongeldig", 423: "verwerkingsstop", 429: "te_veel_verzoeken"}
MESSAGES = {401: "Geef een geldig API-token mee: Authorization: Bearer <token>.",
            403: "Uw rol mag dit niet.", 404: "Niet gevonden.", 405: "Deze methode kan hier niet.",
            413: "Het verzoek is te groot.", 429: "Te veel verzoeken; probeer het later opnieuw."}


def error(status: int, code: str | None = None, message: str | None = None, **extra):
    body = {"error": code or ERROR_CODES.get(status, "fout"), "message": message or MESSAGES.get(status, ""), **extra}
    return jsonify(body), status


def caller():
    """The user behind this API request's token."""
    return g.api_user


def require(*roles, message: str = MESSAGES[403]):
    """The caller, when they have one of `roles` (access.has_role); otherwise 403 with `message`."""
    user = caller()
    if not access.has_role(user, *roles):
        raise ServiceError("verboden", message, status=403)
    return user


def json_body() -> dict:
    """The request's JSON object; anything else is a 400."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ServiceError("ongeldig_verzoek", "Stuur een JSON-object.", status=400)
    return body


@overload
def json_date(body: dict, name: str, required: Literal[True] = True) -> date: ...
@overload
def json_date(body: dict, name: str, required: bool) -> date | None: ...
def json_date(body: dict, name: str, required: bool = True) -> date | None:
    """An ISO date (JJJJ-MM-DD) from a JSON body; None when absent and not required."""
    value = body.get(name)
    if value in (None, ""):
        if required:
            raise ServiceError("verplicht", f"{name} is verplicht.", name)
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ServiceError("datum_ongeldig", f"{name} moet een datum zijn als JJJJ-MM-DD.", name) from None


@bp.before_request
def authenticate():
    if request.endpoint == "api.openapi":
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    found = token_for(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if found is None:
        return error(401)
    g.api_user = found.user
    access.zet_scope_voor(found.user)
    eenheid.na_commit(functools.partial(_record_token_use, found.id, found.last_used_at))
    # Deliveries run the BSN guard per cell and report it per row; every other JSON body is refused whole.
    body_guarded_elsewhere = request.endpoint == "api.aanleveren"
    try:
        body = request.get_json(silent=True) if request.is_json else None
        bsn.check_depth(body)
        if (not body_guarded_elsewhere and bsn.scan(body)) or bsn.query_holds_bsn(request.args):
            return error(422, bsn.CODE, bsn.MESSAGE)
    except (bsn.TooDeep, RecursionError):
        return error(400, message=f"De JSON is dieper genest dan {bsn.MAX_DEPTH} niveaus.")
    return None


def _record_token_use(token_id: int, last_used_at) -> None:
    """last_used_at in a short transaction of its own, after the request's work has been committed or rolled back
    (portal/eenheid.py): a read on SQLite then never holds the write lock for the length of the request.
    Bookkeeping only: a busy database skips it rather than fail the call."""
    try:
        if touch_token(token_id, last_used_at):
            db.session.commit()
    except OperationalError:
        db.session.rollback()


# A regisseur's calls are refused whole while her activity is halted (after the token check above).
access.guard_verwerkingsstop(bp, user_loader=lambda: g.get("api_user"))


@bp.errorhandler(ServiceError)
def service_error(exc: ServiceError):
    return jsonify(exc.as_dict()), exc.status


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    return error(exc.code or 500)

