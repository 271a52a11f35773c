"""API for voortgang (interface.md): the gemeente's open signals, one trajectory's progress, and marking a DUO
registration. Regisseur only."""
from flask import jsonify, request

from portal import access
from portal.api.base import bp, json_body, json_date, require
from portal.codes import Rol
from portal.errors import ServiceError
from portal.timeutil import today
from portal.voortgang import caseload, queries, services, signalen


def _iso(value):
    return value.isoformat() if value else None


@bp.get("/signalen")
def signalen_lijst():
    user = require(Rol.regisseur)
    soort = request.args.get("type") or None
    if soort is not None and soort not in {s.value for s in signalen.SignaalType}:
        raise ServiceError("type_onbekend", "Onbekend signaaltype.", "type", status=400)
    open_ = signalen.bereken(access.visible_trajecten(user), today(), services.instellingen_voor(user.organisatie_id))
    if soort:
        open_ = open_[open_["type"] == soort]
    caseload.log_gelezen(user, open_["traject_id"])
    return jsonify(signalen.als_json(open_))


@bp.get("/trajecten/<traject_id>/voortgang")
def traject_voortgang(traject_id: str):
    user = require(Rol.regisseur)
    traject = access.get_traject(user, traject_id)
    totalen = queries.totalen_per_onderdeel(traject.id)
    taal = next((t["uren_aanwezig"] for t in totalen if t["onderdeel"] == "taal"), 0.0)
    geregistreerd = {r.onderdeel.value: r for r in queries.duo_registraties(traject.id)}
    body = {
        "traject_id": traject.id,
        "leerroute": traject.leerroute.value,
        "intensiteit_uren": traject.intensiteit_uren,
        "taaluren_aanwezig": taal,
        "totalen": totalen,
        "toetsen": [{"datum": t.datum.isoformat(), "vaardigheid": t.vaardigheid.value, "niveau": t.niveau.value,
                     "resultaat": t.resultaat.value, "score": t.score} for t in queries.toetsen(traject.id)],
        "afrondingen": [{"onderdeel": a.onderdeel.value, "datum": a.datum.isoformat(), "status": a.status.value,
                         "reden": a.reden.value if a.reden else None,
                         "verwijtbaar": a.verwijtbaar.value if a.verwijtbaar else None,
                         "duo_geregistreerd": _iso(geregistreerd[a.onderdeel.value].datum)
                         if a.onderdeel.value in geregistreerd else None}
                        for a in queries.afrondingen(traject.id)],
        "signalen": signalen.als_json(caseload.traject_signalen(user, traject, today())),
    }
    return body


@bp.post("/trajecten/<traject_id>/duo-registratie")
def duo_registratie(traject_id: str):
    user = require(Rol.regisseur)
    traject = access.get_traject(user, traject_id, log=False)
    body = json_body()
    onderdeel = body.get("onderdeel")
    if not isinstance(onderdeel, str):
        raise ServiceError("verplicht", "onderdeel is verplicht: map, pvt of zroute.", "onderdeel")
    verwijtbaar = body.get("verwijtbaar")
    if verwijtbaar is not None and not isinstance(verwijtbaar, str):
        raise ServiceError("verwijtbaar_ongeldig", "verwijtbaar is ja of nee.", "verwijtbaar")
    registratie = services.registreer_duo(user, traject, onderdeel, json_date(body, "datum", required=False),
                                          verwijtbaar)
    return {"traject_id": traject.id, "onderdeel": registratie.onderdeel.value,
            "datum": registratie.datum.isoformat(), "door": registratie.door,
            "waarde_datum": registratie.waarde_datum.isoformat() if registratie.waarde_datum else None,
            "verwijtbaar": registratie.verwijtbaar}, 201
