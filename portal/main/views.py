"""The start page (per role, the work that is due) and the app-wide error pages (Dutch, never a stack trace)."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_security import auth_required, current_user
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, InternalServerError

from portal import access, eenheid
from portal.api.base import error as api_error
from portal.extensions import db
from portal.main.tabel import badge, tabel_rijen
from portal.meldingen import services as meldingen
from portal.timeutil import nl_date, nl_datetime, today

bp = Blueprint("main", __name__)
bp.add_app_template_global(tabel_rijen, "tabel_rijen")  # the rows of ui.html's data_table

PAGES = {
    400: ("Ongeldig verzoek", "Het verzoek kon niet worden verwerkt. Ga terug en probeer het opnieuw."),
    403: ("Geen toegang", "Uw rol geeft geen toegang tot deze pagina."),
    404: ("Niet gevonden", "Deze pagina of dit traject bestaat niet, of u heeft er geen toegang toe."),
    405: ("Niet toegestaan", "Deze handeling kan hier niet."),
    413: ("Bestand te groot", "Het bestand is groter dan 50 MB. Splits het bestand en lever de delen apart aan."),
    423: ("Verwerking stopgezet", "De privacy officer van de gemeente heeft deze verwerking stopgezet. Zolang de "
                                  "verwerkingsstop geldt, kunt u deze gegevens niet inzien, aanleveren of wijzigen."),
    429: ("Te veel pogingen", "Er zijn te veel pogingen gedaan. Probeer het later opnieuw."),  # see auth/limits.py
    500: ("Er ging iets mis",
          "Er is niets opgeslagen. Probeer het later opnieuw; blijft het misgaan, neem contact op."),
}


@bp.get("/")
@auth_required("session")
def index():
    """The start page: what is due for this user today, per category of her role (meldingen.services.te_doen, the
    computation the daily digest counts). Trajectory IDs shown here are logged as read, like on any other page."""
    user = current_user._get_current_object()
    dag = today()
    items = meldingen.te_doen(user, dag)
    meldingen.log_getoond(user, items)
    return render_template("main/start.html", items=items, rijen=[_rijen(item) for item in items], vandaag=dag,
                           rol=user.rol.value if user.rol else "")


def _rijen(item: meldingen.Item) -> list[list]:
    """The cells of a category's table (data_table), in Python (up to 50 lines of three macro calls each were a
    third of the page's rendering): what (a link when the line has a page; a trajectory's ID then, and its text
    next to it), when (a date, a moment, or —) and the status badge."""
    rijen = []
    links: dict[tuple, str] = {}
    for r in item.getoond:
        if r.endpoint:
            wat = Markup(f'<a class="utrecht-link utrecht-link--html-a" href="{_link(links, r)}">'
                         f'{escape(r.traject_id if r.traject_id else r.tekst)}</a>')
        else:
            wat = escape(r.tekst)
        if r.wanneer is None:
            wanneer = "—"
        else:
            wanneer = nl_datetime(r.wanneer) if hasattr(r.wanneer, "hour") else nl_date(r.wanneer)
        status = badge(r.status, r.soort)
        rijen.append([wat, r.tekst, wanneer, status] if r.traject_id else [wat, wanneer, status])
    return rijen


_PLEK = "TRAJECT"  # stands for a trajectory id in a link built once per table (ids are URL-safe: 0-9, A-Z and -)


def _link(links: dict[tuple, str], r) -> str:
    """The escaped URL of a line's link: a trajectory's link built once per endpoint and anchor with the ID put in
    (one url_for per line was a sixth of the page), any other link by url_for."""
    if r.traject_id and r.args.get("traject_id") == r.traject_id and set(r.args) <= {"traject_id", "_anchor"}:
        key = (r.endpoint, r.args.get("_anchor"))
        if key not in links:
            links[key] = escape(url_for(r.endpoint, traject_id=_PLEK, _anchor=key[1]))
        return links[key].replace(_PLEK, escape(r.traject_id))
    return escape(url_for(r.endpoint, **r.args))


@bp.get("/health")
def health():
    return {"status": "ok"}


@bp.app_errorhandler(access.Verwerkingsstop)
def verwerkingsstop(exc: access.Verwerkingsstop):
    """The one handler of the refusal under a verwerkingsstop, for pages and the API: the refused work is rolled
    back, the attempt is logged and kept (portal/eenheid.py), the answer is 423 with who halted what and why."""
    db.session.rollback()
    exc.leg_vast()
    eenheid.bewaar_bij_weigering()
    if request.path.startswith("/api/"):
        return api_error(exc.code, message=exc.description)
    return render_template("errors/error.html", heading=PAGES[423][0], message=exc.description), exc.code


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    db.session.rollback()  # before the page renders (a failed statement leaves the session unusable)
    status = exc.code or 500
    if status == 429:  # Flask-Limiter's per-address ceiling: say how long, from the limiter's own window
        from portal.auth import limits
        seconds = limits.address_wait()
        if request.path.startswith("/api/"):
            response = api_error(429, message=limits.message(seconds, account=False))
            return response[0], 429, {"Retry-After": str(seconds)}
        return limits.too_many(seconds, account=False)
    if request.path.startswith("/api/"):
        return api_error(status)
    if status == 401:
        return redirect(url_for("security.login", next=request.path))
    heading, message = PAGES.get(status, PAGES[400] if status < 500 else PAGES[500])
    return render_template("errors/error.html", heading=heading, message=message), status


@bp.app_errorhandler(Exception)
def unexpected_error(exc: Exception):
    """Anything unforeseen: roll back, show a Dutch page; the traceback goes to the server log only."""
    from flask import current_app
    current_app.logger.exception("Onverwachte fout", exc_info=exc)
    return http_error(InternalServerError())
