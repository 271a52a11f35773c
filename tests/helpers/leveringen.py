"""Deliveries in tests: the header of each soort, attendance rows, CSV and XLSX files of rows, the error codes of an
answer, an upload through the aanbieder's page and its last batch (the API's `deliver` fixture is in
tests/integration/conftest.py)."""
from __future__ import annotations

import io

import xlsxwriter
from sqlalchemy import select

from portal.extensions import db
from portal.leveringen import parse
from portal.models import AanleverBatch

HEADER = {
    "aanwezigheid": ["traject_id", "onderdeel", "periode_start", "periode_eind", "uren_gepland", "uren_aanwezig",
                     "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd", "verzuim_reden", "aantal_keer_verzuim"],
    "toets": ["traject_id", "datum", "vaardigheid", "niveau", "resultaat", "score"],
    "afronding": ["traject_id", "onderdeel", "datum", "status", "reden", "verwijtbaar"],
}

COLUMNS = parse.columns("aanwezigheid")


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


def rij(traject_id, **values) -> dict:
    """An aanwezigheid row that is valid on its own (May 2026; the test app's today is 2026-06-15)."""
    return {"traject_id": traject_id, "onderdeel": "taal", "periode_start": "01-05-2026",
            "periode_eind": "31-05-2026", "uren_gepland": "40", "uren_aanwezig": "36,5",
            "uren_verzuim_geoorloofd": "2", "uren_verzuim_ongeoorloofd": "1,5", "verzuim_reden": "ziekte",
            "aantal_keer_verzuim": "2", **values}


def csv_file(*rows: dict, columns=COLUMNS) -> bytes:
    lines = [";".join(columns)] + [";".join(str(row.get(c, "")) for c in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def xlsx_file(*rows: dict, columns=COLUMNS, sheet="aanwezigheid") -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet(sheet)
    for c, name in enumerate(columns):
        ws.write_string(0, c, name)
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(columns):
            ws.write_string(r, c, str(row.get(name, "")))
    book.close()
    return out.getvalue()


def upload(web, data: bytes, soort="aanwezigheid", filename="aanlevering.csv", follow=True):
    return web.post("/aanleveren/", data={"csrf_token": web.csrf_token, "soort": soort,
                                          "bestand": (io.BytesIO(data), filename)},
                    content_type="multipart/form-data", follow_redirects=follow)


def last_batch(aanbieder) -> AanleverBatch:
    return db.session.scalar(select(AanleverBatch).where(AanleverBatch.aanbieder_id == aanbieder.id)
                             .order_by(AanleverBatch.id.desc()).limit(1))
