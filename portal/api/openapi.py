"""The OpenAPI 3.1 document of /api/v1, built from small helpers so each path stays one readable entry."""
from portal.api import bp
from portal.codes import Doelgroep, Leerroute, Onderdeel, values

ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _responses(ok_status: str, ok_schema: dict, *errors: int) -> dict:
    responses = {ok_status: {"description": "OK", **_json(ok_schema)}}
    for status in (401, *errors):
        responses[str(status)] = {"description": "Fout", **_json(ERROR)}
    return responses


TRAJECT_ID = {"name": "traject_id", "in": "path", "required": True, "schema": {"type": "string"}}
DATE = {"type": "string", "format": "date"}

TRAJECT = {
    "type": "object",
    "required": ["traject_id", "gemeente", "doelgroep", "leerroute", "pip_datum", "status"],
    "properties": {
        "traject_id": {"type": "string"}, "gemeente": {"type": "string"},
        "doelgroep": {"type": "string", "enum": values(Doelgroep)},
        "leerroute": {"type": "string", "enum": values(Leerroute)},
        "pip_datum": DATE, "intensiteit_uren": {"type": ["integer", "null"]},
        "datum_aanbod": {"type": ["string", "null"], "format": "date"}, "status": {"type": "string"},
        "toewijzingen": {"type": "array", "items": {"$ref": "#/components/schemas/Toewijzing"}},
    },
}
TOEWIJZING = {
    "type": "object", "required": ["onderdeel", "aanbieder", "startdatum"],
    "properties": {"onderdeel": {"type": "string", "enum": values(Onderdeel)}, "aanbieder": {"type": "string"},
                   "startdatum": DATE, "einddatum": {"type": ["string", "null"], "format": "date"}},
}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Inburgeringsportaal API", "version": "1.0.0",
             "description": "Aanleveren en opvragen van voortgang onder de Wet inburgering 2021. Nooit een BSN."},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "required": ["error"],
                      "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                                     "field": {"type": "string"}}},
            "Traject": TRAJECT,
            "Rapport": {
                "type": "object", "required": ["status", "soort", "rows", "stored", "errors"],
                "properties": {
                    "status": {"type": "string", "enum": ["accepted", "rejected", "partial"]},
                    "soort": {"type": "string"}, "rows": {"type": "integer"}, "stored": {"type": "integer"},
                    "created": {"type": "integer"}, "corrected": {"type": "integer"},
                    "unchanged": {"type": "integer"}, "stored_lines": {"type": "array", "items": {"type": "integer"}},
                    "errors": {"type": "array", "items": {
                        "type": "object", "required": ["line", "column", "code", "message"],
                        "properties": {"line": {"type": "integer"}, "column": {"type": "string"},
                                       "code": {"type": "string"}, "message": {"type": "string"}}}},
                },
            },
            "Toewijzing": TOEWIJZING,
        },
    },
    "paths": {
        "/aanleveringen": {
            "post": {
                "summary": "Lever aan volgens aanleverformaat v1 (aanbieder): een bestand of JSON-regels",
                "parameters": [
                    {"name": "soort", "in": "query", "required": True,
                     "schema": {"type": "string", "enum": ["aanwezigheid", "toets", "afronding"]}},
                    {"name": "gedeeltelijk", "in": "query", "schema": {"type": "string", "enum": ["ja", "nee"]}}],
                "requestBody": {"required": True, "content": {
                    "multipart/form-data": {"schema": {"type": "object", "required": ["bestand"],
                                                       "properties": {"bestand": {"type": "string",
                                                                                  "format": "binary"}}}},
                    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}},
                "responses": {**_responses("200", {"$ref": "#/components/schemas/Rapport"}, 400, 403, 413),
                              "422": {"description": "Afgewezen: het rapport", **_json(
                                  {"$ref": "#/components/schemas/Rapport"})}},
            },
        },
        "/trajecten": {
            "post": {
                "summary": "Maak een traject aan (regisseur)",
                "requestBody": {"required": True, **_json({
                    "type": "object", "required": ["doelgroep", "leerroute", "pip_datum"],
                    "properties": {"doelgroep": {"type": "string", "enum": values(Doelgroep)},
                                   "leerroute": {"type": "string", "enum": values(Leerroute)},
                                   "pip_datum": DATE, "intensiteit_uren": {"type": "integer", "minimum": 1},
                                   "datum_aanbod": DATE}})},
                "responses": _responses("201", {"type": "object", "required": ["traject_id"],
                                                "properties": {"traject_id": {"type": "string"}}}, 400, 403, 422),
            },
            "get": {
                "summary": "De trajecten die u mag zien",
                "parameters": [{"name": "pagina", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                               {"name": "per_pagina", "in": "query",
                                "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
                "responses": _responses("200", {
                    "type": "object", "required": ["trajecten", "totaal"],
                    "properties": {"trajecten": {"type": "array", "items": {"$ref": "#/components/schemas/Traject"}},
                                   "totaal": {"type": "integer"}, "pagina": {"type": "integer"},
                                   "paginas": {"type": "integer"}}}, 403),
            },
        },
        "/trajecten/{traject_id}": {
            "get": {"summary": "Een traject en zijn toewijzingen", "parameters": [TRAJECT_ID],
                    "responses": _responses("200", {"$ref": "#/components/schemas/Traject"}, 403, 404)},
        },
        "/trajecten/{traject_id}/toewijzingen": {
            "post": {
                "summary": "Wijs een aanbieder toe (regisseur)", "parameters": [TRAJECT_ID],
                "requestBody": {"required": True, **_json({
                    "type": "object", "required": ["aanbieder", "onderdeel", "startdatum"],
                    "properties": {"aanbieder": {"type": "string"},
                                   "onderdeel": {"type": "string", "enum": values(Onderdeel)},
                                   "startdatum": DATE}})},
                "responses": _responses("201", {"$ref": "#/components/schemas/Toewijzing"}, 400, 403, 404, 409, 422),
            },
        },
    },
}


@bp.get("/openapi.json")
def openapi():
    return DOCUMENT
