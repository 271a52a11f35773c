"""The register as it is published: JSON with the VAR field names and an XLSX sheet with one row per activity.
Both show each activity's version in force; the published register holds only what is vastgesteld.

Every text cell goes through portal.spreadsheet.write_text, so no register text becomes a spreadsheet formula.
"""
import io
from datetime import datetime

from dpia.register.codes import (
    VELDEN,
    Bestuursorgaan,
    BijzondereCategorie,
    Grondslag,
    RegisterStatus,
)
from dpia.register.models import ActiviteitVersie, Verwerkingsactiviteit
from portal.models import Organisatie
from portal.spreadsheet import workbook, write_text


def regels(tekst: str | None) -> list[str]:
    """A stored one-per-line text as a list."""
    return [regel.strip() for regel in (tekst or "").splitlines() if regel.strip()]


def versie_json(activiteit: Verwerkingsactiviteit, versie: ActiviteitVersie) -> dict:
    """One activity version with the VAR field names; codes as codes (grondslag letter, bestuursorgaan, status)."""
    body = {"id": activiteit.id, "versieId": versie.id, "versie": versie.versie, "code": activiteit.code}
    for veld in VELDEN:
        value = getattr(versie, veld.kolom)
        if veld.lijst:
            value = regels(value)
        elif hasattr(value, "value"):
            value = value.value
        elif veld.kolom == "bijzondere_categorieen":
            value = list(value or [])
        body[veld.var] = value
    body.update({"status": versie.status.value, "gewijzigdOp": _utc(versie.gewijzigd_op),
                 "gewijzigdDoor": versie.gewijzigd_door})
    return body


def _utc(value: datetime) -> str:
    """A stored naive-UTC timestamp as an RFC 3339 date-time (what the API document promises)."""
    return value.isoformat(timespec="seconds") + "Z"


def register_json(gemeente: Organisatie, activiteiten: list[Verwerkingsactiviteit], gemaakt_op: datetime,
                  alleen_vastgesteld: bool) -> dict:
    """The register of a gemeente: each activity's version in force (only vastgestelde ones when publishing)."""
    versies = [(a, a.geldende) for a in activiteiten]
    if alleen_vastgesteld:
        versies = [(a, v) for a, v in versies if v.status is RegisterStatus.vastgesteld]
    return {"verwerkingsverantwoordelijke": {"code": gemeente.code, "naam": gemeente.naam},
            "gegenereerdOp": _utc(gemaakt_op),
            "verwerkingsactiviteiten": [versie_json(a, v) for a, v in versies]}


def _tekst(veld, value) -> str:
    """A field as a person reads it in the spreadsheet."""
    if value is None:
        return ""
    if veld.kolom == "grondslag":
        return Grondslag(value).label
    if veld.kolom == "verantwoordelijke_bestuursorgaan":
        return Bestuursorgaan(value).label
    if veld.kolom == "bijzondere_categorieen":
        return "\n".join(BijzondereCategorie(c).label for c in value) or "Geen"
    if veld.kolom == "doorgifte_buiten_eer":
        return "Ja" if value else "Nee"
    return str(value)


def register_xlsx(gemeente: Organisatie, activiteiten: list[Verwerkingsactiviteit], gemaakt_op: datetime) -> bytes:
    """The publishable register: a title, then one row per vastgestelde activity with the art. 30 columns."""
    out = io.BytesIO()
    book = workbook(out)
    sheet = book.add_worksheet("Verwerkingsregister")
    titel = book.add_format({"bold": True, "font_size": 14})
    kop = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    cel = book.add_format({"text_wrap": True, "valign": "top"})
    kolommen = ["ID", "Versie", *(veld.label for veld in VELDEN), "Status", "Gewijzigd op"]
    write_text(sheet, 0, 0, f"Verwerkingsregister {gemeente.naam} (AVG art. 30)", titel)
    write_text(sheet, 1, 0, f"Vastgestelde verwerkingsactiviteiten, stand {gemaakt_op:%d-%m-%Y %H:%M} UTC")
    for positie, naam in enumerate(kolommen):
        write_text(sheet, 3, positie, naam, kop)
        sheet.set_column(positie, positie, 8 if positie < 2 else 40)
    rij = 4
    for activiteit in activiteiten:
        versie = activiteit.geldende
        if versie.status is not RegisterStatus.vastgesteld:
            continue
        sheet.write_number(rij, 0, activiteit.id, cel)
        sheet.write_number(rij, 1, versie.versie, cel)
        for positie, veld in enumerate(VELDEN, start=2):
            value = getattr(versie, veld.kolom)
            if veld.kolom == "bewaartermijn_jaren" and value is not None:
                sheet.write_number(rij, positie, value, cel)
            else:
                write_text(sheet, rij, positie, _tekst(veld, value), cel)
        write_text(sheet, rij, len(VELDEN) + 2, RegisterStatus(versie.status).label, cel)
        write_text(sheet, rij, len(VELDEN) + 3, f"{versie.gewijzigd_op:%d-%m-%Y %H:%M}", cel)
        rij += 1
    sheet.freeze_panes(4, 2)
    book.close()
    return out.getvalue()
