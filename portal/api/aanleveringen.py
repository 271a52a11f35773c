"""POST /api/v1/aanleveringen: a CSV, ODS or XLSX file (multipart `bestand`, recognised by content) or JSON rows,
through the import service; answers the report of docs/aanleverformaat.md (200 accepted, 422 rejected).

JSON rows come as an object `{"rijen": [...]}` (what the OpenAPI document describes, so that generated clients can
send them: an array body beside a multipart body breaks them) or, as before, as the bare list."""
from flask import request

from portal.api.base import bp, require
from portal.codes import Rol
from portal.errors import ServiceError
from portal.leveringen.service import Aanlevering, importeer


@bp.post("/aanleveringen")
def aanleveren():
    user = require(Rol.aanbieder, message="Alleen een aanbieder levert aan.")
    soort = request.args.get("soort", "")
    if "bestand" in request.files:
        upload = request.files["bestand"]
        aanlevering = Aanlevering(data=upload.read(), bestandsnaam=upload.filename or "aanlevering.csv")
    elif request.is_json:
        aanlevering = Aanlevering(rijen=_rijen(request.get_json(silent=True)))
    else:
        raise ServiceError("ongeldig_verzoek", "Stuur een bestand (multipart-veld 'bestand') of JSON-regels "
                                               '({"rijen": [...]} of een lijst).', status=400)
    rapport, _ = importeer(user, user.organisatie, soort, aanlevering, kanaal="api",
                           gedeeltelijk=request.args.get("gedeeltelijk", "").lower() in ("ja", "true", "1"))
    return rapport.as_dict(), 200 if rapport.accepted else 422


def _rijen(body):
    """The rows of a JSON body: the list inside `{"rijen": [...]}`, or the bare list. Anything else goes to the
    parser as it is, which reports it in its own words."""
    if isinstance(body, dict) and set(body) == {"rijen"}:
        return body["rijen"]
    return body
