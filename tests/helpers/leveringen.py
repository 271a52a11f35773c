"""Deliveries in tests: the header of each soort, an attendance row, a CSV file of rows, the error codes of an
answer (the API's `deliver` fixture is in tests/integration/conftest.py)."""
from __future__ import annotations

HEADER = {
    "aanwezigheid": ["traject_id", "onderdeel", "periode_start", "periode_eind", "uren_gepland", "uren_aanwezig",
                     "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd", "verzuim_reden", "aantal_keer_verzuim"],
    "toets": ["traject_id", "datum", "vaardigheid", "niveau", "resultaat", "score"],
    "afronding": ["traject_id", "onderdeel", "datum", "status", "reden", "verwijtbaar"],
}


def aanwezig(traject_id, start="2026-03-01", eind="2026-03-31", gepland="40", aanwezig_="30", geoorloofd="4",
             ongeoorloofd="2", reden="ziekte", keer="2", onderdeel="taal"):
    return {"traject_id": traject_id, "onderdeel": onderdeel, "periode_start": start, "periode_eind": eind,
            "uren_gepland": gepland, "uren_aanwezig": aanwezig_, "uren_verzuim_geoorloofd": geoorloofd,
            "uren_verzuim_ongeoorloofd": ongeoorloofd, "verzuim_reden": reden, "aantal_keer_verzuim": keer}


def csv_bytes(soort, rows, header=None, sep=";"):
    header = header or HEADER[soort]
    lines = [sep.join(header)] + [sep.join(str(r.get(c, "")) for c in header) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def codes(response):
    return [(e["line"], e["column"], e["code"]) for e in response.json["errors"]]
