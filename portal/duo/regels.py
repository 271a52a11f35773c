"""DUO's rules as pure functions (no database): the hour buckets of DUO's GevolgdeUren API, `actie` against the
values sent, the verwijtbaar window and the `controles` of interface.md v1.1 "The DUO chain"."""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

ASIEL = "asielstatushouder"
VERWIJTBAAR_MAANDEN = 2  # DUO asks about verwijtbaar from 2 months before termijn_einde

LEERROUTE_DUO = {"b1": "B", "onderwijsroute": "O", "z_route": "Z"}
CONTROLES = ("datum_voor_termijn", "na_zroute", "verwijtbaar_ontbreekt", "periode_over_pip", "map_niet_vereist")


@dataclass(frozen=True)
class Periode:
    onderdeel: str  # taal, map, pvt
    start: date
    eind: date  # inclusive, as delivered
    aanwezig: float


@dataclass(frozen=True)
class Uren:
    participatietaalles: int | None
    bredeintake_taallesknm: int | None
    participatieactiviteiten: int | None
    bekend_tot: date | None
    over_pip: bool  # a taal period spans the PIP-datum: its hours are in neither bucket

    def als_json(self) -> dict:
        return {"participatietaalles": self.participatietaalles,
                "bredeintake_taallesknm": self.bredeintake_taallesknm,
                "participatieactiviteiten": self.participatieactiviteiten,
                "bekend_tot": self.bekend_tot.isoformat() if self.bekend_tot else None}


GEEN_UREN = Uren(None, None, None, None, False)


def hele_uren(uren: float) -> int:
    """Whole hours, rounded down (never more than was attended); sums of 2-decimal hours are rounded first so
    0.1 + 0.2 + 0.7 stays 1."""
    return math.floor(round(uren, 2))


def uren(perioden: Iterable[Periode], doelgroep: str, leerroute: str, pip_datum: date) -> Uren:
    """DUO's buckets of one trajectory: taal in periods starting on or after the PIP-datum counts as
    participatietaalles, taal in periods ending before it as brede intake; MAP + PVT as participatieactiviteiten on
    the Z-route only. A taal period spanning the PIP-datum counts in neither (flagged). Asielstatushouders only."""
    if doelgroep != ASIEL:
        return GEEN_UREN
    zroute = leerroute == "z_route"
    na = voor = activiteiten = 0.0
    over_pip = False
    laatste: date | None = None
    for p in perioden:
        if p.onderdeel == "taal":
            if p.start >= pip_datum:
                na += p.aanwezig
            elif p.eind < pip_datum:
                voor += p.aanwezig
            else:
                over_pip = True
        elif zroute:
            activiteiten += p.aanwezig
        else:
            continue
        laatste = p.eind if laatste is None or p.eind > laatste else laatste
    return Uren(hele_uren(na), hele_uren(voor), hele_uren(activiteiten) if zroute else None,
                laatste + timedelta(days=1) if laatste else None, over_pip)


def actie(huidig: date | None, verzonden: date | None) -> str:
    """What to send to DUO for one result: `huidig` is the date the portal has now (the afgeronde MAP/PVT's datum,
    the Z-route afronding), `verzonden` the date marked as sent (None when DUO has none)."""
    if huidig is not None:
        if verzonden is None:
            return "nieuw"
        return "geen" if huidig == verzonden else "wijzigen"
    return "intrekken" if verzonden is not None else "geen"


def verwijtbaar_toegestaan(waarde: str, termijn_einde: date, dag: date) -> bool:
    """DUO's window: `Ja` only once the termijn has passed (termijn_einde is exclusive), `Nee` only within
    VERWIJTBAAR_MAANDEN months before termijn_einde or after it."""
    if waarde == "Ja":
        return dag >= termijn_einde
    return dag >= termijn_einde - relativedelta(months=VERWIJTBAAR_MAANDEN)


def controles(*, leerroute: str, status: str, termijn_start: date, termijn_einde: date, dag: date,
              map_datum: date | None, pvt_datum: date | None, zroute_datum: date | None,
              map_verwijtbaar: str | None, pvt_verwijtbaar: str | None, over_pip: bool) -> list[str]:
    """The codes of what DUO would refuse, in the order of CONTROLES."""
    codes = []
    datums = [d for d in (map_datum, pvt_datum) if d is not None]
    if any(d < termijn_start for d in datums):
        codes.append("datum_voor_termijn")
    if zroute_datum is not None and any(d > zroute_datum for d in datums):
        codes.append("na_zroute")
    map_vereist = leerroute != "onderwijsroute"
    if status == "actief" and dag >= termijn_einde and (
            (map_vereist and map_datum is None and map_verwijtbaar is None)
            or (pvt_datum is None and pvt_verwijtbaar is None)):
        codes.append("verwijtbaar_ontbreekt")
    if over_pip:
        codes.append("periode_over_pip")
    if not map_vereist and map_datum is not None:
        codes.append("map_niet_vereist")
    return codes
