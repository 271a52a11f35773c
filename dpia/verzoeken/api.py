"""/api/v1/verzoeken: data-subject requests for the gemeente's privacy officer (interface.md). Thin: the services in
dpia/verzoeken decide and log; another gemeente's request answers 404, another role 403. The paths are documented
here, next to their handlers, in the shared OpenAPI document."""

from flask import abort

from dpia.verzoeken import services
from dpia.verzoeken.codes import ActieType, VerzoekStatus, VerzoekType, WisGrond, values
from portal import MAX_ID, access
from portal.api.base import bp, caller, json_body, json_date
from portal.api.openapi import DATE, DOCUMENT, _json, _responses
from portal.errors import ServiceError


def _id(value: str) -> int:
    """The path's request id (a plain segment, as the OpenAPI document names it); not a number: 404."""
    if not value.isdigit() or int(value) > MAX_ID:
        abort(404)
    return int(value)


def verzoek_json(verzoek) -> dict:
    return {
        "id": verzoek.id, "type": verzoek.type.value, "status": verzoek.status.value,
        "ontvangen": verzoek.ontvangen.isoformat(), "deadline": verzoek.deadline.isoformat(),
        "oorspronkelijke_deadline": verzoek.oorspronkelijke_deadline.isoformat(),
        "verlengd": verzoek.verlengd_op is not None, "verlenging_reden": verzoek.verlenging_reden,
        "kanaal": verzoek.kanaal.value if verzoek.kanaal else None,
        "identiteit": ({"methode": verzoek.identiteit_methode.value, "door": verzoek.identiteit_door,
                        "op": verzoek.identiteit_op.isoformat() if verzoek.identiteit_op else None}
                       if verzoek.identiteit_methode else None),
        "traject_ids": verzoek.traject_ids,
        "acties": [{"actie": a.actie.value, "grond": a.grond.value if a.grond else None,
                    "aantal_trajecten": a.aantal_trajecten, "samenvatting": a.samenvatting,
                    "uitgevoerd_op": a.uitgevoerd_op.isoformat(timespec="seconds") + "Z",
                    "uitgevoerd_door": a.uitgevoerd_door} for a in verzoek.acties],
        "brief_definitief": verzoek.brief_definitief,
    }


@bp.post("/verzoeken")
def verzoek_aanmaken():
    user = access.vereis_privacy(caller())
    body = json_body()
    ids = body.get("traject_ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ServiceError("verplicht", "Geef traject_ids als lijst van traject-ID's van uw gemeente.", "traject_ids")
    verzoek = services.registreer(user, body.get("type"), json_date(body, "ontvangen", required=False), ids,
                                  kanaal=body.get("kanaal"))
    return verzoek_json(verzoek), 201


@bp.get("/verzoeken/<verzoek_id>")
def verzoek_lezen(verzoek_id: str):
    return verzoek_json(services.eigen_verzoek(access.vereis_privacy(caller()), _id(verzoek_id)))


@bp.post("/verzoeken/<verzoek_id>/acties")
def verzoek_actie(verzoek_id: str):
    user = access.vereis_privacy(caller())
    verzoek = services.eigen_verzoek(user, _id(verzoek_id))
    body = json_body()
    naam = body.get("actie")
    result = services.actie(user, verzoek, naam, body.get("grond"))
    if naam == ActieType.inzage.value:
        return result
    return verzoek_json(verzoek)


_VERZOEK = {
    "type": "object", "required": ["id", "type", "status", "ontvangen", "deadline", "traject_ids", "acties"],
    "properties": {
        "id": {"type": "integer"}, "type": {"type": "string", "enum": values(VerzoekType)},
        "status": {"type": "string", "enum": values(VerzoekStatus)}, "ontvangen": DATE,
        "deadline": {**DATE, "description": "één kalendermaand na ontvangst (AVG art. 12 lid 3), na verlenging "
                                            "twee maanden later"},
        "oorspronkelijke_deadline": DATE, "verlengd": {"type": "boolean"},
        "traject_ids": {"type": "array", "items": {"type": "string"}},
        "acties": {"type": "array", "items": {"type": "object", "properties": {
            "actie": {"type": "string", "enum": values(ActieType)}, "grond": {"type": ["string", "null"]},
            "aantal_trajecten": {"type": "integer"}, "samenvatting": {"type": "string"},
            "uitgevoerd_op": {"type": "string", "format": "date-time"}, "uitgevoerd_door": {"type": "string"}}}},
    },
}
_ID = {"name": "verzoek_id", "in": "path", "required": True, "schema": {"type": "integer"}}

DOCUMENT["paths"]["/verzoeken"] = {
    "post": {
        "summary": "Een verzoek van een betrokkene registreren (privacy)",
        "requestBody": {"required": True, **_json({
            "type": "object", "required": ["type", "ontvangen", "traject_ids"],
            "properties": {"type": {"type": "string", "enum": values(VerzoekType)}, "ontvangen": DATE,
                           "traject_ids": {"type": "array", "items": {"type": "string"},
                                           "description": "trajecten van de eigen gemeente"},
                           "kanaal": {"type": "string"}}})},
        "responses": _responses("201", _VERZOEK, 400, 403, 422),
    },
}
DOCUMENT["paths"]["/verzoeken/{verzoek_id}"] = {
    "get": {"summary": "Een verzoek: status, deadline en acties (privacy)", "parameters": [_ID],
            "responses": _responses("200", _VERZOEK, 403, 404)},
}
DOCUMENT["paths"]["/verzoeken/{verzoek_id}/acties"] = {
    "post": {
        "summary": "Een actie uitvoeren op de trajecten van het verzoek (privacy)",
        "description": "`inzage` antwoordt met de export (JSON); `wissing` vraagt `grond`: `onrechtmatig_verwerkt` "
                       "wist, `niet_meer_nodig` wordt geweigerd met 409 `bewaarplicht` zolang de bewaartermijn "
                       "loopt.",
        "parameters": [_ID],
        "requestBody": {"required": True, **_json({
            "type": "object", "required": ["actie"],
            "properties": {"actie": {"type": "string", "enum": [a for a in values(ActieType) if a != "rectificatie"]},
                           "grond": {"type": "string", "enum": values(WisGrond)}}})},
        "responses": _responses("200", {"oneOf": [_VERZOEK, {"type": "object", "description": "de inzage-export",
                                                              "required": ["verzoek", "trajecten"]}]},
                                400, 403, 404, 409, 422, 423),
    },
}
