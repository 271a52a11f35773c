"""POST /api/v1/aanleveringen: a CSV/XLSX file (multipart `bestand`) or a JSON list of rows, through the import
service; answers the report of aanleverformaat.md (200 accepted, 422 rejected)."""
from flask import request

from portal.api import bp, require
from portal.codes import Rol
from portal.errors import ServiceError
from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer


@bp.post("/aanleveringen")
def aanleveren():
    user = require(Rol.aanbieder, message="Alleen een aanbieder levert aan.")
    soort = request.args.get("soort", "")
    if "bestand" in request.files:
        upload = request.files["bestand"]
        aanlevering = Aanlevering(data=upload.read(), bestandsnaam=upload.filename or "aanlevering.csv")
    elif request.is_json:
        aanlevering = Aanlevering(rijen=request.get_json(silent=True))
    else:
        raise ServiceError("ongeldig_verzoek", "Stuur een bestand (multipart-veld 'bestand') of een JSON-lijst "
                                               "van regels.", status=400)
    rapport, _ = importeer(user, user.organisatie, soort, aanlevering, kanaal="api",
                           gedeeltelijk=request.args.get("gedeeltelijk", "").lower() in ("ja", "true", "1"))
    db.session.commit()
    return rapport.as_dict(), 200 if rapport.accepted else 422
