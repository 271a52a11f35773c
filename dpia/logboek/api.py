"""GET /api/v1/verwerkingslog?traject_id=…: the processing log of one trajectory of the caller's gemeente, for its
privacy officer (interface.md); also after the trajectory was erased. Reading the log is not itself logged (see
dpia/logboek/services.py)."""
from flask import request

from dpia.logboek import services as logboek
from portal import access
from portal.api.base import bp, caller
from portal.errors import ServiceError


def entry_json(entry) -> dict:
    return {"tijdstip": entry.tijdstip.isoformat(timespec="seconds") + "Z", "gebruiker": entry.gebruiker,
            "organisatie": entry.organisatie, "actie": entry.actie, "traject_id": entry.traject_id,
            "verwerkingsactiviteit": entry.verwerkingsactiviteit,
            "activiteit_versie_id": getattr(entry, "activiteit_versie_id", None),
            "toelichting": entry.toelichting}


@bp.get("/verwerkingslog")
def verwerkingslog():
    user = access.vereis_privacy(caller())
    traject_id = request.args.get("traject_id", "").strip()
    if not traject_id:
        raise ServiceError("verplicht", "Geef het traject-ID mee: ?traject_id=…", "traject_id", status=400)
    return [entry_json(e) for e in logboek.voor_traject(user, traject_id)]
