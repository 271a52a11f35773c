"""API for trajectories and assignments (interface.md)."""

from flask import request

from portal import access
from portal.api import bp, json_body, json_date, require
from portal.codes import Rol
from portal.errors import ServiceError
from portal.extensions import db
from portal.models import Toewijzing, Traject
from portal.trajecten import services


def _int(body: dict, name: str) -> int | None:
    value = body.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise ServiceError("getal_ongeldig", f"{name} moet een geheel getal zijn.", name)
    return int(value)


def toewijzing_json(t: Toewijzing) -> dict:
    return {"onderdeel": t.onderdeel.value, "aanbieder": t.aanbieder.code, "startdatum": t.startdatum.isoformat(),
            "einddatum": t.einddatum.isoformat() if t.einddatum else None}


def traject_json(t: Traject, toewijzingen: list[Toewijzing] | None = None) -> dict:
    body = {"traject_id": t.id, "gemeente": t.gemeente.code, "doelgroep": t.doelgroep.value,
            "leerroute": t.leerroute.value, "pip_datum": t.pip_datum.isoformat(),
            "intensiteit_uren": t.intensiteit_uren,
            "datum_aanbod": t.datum_aanbod.isoformat() if t.datum_aanbod else None, "status": t.status.value}
    if toewijzingen is not None:
        body["toewijzingen"] = [toewijzing_json(x) for x in toewijzingen]
    return body


MAX_PAGINA = 1_000_000


@bp.post("/trajecten")
def create_traject():
    user = require(Rol.regisseur)
    body = json_body()
    for name in ("doelgroep", "leerroute"):
        if not isinstance(body.get(name), str):
            raise ServiceError("verplicht", f"{name} is verplicht.", name)
    traject = services.create_traject(user, services.NieuwTraject(
        doelgroep=body["doelgroep"], leerroute=body["leerroute"], pip_datum=json_date(body, "pip_datum"),
        intensiteit_uren=_int(body, "intensiteit_uren"),
        datum_aanbod=json_date(body, "datum_aanbod", required=False)))
    db.session.commit()
    return {"traject_id": traject.id}, 201


@bp.get("/trajecten")
def list_trajecten():
    user = require(Rol.regisseur, Rol.aanbieder)
    page = request.args.get("pagina", 1, type=int)
    per_page = min(request.args.get("per_pagina", 500, type=int), 1000)
    if not 1 <= page <= MAX_PAGINA or per_page < 1:
        # A huge page number overflowed the database's OFFSET, per_pagina=0 divided by zero (both a 500).
        raise ServiceError("ongeldig_verzoek", f"pagina moet tussen 1 en {MAX_PAGINA} liggen, per_pagina tussen 1 "
                                               "en 1000.", "pagina", status=400)
    result = access.list_trajecten(user, page=page, per_page=per_page)
    db.session.commit()
    return {"trajecten": [traject_json(t) for t in result.items], "totaal": result.total, "pagina": result.page,
            "paginas": result.pages}


@bp.get("/trajecten/<traject_id>")
def get_traject(traject_id: str):
    user = require(Rol.regisseur, Rol.aanbieder)
    traject = access.get_traject(user, traject_id)
    body = traject_json(traject, access.zichtbare_toewijzingen(user, traject))
    db.session.commit()
    return body


@bp.post("/trajecten/<traject_id>/toewijzingen")
def toewijzen(traject_id: str):
    user = require(Rol.regisseur)
    body = json_body()
    traject = access.get_traject(user, traject_id, log=False)
    toewijzing = services.toewijzen(user, traject, str(body.get("aanbieder", "")),
                                    str(body.get("onderdeel", "")), json_date(body, "startdatum"))
    db.session.commit()
    return toewijzing_json(toewijzing), 201

