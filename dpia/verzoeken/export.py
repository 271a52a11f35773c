"""The inzage export (AVG art. 15 and 20): everything held on a request's trajectories and who processed them, as
JSON (machine-readable, also the API answer), as XLSX and as a readable page.

What is held is found from the schema (portal/trajecten/gegevens.py): every table that names a trajectory contributes
its rows under its own name, so a table added later is in the export without a change here. The open signals are
computed, not stored, and are added as the regisseur sees them; the processing log adds who processed the
trajectory, when, and under which activity.
"""
from __future__ import annotations

import base64
import datetime as dt
import enum
import io

from sqlalchemy import select

from dpia.activiteiten import label as activiteit_label
from portal import access
from portal.extensions import db
from portal.models import LogEntry, Organisatie, Traject, User
from portal.spreadsheet import escape_cell, workbook, write_text
from portal.timeutil import nl_datetime as lokaal
from portal.timeutil import today, utcnow

# Readable headings of the tables a trajectory's data lives in (a table without one shows its own name).
KOPPEN = {
    "traject": "Traject", "toewijzing": "Toewijzingen", "aanwezigheid": "Aanwezigheid", "toets": "Toetsen",
    "afronding": "Afrondingen", "levering_historie": "Eerdere versies van aanleveringen",
    "duo_registratie": "DUO-registraties", "traject_uren": "Urentotalen", "signalen": "Open signalen",
    "verwerkingslog": "Verwerkingslogboek: wie verwerkte wat, wanneer en waarom",
    "traject_beperking": "Beperkingen van de verwerking", "verzoek_traject": "Verzoeken van de betrokkene",
    "rectificatie": "Rectificaties",
}
# Columns that only join rows to the trajectory: left out of the per-trajectory rows.
_VERBERG = {"traject_id"}


def waarde(value):
    """A database value as JSON: codes as text, dates as ISO, numbers as numbers, binary as base64."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _organisaties(rows: list[dict]) -> dict[int, Organisatie]:
    ids = {r[k] for r in rows for k in ("aanbieder_id", "gemeente_id") if r.get(k) is not None}
    if not ids:
        return {}
    return {o.id: o for o in db.session.scalars(select(Organisatie).where(Organisatie.id.in_(ids)))}


def _rij(row: dict, orgs: dict[int, Organisatie]) -> dict:
    result = {}
    for key, value in row.items():
        if key in _VERBERG:
            continue
        result[key] = waarde(value)
        if key in ("aanbieder_id", "gemeente_id") and value in orgs:
            result[key.removesuffix("_id")] = f"{orgs[value].code} {orgs[value].naam}"
    return result


def _signalen(user: User, ids: list[str]) -> dict[str, list[dict]]:
    from portal.voortgang import signalen
    from portal.voortgang.services import instellingen_voor
    frame = signalen.bereken(access.visible_trajecten(user).where(Traject.id.in_(ids)), today(),
                             instellingen_voor(user.organisatie_id))
    result: dict[str, list[dict]] = {i: [] for i in ids}
    for s in signalen.als_json(frame) if len(frame) else []:
        result.setdefault(s.pop("traject_id"), []).append(s)
    return result


def _log(gemeente: str, ids: list[str]) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {i: [] for i in ids}
    for e in db.session.scalars(select(LogEntry).where(LogEntry.gemeente == gemeente, LogEntry.traject_id.in_(ids))
                                .order_by(LogEntry.id)):
        result[e.traject_id].append({
            "tijdstip": e.tijdstip.isoformat(timespec="seconds") + "Z", "gebruiker": e.gebruiker,
            "organisatie": e.organisatie, "actie": e.actie, "verwerkingsactiviteit": e.verwerkingsactiviteit,
            "verwerkingsactiviteit_naam": activiteit_label(e.verwerkingsactiviteit),
            "activiteit_versie_id": e.activiteit_versie_id, "toelichting": e.toelichting})
    return result


def bouw(user: User, verzoek, trajecten: list[Traject]) -> dict:
    """The export of these (visible) trajectories for this request; the caller logged it."""
    from portal.trajecten.gegevens import rijen_van
    from portal.voortgang import uren
    uren.bijwerken()  # the hours aggregate is held data too: bring it up to date before it is exported
    ids = [t.id for t in trajecten]
    tabellen = rijen_van(ids)
    orgs = _organisaties([r for _, rows in tabellen.values() for r in rows])
    per_traject: dict[str, dict] = {i: {"traject_id": i} for i in ids}
    for tabel, (kolom, rows) in tabellen.items():
        for i in ids:
            eigen = [r for r in rows if r[kolom] == i]
            if tabel == "traject":
                per_traject[i]["traject"] = _rij(eigen[0], orgs) if eigen else None
            else:
                per_traject[i][tabel] = [_rij(r, orgs) for r in eigen]
    signalen = _signalen(user, ids)
    log = _log(user.organisatie.code, ids)
    for i in ids:
        per_traject[i]["signalen"] = signalen.get(i, [])
        per_traject[i]["verwerkingslog"] = log[i]
    return {
        "verzoek": {"id": verzoek.id, "type": verzoek.type.value, "ontvangen": verzoek.ontvangen.isoformat(),
                    "deadline": verzoek.deadline.isoformat()},
        "gemeente": {"code": user.organisatie.code, "naam": user.organisatie.naam},
        "gemaakt_op": utcnow().isoformat(timespec="seconds") + "Z",
        "gemaakt_door": user.email,
        "toelichting": "Alle gegevens die het inburgeringsportaal over deze trajecten bewaart, en wie ze wanneer "
                       "en waarvoor heeft verwerkt. Het portaal kent geen naam, adres, geboortedatum of BSN: het "
                       "traject-ID is een pseudoniem.",
        "trajecten": [per_traject[i] for i in ids],
    }


def secties(traject: dict) -> list[tuple[str, str, list[str], list[list]]]:
    """(key, heading, columns, rows) per table of one trajectory's export, for the page and the XLSX."""
    result = []
    for key, value in traject.items():
        if key == "traject_id":
            continue
        rows = [value] if isinstance(value, dict) else (value or [])
        kolommen: list[str] = []
        for r in rows:
            kolommen += [k for k in r if k not in kolommen]
        result.append((key, KOPPEN.get(key, key), kolommen, [[_tekst(r.get(k)) for k in kolommen] for r in rows]))
    return result


def _tekst(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        import json
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def xlsx(data: dict) -> bytes:
    """The export as a workbook: a cover sheet, then per trajectory one sheet with each table below the other.
    Every cell is text (never a formula: escape_cell neutralises what a spreadsheet would run)."""
    out = io.BytesIO()
    book = workbook(out)
    bold = book.add_format({"bold": True})
    kop = book.add_format({"bold": True, "font_size": 13})
    voor = book.add_worksheet("verzoek")
    voor.set_column(0, 0, 22)
    voor.set_column(1, 1, 90)
    rows = [("Gemeente", data["gemeente"]["naam"]), ("Verzoek", str(data["verzoek"]["id"])),
            ("Soort", data["verzoek"]["type"]), ("Ontvangen", data["verzoek"]["ontvangen"]),
            ("Gemaakt op", data["gemaakt_op"]), ("Toelichting", data["toelichting"]),
            ("Trajecten", ", ".join(t["traject_id"] for t in data["trajecten"]))]
    for r, (a, b) in enumerate(rows):
        write_text(voor, r, 0, a, bold)
        write_text(voor, r, 1, escape_cell(b))
    for traject in data["trajecten"]:
        sheet = book.add_worksheet(traject["traject_id"][:31])
        sheet.set_column(0, 20, 18)
        r = 0
        for _, heading, kolommen, cellen in secties(traject):
            write_text(sheet, r, 0, heading, kop)
            r += 1
            for c, naam in enumerate(kolommen):
                write_text(sheet, r, c, naam, bold)
            r += 1
            if not cellen:
                write_text(sheet, r, 0, "(geen)")
                r += 1
            for row in cellen:
                for c, value in enumerate(row):
                    write_text(sheet, r, c, escape_cell(value))
                r += 1
            r += 1
    book.close()
    return out.getvalue()


__all__ = ["bouw", "lokaal", "secties", "waarde", "xlsx"]
