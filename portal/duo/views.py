"""The regisseur's "DUO" page: the DUO export of the gemeente on screen (filter on `actie` and open `controles`), its
XLSX and CSV, and marking a result as sent. Thin: services.py and export.py do the work."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_security import current_user

from portal import access
from portal.codes import Rol
from portal.downloads import attachment
from portal.duo import bestanden, export, services
from portal.forms import run_service
from portal.voortgang import services as voortgang_services

bp = Blueprint("duo", __name__, url_prefix="/duo")
access.guard_blueprint(bp, Rol.regisseur)

FILTER_LABELS = {"alle": "Alle trajecten", "actie": "Met iets te versturen", "controles": "Met open controles"}
CONTROLE_LABELS = {
    "datum_voor_termijn": "Datum MAP/PVT ligt voor de start van de termijn",
    "na_zroute": "Datum MAP/PVT ligt na de afronding van de Z-route",
    "verwijtbaar_ontbreekt": "Termijn verstreken, MAP of PVT niet afgerond en geen besluit over verwijtbaarheid",
    "periode_over_pip": "Een taalperiode loopt over de PIP-datum: de uren zijn niet te splitsen",
    "map_niet_vereist": "Onderwijsroute: MAP is niet vereist",
}


def _filter() -> str:
    value = request.args.get("filter") or "alle"
    return value if value in services.FILTERS else "alle"


@bp.get("/")
def overzicht():
    filter_ = _filter()
    peildatum, trajecten = services.exporteer(current_user, filter_)
    advies = export.advies(access.visible_trajecten(current_user)) if trajecten else {}
    return render_template("duo/overzicht.html", trajecten=trajecten, peildatum=peildatum, filter=filter_,
                           filter_labels=FILTER_LABELS, controle_labels=CONTROLE_LABELS, advies=advies)


@bp.get("/export.<any(xlsx, csv):formaat>")
def exporteren(formaat: str):
    peildatum, trajecten = services.exporteer(current_user, _filter())
    body = bestanden.xlsx(trajecten, peildatum) if formaat == "xlsx" else bestanden.csv(trajecten)
    return attachment(body, f"duo-export-{current_user.organisatie.code}-{peildatum.isoformat()}.{formaat}")


@bp.post("/trajecten/<traject_id>/verzonden/<onderdeel>")
def verzonden(traject_id: str, onderdeel: str):
    traject = access.get_traject(current_user, traject_id, log=False)
    if onderdeel not in voortgang_services.DUO_ONDERDELEN:
        abort(404)
    verwijtbaar = request.form.get("verwijtbaar") or None
    label = "Z-route" if onderdeel == "zroute" else onderdeel.upper()
    _, status = run_service(None, lambda: voortgang_services.registreer_duo(current_user, traject, onderdeel, None,
                                                                             verwijtbaar),
                            fout=f"{label} van {traject.id} niet als verzonden vastgelegd: ")
    if status == 200:
        flash(f"{label} van {traject.id} is als verzonden naar DUO vastgelegd.", "ok")
    return redirect(url_for("duo.overzicht", filter=request.form.get("filter") or None), 303)
