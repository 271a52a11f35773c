"""API for trajectories and assignments (interface.md)."""

from flask import request

from portal import access
from portal.api.base import bp, json_body, json_date, require
from portal.codes import Rol
from portal.errors import ServiceError
from portal.leveringen.parse import COLUMNS
from portal.models import Toewijzing, Traject
from portal.trajecten import services
from portal.trajecten.services import json_waarde

# What an aanbieder's view of a trajectory leaves out (interface.md v1.1): it needs none of it.
ALLEEN_GEMEENTE = ("doelgroep", "termijn_start", "termijn_einde", "termijn_bron", "verlengingsgrond", "reden_einde")
VELDEN = ("traject_id", "gemeente", "doelgroep", "leerroute", "niveau", "pip_datum", "intensiteit_uren",
          "datum_aanbod", "termijn_start", "termijn_einde", "termijn_bron", "verlengingsgrond", "status",
          "einde_plicht", "reden_einde", "versie")


def _int(body: dict, name: str) -> int | None:
    value = body.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise ServiceError("getal_ongeldig", f"{name} moet een geheel getal zijn.", name)
    return int(value)


def toewijzing_json(t: Toewijzing) -> dict:
    return {"onderdeel": t.onderdeel.value, "aanbieder": t.aanbieder.code, "startdatum": t.startdatum.isoformat(),
            "einddatum": t.einddatum.isoformat() if t.einddatum else None, "reden_einde": t.reden_einde}


def traject_json(t: Traject, toewijzingen: list[Toewijzing] | None = None, *, aanbieder: bool = False) -> dict:
    """Every field of interface.md v1.1; an aanbieder's view without what only the gemeente needs."""
    body = {veld: json_waarde(t.id if veld == "traject_id" else t.gemeente.code if veld == "gemeente"
                              else getattr(t, veld))
            for veld in VELDEN if not (aanbieder and veld in ALLEEN_GEMEENTE)}
    if toewijzingen is not None:
        body["toewijzingen"] = [toewijzing_json(x) for x in toewijzingen]
    return body


def leveringen_json(leveringen: dict[str, list]) -> dict:
    """The delivery records per soort with the columns of aanleverformaat v1 (access.zichtbare_leveringen decides
    which records the caller sees)."""
    namen = {"aanwezigheid": "aanwezigheid", "toets": "toetsen", "afronding": "afrondingen"}
    return {namen[soort]: [{kolom: json_waarde(getattr(r, kolom)) if kolom != "traject_id" else r.traject_id
                            for kolom, _ in COLUMNS[soort]} | {"versie": r.versie} for r in records]
            for soort, records in leveringen.items()}


def historie_json(versie) -> dict:
    return {"versie": versie.versie, "tijdstip": versie.tijdstip.isoformat(timespec="seconds") + "Z",
            "gebruiker": versie.gebruiker, "reden": versie.reden, "wijzigingen": versie.wijzigingen}


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
    aanbieder = user.rol is Rol.aanbieder
    # An aanbieder's list is its open work: ended trajectories leave it (the gemeente keeps seeing them).
    filters = {"status": "actief"} if aanbieder else None
    result = access.list_trajecten(user, filters=filters, page=page, per_page=per_page)
    return {"trajecten": [traject_json(t, aanbieder=aanbieder) for t in result.items], "totaal": result.total,
            "pagina": result.page, "paginas": result.pages}


@bp.get("/trajecten/<traject_id>")
def get_traject(traject_id: str):
    user = require(Rol.regisseur, Rol.aanbieder)
    traject = access.get_traject(user, traject_id)
    body = traject_json(traject, access.zichtbare_toewijzingen(user, traject), aanbieder=user.rol is Rol.aanbieder)
    body["leveringen"] = leveringen_json(access.zichtbare_leveringen(user, traject))
    return body


@bp.patch("/trajecten/<traject_id>")
def wijzig_traject(traject_id: str):
    user = require(Rol.regisseur)
    body = json_body()
    traject = access.get_traject(user, traject_id, log=False)
    gevraagd = {veld: value for veld, value in body.items() if veld != "reden"}
    reden = body.get("reden")
    services.wijzig_traject(user, traject, gevraagd, reden if isinstance(reden, str) else None)
    result = traject_json(traject, list(traject.toewijzingen))
    return result


@bp.get("/trajecten/<traject_id>/historie")
def traject_historie(traject_id: str):
    user = require(Rol.regisseur)
    traject = access.get_traject(user, traject_id)
    result = [historie_json(v) for v in traject.versies]
    return result


@bp.patch("/trajecten/<traject_id>/toewijzingen/<onderdeel>")
def wijzig_toewijzing(traject_id: str, onderdeel: str):
    user = require(Rol.regisseur)
    body = json_body()
    traject = access.get_traject(user, traject_id, log=False)
    reden = body.get("reden")
    toewijzing = services.beeindig_toewijzing(user, traject, onderdeel, json_date(body, "einddatum"),
                                              reden if isinstance(reden, str) else None)
    result = toewijzing_json(toewijzing)
    return result


@bp.post("/trajecten/<traject_id>/toewijzingen")
def toewijzen(traject_id: str):
    user = require(Rol.regisseur)
    body = json_body()
    traject = access.get_traject(user, traject_id, log=False)
    toewijzing = services.toewijzen(user, traject, str(body.get("aanbieder", "")),
                                    str(body.get("onderdeel", "")), json_date(body, "startdatum"))
    return toewijzing_json(toewijzing), 201

