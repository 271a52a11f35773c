"""The inzage export as a document for the person it is about (AVG art. 12: concise, intelligible, in plain
language): Dutch labels instead of column names, dates as dd-mm-jjjj and times in Dutch local time, code values
spelled out from the code lists, and staff named by role and organisation ("medewerker van Taalcentrum Parkstad
(aanbieder)") instead of by e-mail address. It is built from the same data as the machine-readable JSON
(export.bouw), so the two never disagree; the JSON stays as it is for machines (art. 20).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from dpia.verzoeken.codes import LABELS as VERZOEK_LABELS
from dpia.verzoeken.export import KOPPEN
from portal.codes import LEVERING_LABELS, TRAJECT_LABELS, Actie, Rol, Soort, labels
from portal.extensions import db
from portal.leveringen import kolommen
from portal.models import Organisatie, User
from portal.timeutil import nl_date, nl_datetime, nl_number
from portal.trajecten.velden import VELD_LABELS
from portal.voortgang.signalen import LABELS as _SIGNAAL_LABELS

# Sections in the order a person reads their trajectory: what it is, who does what, what was delivered, what was
# signalled, then who processed it.
VOLGORDE = ["traject", "toewijzing", "aanwezigheid", "toets", "afronding", "duo_registratie", "traject_uren",
            "traject_versie", "levering_historie", "rectificatie", "traject_beperking", "verzoek_traject",
            "datalek_traject", "signalen", "verwerkingslog"]
UITLEG = {
    "traject": "De gegevens van uw inburgeringstraject zoals de gemeente ze heeft vastgelegd.",
    "toewijzing": "Welke organisatie welk onderdeel van uw inburgering uitvoert.",
    "aanwezigheid": "Per periode: hoeveel uur u les had en aanwezig was, zoals de aanbieder heeft doorgegeven.",
    "toets": "Toetsen en examens die de aanbieder heeft doorgegeven.",
    "afronding": "Onderdelen die zijn afgerond of beëindigd.",
    "duo_registratie": "Wat de gemeente aan DUO heeft doorgegeven.",
    "traject_uren": "Totalen van de uren per onderdeel en aanbieder, berekend uit de aanwezigheid.",
    "traject_versie": "Eerdere wijzigingen van uw traject.",
    "levering_historie": "Eerdere versies van gegevens die later zijn verbeterd.",
    "rectificatie": "Gegevens die op uw verzoek zijn gecorrigeerd.",
    "traject_beperking": "Periodes waarin de verwerking van uw gegevens was beperkt.",
    "verzoek_traject": "Uw verzoeken over uw persoonsgegevens.",
    "datalek_traject": "Datalekken waarbij uw gegevens betrokken waren.",
    "signalen": "Aandachtspunten die het portaal op dit moment voor de regisseur van de gemeente toont.",
    "verwerkingslog": "Wie uw gegevens heeft gebruikt, wanneer, wat er gebeurde en waarvoor.",
}
# Headings in the person's terms (the export's own headings where they already are).
KOPPEN_PERSOON = {
    **KOPPEN, "traject_versie": "Wijzigingen van het traject", "verzoek_traject": "Uw verzoeken",
    "datalek_traject": "Datalekken", "signalen": "Aandachtspunten",
    "verwerkingslog": "Wie uw gegevens heeft verwerkt, wanneer en waarom",
}
KOLOMMEN = {
    **VELD_LABELS, **kolommen.labels(),
    "gemeente": "Gemeente", "aanbieder": "Aanbieder", "pip_datum": "Datum PIP (plan inburgering en participatie)",
    "versie": "Versie", "zroute_afronding": "Afronding Z-route", "zroute_gewijzigd_op": "Z-route gewijzigd op",
    "created_at": "Vastgelegd op", "gewijzigd_op": "Laatst gewijzigd op", "gewijzigd_door": "Laatst gewijzigd door",
    "startdatum": "Startdatum", "einddatum": "Einddatum", "door": "Vastgelegd door", "vastgelegd_op": "Vastgelegd op",
    "waarde_datum": "Datum doorgegeven aan DUO", "soort": "Soort gegevens", "waarden": "Gegevens toen",
    "geleverd_door": "Doorgegeven door", "geleverd_op": "Doorgegeven op", "vervangen_door": "Vervangen door",
    "vervangen_op": "Vervangen op", "perioden": "Aantal perioden", "laatste_periode_eind": "Einde laatste periode",
    "laatste_aanlevering": "Laatst doorgegeven op", "type": "Aandachtspunt", "deadline": "Uiterste datum",
    "te_laat": "Te laat", "tijdstip": "Wanneer", "gebruiker": "Wie", "organisatie": "Organisatie", "actie": "Wat",
    "verwerkingsactiviteit_naam": "Waarvoor", "toelichting": "Toelichting", "reden": "Reden",
    "wijzigingen": "Wijzigingen", "veld": "Gegeven", "oude_waarde": "Oude waarde", "nieuwe_waarde": "Nieuwe waarde",
    "gestart_op": "Beperkt sinds", "gestart_door": "Beperkt door", "opgeheven_op": "Opgeheven op",
    "opgeheven_door": "Opgeheven door", "verzoek_id": "Nummer van het verzoek", "organisaties": "Organisaties",
    "verwerkingen": "Aantal verwerkingen", "datalek_id": "Nummer van het datalek",
}
# Internal keys and codes a person has no use for (the organisation behind an *_id is shown by name).
VERBORGEN = {"id", "batch_id", "record_id", "historie_id", "aanbieder_id", "gemeente_id", "traject_id",
             "verwerkingsactiviteit", "activiteit_versie_id"}
VRIJE_TEKST = {"toelichting", "verlengingsgrond", "reden_tekst"}
ACTIES = {Actie.lezen: "Ingezien", Actie.aanmaken: "Aangemaakt", Actie.aanleveren: "Gegevens doorgegeven",
          Actie.wijzigen: "Gewijzigd", Actie.exporteren: "Overzicht gemaakt (export)",
          Actie.beperken: "Verwerking beperkt", Actie.wissen: "Gewist"}
ROLLEN = {Rol.aanbieder: "aanbieder", Rol.regisseur: "regisseur inburgering", Rol.privacy: "privacy officer",
          Rol.beheerder: "beheerder van het portaal"}
_SOORTEN = labels(Soort)  # what was delivered ("Toets"), as on the trajectory page
SIGNAAL_LABELS = {k.value: v for k, v in _SIGNAAL_LABELS.items()}
_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIJDSTIP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


@dataclass
class Record:
    """One row: (label, text) pairs, empty values left out."""
    velden: list[tuple[str, str]]


@dataclass
class Sectie:
    sleutel: str
    kop: str
    uitleg: str
    records: list[Record] = field(default_factory=list)
    kolommen: list[str] = field(default_factory=list)  # for the log: one table with these columns
    rijen: list[list[str]] = field(default_factory=list)


@dataclass
class TrajectDeel:
    traject_id: str
    secties: list[Sectie]


@dataclass
class Document:
    gemeente: str
    verzoek: str
    ontvangen: str
    gemaakt_op: str
    gemaakt_door: str
    toelichting: str
    trajecten: list[TrajectDeel]


class _Namen:
    """Organisations and staff of the export, looked up once: ids and codes become names, e-mail addresses become
    "medewerker van <organisatie> (<rol>)"."""

    def __init__(self, data: dict):
        emails, codes, ids = {data.get("gemaakt_door")}, set(), set()
        for t in data["trajecten"]:
            for value in t.values():
                for row in [value] if isinstance(value, dict) else value if isinstance(value, list) else []:
                    for key, v in row.items():
                        if isinstance(v, str) and _EMAIL.match(v):
                            emails.add(v)
                        elif key in ("aanbieder_id", "gemeente_id") and v is not None:
                            ids.add(v)
                        elif key == "organisatie" and v:
                            codes.add(v)
        emails.discard(None)
        self.users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))} \
            if emails else {}
        orgs = list(db.session.scalars(select(Organisatie).where(
            Organisatie.id.in_(ids) | Organisatie.code.in_(codes)))) if ids or codes else []
        self.per_id = {o.id: o.naam for o in orgs}
        self.per_code = {o.code: o.naam for o in orgs}
        self._codes: dict[str, str] | None = None

    def medewerker(self, email: str | None, organisatie_code: str | None = None) -> str:
        user = self.users.get(email) if email else None
        if user is not None:
            # Every account has its one role (the optional type is for an account without roles, which none is).
            return f"medewerker van {user.organisatie.naam} ({ROLLEN.get(user.rol, user.rol.value)})"  # type: ignore[arg-type, union-attr]
        org = self.per_code.get(organisatie_code or "")
        if org:
            return f"medewerker van {org}"
        return "het portaal (automatisch)" if not email else "een medewerker (het account bestaat niet meer)"

    def zonder_codes(self, tekst: str) -> str:
        """Free text of the log names organisations by code ("toewijzing taal aan TAALKR"): name them."""
        if self._codes is None:
            self._codes = {o.code: o.naam for o in db.session.scalars(select(Organisatie))}
        for org_code, naam in self._codes.items():
            if org_code in tekst:
                tekst = re.sub(rf"\b{re.escape(org_code)}\b", naam, tekst)
        return tekst


def kolom(naam: str) -> str:
    """The Dutch label of a column; a column without one still never shows in snake_case."""
    return KOLOMMEN.get(naam) or naam.replace("_", " ").capitalize()


def code(value: str, kolom_naam: str | None = None) -> str:
    """A code value as the code lists spell it out."""
    if kolom_naam == "actie":
        try:
            return ACTIES[Actie(value)]
        except ValueError:
            pass
    if kolom_naam == "type" and value in SIGNAAL_LABELS:
        return SIGNAAL_LABELS[value]
    if kolom_naam == "soort" and value in _SOORTEN:
        return _SOORTEN[value]
    for table in (TRAJECT_LABELS, LEVERING_LABELS, VERZOEK_LABELS):
        if value in table:
            return table[value]
    return value


def tekst(value, kolom_naam: str, namen: _Namen, organisatie: str | None = None) -> str:
    """One value as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return nl_number(value, 1)
    if isinstance(value, dict):
        return "; ".join(f"{kolom(k)}: {tekst(v, k, namen) or '(leeg)'}" for k, v in value.items()
                         if k not in VERBORGEN)
    if isinstance(value, list):
        return "; ".join(tekst(v, kolom_naam, namen) for v in value)
    value = str(value)
    if _TIJDSTIP.match(value):  # stored timestamps are UTC; a person reads Dutch local time
        return nl_datetime(dt.datetime.fromisoformat(value.removesuffix("Z")).replace(microsecond=0))
    if _DATUM.match(value):
        return nl_date(dt.date.fromisoformat(value))
    if _EMAIL.match(value):
        return namen.medewerker(value, organisatie)
    if kolom_naam in VRIJE_TEKST:
        return namen.zonder_codes(value)
    return code(value, kolom_naam)


def _record(row: dict, namen: _Namen) -> Record:
    velden = []
    for key, value in row.items():
        if key in VERBORGEN:
            continue
        if key in ("aanbieder", "gemeente"):
            org_id: Any = row.get(f"{key}_id")
            velden.append((kolom(key), namen.per_id.get(org_id) or str(value).split(" ", 1)[-1]))
            continue
        waarde = tekst(value, key, namen)
        if waarde:
            velden.append((kolom(key), waarde))
    return Record(velden)


LOG_KOLOMMEN = ["Wanneer", "Wie", "Wat", "Waarvoor", "Toelichting"]


def _log(entries: list[dict], namen: _Namen) -> list[list[str]]:
    return [[tekst(e.get("tijdstip"), "tijdstip", namen),
             namen.medewerker(e.get("gebruiker"), e.get("organisatie")),
             tekst(e.get("actie"), "actie", namen),
             e.get("verwerkingsactiviteit_naam") or "",
             namen.zonder_codes(e.get("toelichting") or "")] for e in entries]


def document(data: dict) -> Document:
    """The readable document of an export made by export.bouw."""
    namen = _Namen(data)
    trajecten = []
    for t in data["trajecten"]:
        sleutels = [k for k in VOLGORDE if k in t] + [k for k in t if k not in VOLGORDE and k != "traject_id"]
        secties = []
        for key in sleutels:
            value = t[key]
            sectie = Sectie(key, KOPPEN_PERSOON.get(key) or kolom(key), UITLEG.get(key, ""))
            if key == "verwerkingslog":
                sectie.kolommen, sectie.rijen = LOG_KOLOMMEN, _log(value or [], namen)
            else:
                rows = [value] if isinstance(value, dict) else (value or [])
                sectie.records = [r for r in (_record(row, namen) for row in rows) if r.velden]
            secties.append(sectie)
        trajecten.append(TrajectDeel(t["traject_id"], secties))
    verzoek = data["verzoek"]
    return Document(
        gemeente=data["gemeente"]["naam"], verzoek=VERZOEK_LABELS.get(verzoek["type"], verzoek["type"]),
        ontvangen=tekst(verzoek["ontvangen"], "ontvangen", namen), gemaakt_op=tekst(data["gemaakt_op"], "", namen),
        gemaakt_door=namen.medewerker(data.get("gemaakt_door")), toelichting=data["toelichting"],
        trajecten=trajecten)
