"""The OpenAPI 3.1 document of /api/v1, built from small helpers so each path stays one readable entry."""
from typing import Any

from portal.api.base import bp
from portal.codes import (
    Doelgroep,
    ExamenNiveau,
    Leerroute,
    Onderdeel,
    RedenEinde,
    TermijnBron,
    TrajectStatus,
    values,
)

ERROR = {"$ref": "#/components/schemas/Error"}
# What POST /aanleveringen reads from the multipart field `bestand` (recognised by content, not by this type).
SPREADSHEET_TYPES = ("text/csv", "application/vnd.oasis.opendocument.spreadsheet",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _met_bestanden(responses: dict) -> dict:
    """A 200 that is also answered as an XLSX or CSV file (`?formaat=`)."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    responses["200"]["content"].update({
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": binary, "text/csv": binary})
    return responses


def _responses(ok_status: str, ok_schema: dict, *errors: int) -> dict:
    responses = {ok_status: {"description": "OK", **_json(ok_schema)}}
    for status in (401, *errors):
        responses[str(status)] = {"description": "Fout", **_json(ERROR)}
    return responses


TRAJECT_ID = {"name": "traject_id", "in": "path", "required": True, "schema": {"type": "string"}}
DATE = {"type": "string", "format": "date"}

_DATE_OF_NULL = {"type": ["string", "null"], "format": "date"}
# The fields of a trajectory (interface.md v1.1); an aanbieder's view leaves out doelgroep, termijn_*,
# verlengingsgrond and reden_einde.
TRAJECT_VELDEN: dict[str, dict[str, Any]] = {
    "doelgroep": {"type": "string", "enum": values(Doelgroep)},
    "leerroute": {"type": "string", "enum": values(Leerroute)},
    "niveau": {"type": ["string", "null"], "enum": [*values(ExamenNiveau), None],
               "description": "B1 op de B1-route (A2 na afschalen), leeg op de andere routes"},
    "intensiteit_uren": {"type": ["integer", "null"], "description": "alleen asielstatushouder"},
    "datum_aanbod": {**_DATE_OF_NULL, "description": "alleen asielstatushouder"},
    "termijn_start": DATE, "termijn_einde": {**DATE, "description": "exclusief, zoals DUO hem geeft"},
    "verlengingsgrond": {"type": ["string", "null"]},
    "status": {"type": "string", "enum": values(TrajectStatus)},
    "einde_plicht": _DATE_OF_NULL,
    "reden_einde": {"type": ["string", "null"], "enum": [*values(RedenEinde), None]},
}
TRAJECT = {
    "type": "object",
    "required": ["traject_id", "gemeente", "leerroute", "niveau", "pip_datum", "status", "einde_plicht", "versie"],
    "properties": {
        "traject_id": {"type": "string"}, "gemeente": {"type": "string"}, "pip_datum": DATE, **TRAJECT_VELDEN,
        "termijn_bron": {"type": "string", "enum": values(TermijnBron)}, "versie": {"type": "integer"},
        "toewijzingen": {"type": "array", "items": {"$ref": "#/components/schemas/Toewijzing"}},
        "leveringen": {"type": "object", "properties": {
            soort: {"type": "array", "items": {"type": "object"}} for soort in ("aanwezigheid", "toetsen",
                                                                                 "afrondingen")}},
    },
}
TOEWIJZING = {
    "type": "object", "required": ["onderdeel", "aanbieder", "startdatum"],
    "properties": {"onderdeel": {"type": "string", "enum": values(Onderdeel)}, "aanbieder": {"type": "string"},
                   "startdatum": DATE, "einddatum": _DATE_OF_NULL, "reden_einde": {"type": ["string", "null"]}},
}
TRAJECT_VERSIE = {
    "type": "object", "required": ["versie", "tijdstip", "gebruiker", "reden", "wijzigingen"],
    "properties": {"versie": {"type": "integer"}, "tijdstip": {"type": "string", "format": "date-time"},
                   "gebruiker": {"type": "string"}, "reden": {"type": "string"},
                   "wijzigingen": {"type": "object", "description": "per veld [oud, nieuw]",
                                   "additionalProperties": {"type": "array", "minItems": 2, "maxItems": 2,
                                                            "items": {}}}},
}

_TEKST = {"type": ["string", "null"]}
_LIJST = {"type": "array", "items": {"type": "string"}}
VERWERKINGSACTIVITEIT = {
    "type": "object", "description": "Een verwerkingsactiviteit (AVG art. 30) in de geldende versie; veldnamen als de "
                                     "VNG-API voor verwerkingsactiviteiten.",
    "required": ["id", "versieId", "versie", "naam", "status"],
    "properties": {
        "id": {"type": "integer"}, "versieId": {"type": "integer", "description": "Het id waarnaar het "
                                                                                "verwerkingslog verwijst"},
        "versie": {"type": "integer"}, "code": _TEKST, "naam": {"type": "string"}, "doel": _TEKST,
        "grondslag": {"type": ["string", "null"], "enum": ["a", "b", "c", "d", "e", None],
                      "description": "AVG art. 6 lid 1; f is voor een overheidsorgaan uitgesloten"},
        "grondslagArtikel": _TEKST, "verantwoordelijkeBestuursorgaan": _TEKST,
        "categorieenBetrokkenen": _LIJST, "categorieenPersoonsgegevens": _LIJST, "bijzondereCategorieen": _LIJST,
        "uitzonderingArt9": _TEKST, "ontvangers": _LIJST, "verwerkers": _LIJST,
        "doorgifteBuitenEer": {"type": "boolean"},
        "doorgifteWaarborgen": _TEKST, "bewaartermijn": _TEKST, "bewaartermijnJaren": {"type": ["integer", "null"]},
        "beveiligingsmaatregelen": _TEKST, "eigenaar": _TEKST, "dpia": _TEKST,
        "status": {"type": "string", "enum": ["draft", "in_review", "vastgesteld", "vervallen"]},
        "gewijzigdOp": {"type": "string", "format": "date-time"}, "gewijzigdDoor": {"type": "string"},
    },
}

# Voortgang (portal/api/voortgang.py).
SIGNAAL_TYPES = ["ongeoorloofd_verzuim", "duo_registratie", "vertraagde_start", "afschalen_mogelijk",
                 "geen_aanlevering", "leerroute_wissel", "map_pvt_niet_afgerond", "termijn_in_gevaar"]
_DATUM_OF_NULL = {"type": ["string", "null"], "format": "date"}
_UREN = {"type": "number"}
SIGNAAL = {
    "type": "object", "required": ["type", "traject_id", "onderdeel", "datum", "deadline"],
    "properties": {
        "type": {"type": "string", "enum": SIGNAAL_TYPES}, "traject_id": {"type": "string"},
        "onderdeel": {"type": ["string", "null"], "enum": ["taal", "map", "pvt", None]},
        "datum": {**DATE, "description": "De eerste dag waarop de regel geldt"},
        "deadline": {**_DATUM_OF_NULL, "description": "Uiterlijk op deze dag handelen; null als het signaal geen "
                                                      "deadline heeft"},
        "te_laat": {"type": "boolean", "description": "De deadline is verstreken"},
    },
}
VOORTGANG = {
    "type": "object", "required": ["traject_id", "totalen", "toetsen", "afrondingen", "signalen"],
    "properties": {
        "traject_id": {"type": "string"}, "leerroute": {"type": "string", "enum": values(Leerroute)},
        "intensiteit_uren": {"type": ["integer", "null"]}, "taaluren_aanwezig": _UREN,
        "totalen": {"type": "array", "items": {
            "type": "object", "required": ["onderdeel", "perioden", "uren_gepland", "uren_aanwezig",
                                           "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd"],
            "properties": {"onderdeel": {"type": "string", "enum": values(Onderdeel)}, "perioden": {"type": "integer"},
                           "uren_gepland": _UREN, "uren_aanwezig": _UREN, "uren_verzuim_geoorloofd": _UREN,
                           "uren_verzuim_ongeoorloofd": _UREN}}},
        "toetsen": {"type": "array", "items": {
            "type": "object", "properties": {"datum": DATE, "vaardigheid": {"type": "string"},
                                             "niveau": {"type": "string"}, "resultaat": {"type": "string"},
                                             "score": {"type": ["number", "null"]}}}},
        "afrondingen": {"type": "array", "items": {
            "type": "object", "properties": {"onderdeel": {"type": "string"}, "datum": DATE,
                                             "status": {"type": "string"}, "reden": {"type": ["string", "null"]},
                                             "verwijtbaar": {"type": ["string", "null"]},
                                             "duo_geregistreerd": _DATUM_OF_NULL}}},
        "signalen": {"type": "array", "items": {"$ref": "#/components/schemas/Signaal"}},
    },
}

_ACTIE = {"type": "string", "enum": ["nieuw", "wijzigen", "intrekken", "geen"]}
_JA_NEE = {"type": ["string", "null"], "enum": ["Ja", "Nee", None]}
_GETAL_OF_NULL = {"type": ["integer", "null"]}
DUO_TRAJECT = {
    "type": "object",
    "required": ["traject_id", "gemeentecode", "doelgroep_duo", "pip", "aanbod", "uren", "map", "pvt", "zroute",
                 "controles"],
    "properties": {
        "traject_id": {"type": "string"}, "gemeentecode": {"type": "string"},
        "doelgroep_duo": {"type": "string", "enum": ["Asielstatushouder", "Gezinsmigrant en overige migrant"]},
        "pip": {"type": "object", "properties": {
            "dagtekening": DATE, "leerroute": {"type": "string", "enum": ["B", "O", "Z"]},
            "niveau": {"type": ["string", "null"], "enum": ["A2", "B1", None]},
            "geschatte_intensiteit_b1": _GETAL_OF_NULL}},
        "aanbod": {"type": "object", "properties": {"datum": _DATUM_OF_NULL}},
        "uren": {"type": "object", "properties": {
            "participatietaalles": _GETAL_OF_NULL, "bredeintake_taallesknm": _GETAL_OF_NULL,
            "participatieactiviteiten": _GETAL_OF_NULL, "bekend_tot": _DATUM_OF_NULL}},
        "map": {"type": "object", "properties": {"datum_eindgesprek": _DATUM_OF_NULL, "verwijtbaar": _JA_NEE,
                                                 "actie": _ACTIE}},
        "pvt": {"type": "object", "properties": {"datum_ondertekening": _DATUM_OF_NULL, "verwijtbaar": _JA_NEE,
                                                 "actie": _ACTIE}},
        "zroute": {"type": "object", "properties": {"datum_afronding": _DATUM_OF_NULL, "actie": _ACTIE}},
        "controles": {"type": "array", "items": {"type": "string", "enum": [
            "datum_voor_termijn", "na_zroute", "verwijtbaar_ontbreekt", "periode_over_pip", "map_niet_vereist"]}},
    },
}
DUO_EXPORT = {"type": "object", "required": ["peildatum", "trajecten"],
              "properties": {"peildatum": DATE, "trajecten": {"type": "array", "items": DUO_TRAJECT}}}
DOCUMENT: dict[str, Any] = {
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
                    "meer_fouten": {"type": "integer", "description": "errors beyond the first 1,000, left out of "
                                                                      "`errors` (present only when there are any)"},
                },
            },
            "Toewijzing": TOEWIJZING, "TrajectVersie": TRAJECT_VERSIE,
            "Signaal": SIGNAAL,
            "Verwerkingsactiviteit": VERWERKINGSACTIVITEIT,
        },
    },
    "paths": {
        "/aanleveringen": {
            "post": {
                "summary": "Lever aan volgens aanleverformaat v1 (aanbieder): een bestand of JSON-regels",
                "description": "Kolommen, codelijsten, bestandsregels en foutcodes: docs/aanleverformaat.md.",
                "parameters": [
                    {"name": "soort", "in": "query", "required": True,
                     "schema": {"type": "string", "enum": ["aanwezigheid", "toets", "afronding"]}},
                    {"name": "gedeeltelijk", "in": "query", "schema": {"type": "string", "enum": ["ja", "nee"]}}],
                "requestBody": {"required": True, "content": {
                    "multipart/form-data": {"schema": {"type": "object", "required": ["bestand"],
                                                       "properties": {"bestand": {
                                                           "type": "string", "format": "binary",
                                                           "description": "CSV, OpenDocument-spreadsheet (.ods) "
                                                                          "of Excel-werkmap (.xlsx); herkend aan "
                                                                          "de inhoud"}}},
                                            "encoding": {"bestand": {"contentType": ", ".join(SPREADSHEET_TYPES)}}},
                    # An object, not a bare array: generated clients cannot send an array body beside a
                    # multipart one. The bare list is still accepted (interface.md, deliveries v1.1).
                    "application/json": {"schema": {
                        "type": "object", "required": ["rijen"],
                        "description": "De regels; een kale JSON-lijst van regels wordt ook aanvaard.",
                        "properties": {"rijen": {"type": "array", "items": {
                            "type": "object", "additionalProperties": True}}}}}}},
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
                "parameters": [{"name": "pagina", "in": "query",
                                "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000}},
                               {"name": "per_pagina", "in": "query",
                                "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
                "responses": _responses("200", {
                    "type": "object", "required": ["trajecten", "totaal"],
                    "properties": {"trajecten": {"type": "array", "items": {"$ref": "#/components/schemas/Traject"}},
                                   "totaal": {"type": "integer"}, "pagina": {"type": "integer"},
                                   "paginas": {"type": "integer"}}}, 400, 403),
            },
        },
        "/trajecten/{traject_id}": {
            "get": {"summary": "Een traject met al zijn velden, toewijzingen en leveringen", "parameters": [TRAJECT_ID],
                    "responses": _responses("200", {"$ref": "#/components/schemas/Traject"}, 403, 404)},
            "patch": {
                "summary": "Wijzig een traject (regisseur): een nieuwe versie met reden. Weigeringen (422): "
                           "reden_verplicht, leerroute_termijn_verstreken, veld_niet_toegestaan, niveau_ongeldig, "
                           "einde_onvolledig",
                "parameters": [TRAJECT_ID],
                "requestBody": {"required": True, **_json({
                    "type": "object", "required": ["reden"],
                    "properties": {"reden": {"type": "string", "minLength": 1}, **{
                        naam: ({**schema, "type": [schema["type"], "null"]} if isinstance(schema["type"], str)
                               and naam not in ("doelgroep", "leerroute", "status") else schema)
                        for naam, schema in TRAJECT_VELDEN.items()}}})},
                "responses": _responses("200", {"$ref": "#/components/schemas/Traject"}, 400, 403, 404, 422),
            },
        },
        "/trajecten/{traject_id}/historie": {
            "get": {"summary": "De versies van een traject, de oudste eerst (regisseur)", "parameters": [TRAJECT_ID],
                    "responses": _responses("200", {"type": "array",
                                                    "items": {"$ref": "#/components/schemas/TrajectVersie"}},
                                            403, 404)},
        },
        "/trajecten/{traject_id}/toewijzingen/{onderdeel}": {
            "patch": {
                "summary": "Beëindig of verschuif het einde van een toewijzing (regisseur)",
                "parameters": [TRAJECT_ID, {"name": "onderdeel", "in": "path", "required": True,
                                            "schema": {"type": "string", "enum": values(Onderdeel)}}],
                "requestBody": {"required": True, **_json({
                    "type": "object", "required": ["einddatum", "reden"],
                    "properties": {"einddatum": DATE, "reden": {"type": "string", "minLength": 1}}})},
                "responses": _responses("200", {"$ref": "#/components/schemas/Toewijzing"}, 400, 403, 404, 422),
            },
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
        "/signalen": {
            "get": {
                "summary": "De open signalen van uw gemeente (regisseur), de eerste deadline eerst",
                "parameters": [{"name": "type", "in": "query", "schema": {"type": "string", "enum": SIGNAAL_TYPES}}],
                "responses": _responses("200", {"type": "array", "items": {"$ref": "#/components/schemas/Signaal"}},
                                        400, 403),
            },
        },
        "/trajecten/{traject_id}/voortgang": {
            "get": {
                "summary": "Voortgang van een traject (regisseur): uren per onderdeel, toetsen, afrondingen, open "
                           "signalen",
                "parameters": [TRAJECT_ID],
                "responses": _responses("200", VOORTGANG, 403, 404),
            },
        },
        "/trajecten/{traject_id}/duo-registratie": {
            "post": {
                "summary": "Leg vast wat in het DUO-portaal is geregistreerd (regisseur): de afgeronde MAP of PVT, de "
                           "afronding van de Z-route, een intrekking, of voor een niet afgeronde MAP/PVT het besluit "
                           "over verwijtbaarheid; het portaal bewaart de verzonden waarde",
                "parameters": [TRAJECT_ID],
                "requestBody": {"required": True, **_json({
                    "type": "object", "required": ["onderdeel"],
                    "properties": {"onderdeel": {"type": "string", "enum": ["map", "pvt", "zroute"]},
                                   "datum": {**DATE, "description": "Datum van registratie; standaard vandaag"},
                                   "verwijtbaar": {"type": "string", "enum": ["ja", "nee"]}}})},
                "responses": _responses("201", {
                    "type": "object", "required": ["traject_id", "onderdeel", "datum", "door"],
                    "properties": {"traject_id": {"type": "string"}, "onderdeel": {"type": "string"},
                                   "datum": DATE, "door": {"type": "string"}, "waarde_datum": _DATUM_OF_NULL,
                                   "verwijtbaar": {"type": ["string", "null"], "enum": ["Ja", "Nee", None]}}},
                    400, 403, 404, 409, 422),
            },
        },
        "/trajecten/{traject_id}/zroute-afronding": {
            "post": {
                "summary": "Leg de datum van afronding van de Z-route vast (regisseur; alleen Z-route-trajecten)",
                "parameters": [TRAJECT_ID],
                "requestBody": {"required": True, **_json({
                    "type": "object", "required": ["datum"], "properties": {"datum": DATE}})},
                "responses": _responses("200", {
                    "type": "object", "required": ["traject_id", "datum"],
                    "properties": {"traject_id": {"type": "string"}, "datum": DATE}}, 400, 403, 404, 422),
            },
        },
        "/duo-export": {
            "get": {
                "summary": "Alles wat de gemeente-API van DUO nodig heeft, per traject-ID van uw gemeente "
                           "(regisseur); ook als XLSX of CSV. Gelogd als exporteren per traject",
                "parameters": [
                    {"name": "formaat", "in": "query", "schema": {"type": "string", "enum": ["json", "xlsx", "csv"]}},
                    {"name": "filter", "in": "query",
                     "schema": {"type": "string", "enum": ["alle", "actie", "controles"]}}],
                "responses": _met_bestanden(_responses("200", DUO_EXPORT, 400, 403)),
            },
        },
        "/register": {
            "get": {
                "summary": "Het verwerkingsregister van uw gemeente (privacy): per activiteit de geldende versie",
                "responses": _responses("200", {
                    "type": "object", "required": ["verwerkingsverantwoordelijke", "verwerkingsactiviteiten"],
                    "properties": {
                        "verwerkingsverantwoordelijke": {"type": "object", "properties": {
                            "code": {"type": "string"}, "naam": {"type": "string"}}},
                        "gegenereerdOp": {"type": "string", "format": "date-time"},
                        "verwerkingsactiviteiten": {"type": "array", "items": {
                            "$ref": "#/components/schemas/Verwerkingsactiviteit"}}}}, 403),
            },
        },
        "/register/dekking": {
            "get": {
                "summary": "Elk opgeslagen gegeven (tabel.kolom) en de vastgestelde activiteiten die het dekken "
                           "(privacy)",
                "responses": _responses("200", {
                    "type": "object", "required": ["velden", "niet_gedekt"],
                    "properties": {
                        "velden": {"type": "array", "items": {
                            "type": "object", "required": ["veld", "activiteiten"],
                            "properties": {"veld": {"type": "string"}, "activiteiten": _LIJST}}},
                        "niet_gedekt": _LIJST}}, 403),
            },
        },
    },
}

# GET /verwerkingslog (privacy): the processing log of one trajectory of the caller's gemeente.
DOCUMENT["paths"]["/verwerkingslog"] = {
    "get": {
        "summary": "Het verwerkingslog van één traject van uw gemeente (privacy), ook nadat het is gewist",
        "parameters": [{"name": "traject_id", "in": "query", "required": True, "schema": {"type": "string"}}],
        "responses": _responses("200", {"type": "array", "items": {
            "type": "object",
            "required": ["tijdstip", "gebruiker", "organisatie", "actie", "traject_id", "verwerkingsactiviteit"],
            "properties": {
                "tijdstip": {"type": "string", "format": "date-time"},
                "gebruiker": {"type": "string", "description": "e-mailadres, of 'systeem'"},
                "organisatie": {"type": "string", "description": "code van de organisatie van de gebruiker"},
                "actie": {"type": "string", "enum": ["lezen", "aanmaken", "aanleveren", "wijzigen", "exporteren",
                                                     "beperken", "wissen"]},
                "traject_id": {"type": "string"},
                "verwerkingsactiviteit": {"type": "string", "description": "code van de activiteit in het register"},
                "activiteit_versie_id": {"type": ["integer", "null"],
                                         "description": "de registerversie waaronder verwerkt is"},
                "toelichting": {"type": ["string", "null"],
                                "description": "'geweigerd: verwerkingsstop' bij een geweigerde poging"}}}},
            400, 403, 404),
    },
}


@bp.get("/openapi.json")
def openapi():
    return DOCUMENT
