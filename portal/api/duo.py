"""API for the DUO chain (interface.md v1.1): the DUO export and the Z-route afronding. Regisseur only; marking a
registration is POST /trajecten/{id}/duo-registratie (portal/api/voortgang.py)."""
from flask import request

from portal import access
from portal.api.base import bp, json_body, json_date, require
from portal.codes import Rol
from portal.downloads import attachment
from portal.duo import bestanden, services
from portal.errors import ServiceError
from portal.voortgang import services as voortgang_services


@bp.get("/duo-export")
def duo_export():
    user = require(Rol.regisseur)
    formaat = request.args.get("formaat") or "json"
    if formaat not in ("json", "xlsx", "csv"):
        raise ServiceError("formaat_onbekend", "Kies formaat json, xlsx of csv.", "formaat", status=400)
    filter_ = request.args.get("filter") or "alle"
    if filter_ not in services.FILTERS:
        raise ServiceError("filter_onbekend", "Kies filter alle, actie of controles.", "filter", status=400)
    peildatum, trajecten = services.exporteer(user, filter_)
    naam = f"duo-export-{peildatum.isoformat()}"
    if formaat == "xlsx":
        return attachment(bestanden.xlsx(trajecten, peildatum), f"{naam}.xlsx")
    if formaat == "csv":
        return attachment(bestanden.csv(trajecten), f"{naam}.csv")
    return {"peildatum": peildatum.isoformat(), "trajecten": trajecten}


@bp.post("/trajecten/<traject_id>/zroute-afronding")
def zroute_afronding(traject_id: str):
    user = require(Rol.regisseur)
    traject = access.get_traject(user, traject_id, log=False)
    datum = json_date(json_body(), "datum")
    voortgang_services.zroute_afronding(user, traject, datum)
    assert traject.zroute_afronding is not None  # the service has just recorded it
    return {"traject_id": traject.id, "datum": traject.zroute_afronding.isoformat()}
