"""The DUO export (interface.md v1.1 "The DUO chain"): per trajectory ID of a scope, everything DUO's gemeente API
needs, with `actie` against the values marked as sent and the `controles`; and the results still to send, for the
duo_registratie signal. A few set-wise queries per scope, then the pure rules of regels.py per trajectory."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Select, select

from portal.codes import AfrondingOnderdeel, AfrondingStatus, Leerroute
from portal.duo import regels
from portal.extensions import db
from portal.models import Aanwezigheid, Afronding, DuoRegistratie, Organisatie, Traject

CHUNK = 2_000


@dataclass
class _Traject:
    traject: Traject
    gemeentecode: str
    perioden: list[regels.Periode] = field(default_factory=list)
    afrondingen: dict[str, Afronding] = field(default_factory=dict)
    registraties: dict[str, DuoRegistratie] = field(default_factory=dict)


def _gegevens(scope: Select) -> list[_Traject]:
    trajecten = list(db.session.execute(
        scope.with_only_columns(Traject, Organisatie.code).join(Organisatie, Organisatie.id == Traject.gemeente_id)
        .order_by(Traject.id)).all())
    # DUO's gemeentecode is the CBS number without its "GM" prefix (4 digits).
    per = {t.id: _Traject(t, code.removeprefix("GM")) for t, code in trajecten}
    ids = list(per)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        a = Aanwezigheid
        for traject_id, onderdeel, begin, eind, aanwezig in db.session.execute(
                select(a.traject_id, a.onderdeel, a.periode_start, a.periode_eind, a.uren_aanwezig)
                .where(a.traject_id.in_(chunk)).order_by(a.traject_id, a.periode_start)):
            per[traject_id].perioden.append(regels.Periode(onderdeel.value, begin, eind, float(aanwezig or 0)))
        for af in db.session.scalars(select(Afronding).where(
                Afronding.traject_id.in_(chunk),
                Afronding.onderdeel.in_([AfrondingOnderdeel.map, AfrondingOnderdeel.pvt]))):
            per[af.traject_id].afrondingen[af.onderdeel.value] = af
        for reg in db.session.scalars(select(DuoRegistratie).where(DuoRegistratie.traject_id.in_(chunk))):
            per[reg.traject_id].registraties[reg.onderdeel.value] = reg
    return list(per.values())


def _afgerond(t: _Traject, onderdeel: str) -> date | None:
    af = t.afrondingen.get(onderdeel)
    return af.datum if af is not None and af.status is AfrondingStatus.afgerond else None


def _verzonden(t: _Traject, onderdeel: str) -> date | None:
    reg = t.registraties.get(onderdeel)
    return reg.waarde_datum if reg is not None else None


def _huidig(t: _Traject, onderdeel: str) -> date | None:
    if onderdeel == "zroute":
        return t.traject.zroute_afronding if t.traject.leerroute.value == "z_route" else None
    return _afgerond(t, onderdeel)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _element(t: _Traject, dag: date) -> dict:
    tr = t.traject
    doelgroep, leerroute = tr.doelgroep.value, tr.leerroute.value
    asiel = doelgroep == regels.ASIEL
    uren = regels.uren(t.perioden, doelgroep, leerroute, tr.pip_datum)
    besluit = {o: (t.registraties[o].verwijtbaar if o in t.registraties else None) for o in ("map", "pvt")}
    map_datum, pvt_datum = _afgerond(t, "map"), _afgerond(t, "pvt")
    zroute_datum = _huidig(t, "zroute")

    def deel(onderdeel: str, veld: str, datum: date | None) -> dict:
        return {veld: _iso(datum), "verwijtbaar": None if datum else besluit[onderdeel],
                "actie": regels.actie(datum, _verzonden(t, onderdeel))}

    return {
        "traject_id": tr.id,
        "gemeentecode": t.gemeentecode,
        "doelgroep_duo": "Asielstatushouder" if asiel else "Gezinsmigrant en overige migrant",
        "pip": {"dagtekening": tr.pip_datum.isoformat(), "leerroute": regels.LEERROUTE_DUO[leerroute],
                "niveau": tr.niveau.value if tr.niveau else None,
                "geschatte_intensiteit_b1": tr.intensiteit_uren if asiel and leerroute == "b1" else None},
        "aanbod": {"datum": _iso(tr.datum_aanbod) if asiel else None},
        "uren": uren.als_json(),
        "map": deel("map", "datum_eindgesprek", map_datum),
        "pvt": deel("pvt", "datum_ondertekening", pvt_datum),
        "zroute": {"datum_afronding": _iso(zroute_datum), "actie": regels.actie(zroute_datum,
                                                                                 _verzonden(t, "zroute"))},
        "controles": regels.controles(
            leerroute=leerroute, status=tr.status.value, termijn_start=tr.termijn_start,
            termijn_einde=tr.termijn_einde, dag=dag, map_datum=map_datum, pvt_datum=pvt_datum,
            zroute_datum=zroute_datum, map_verwijtbaar=besluit["map"], pvt_verwijtbaar=besluit["pvt"],
            over_pip=uren.over_pip),
    }


def bereken(scope: Select, dag: date) -> list[dict]:
    """The export's `trajecten` for every trajectory of `scope` (ordered by traject_id)."""
    return [_element(t, dag) for t in _gegevens(scope)]


def advies(scope: Select) -> dict[str, dict[str, str | None]]:
    """The aanbieder's verwijtbaar per trajectory and onderdeel: shown to the regisseur as advice only."""
    result: dict[str, dict[str, str | None]] = defaultdict(dict)
    for t in _gegevens(scope):
        for onderdeel, af in t.afrondingen.items():
            result[t.traject.id][onderdeel] = af.verwijtbaar.value if af.verwijtbaar else None
    return result


def te_versturen(scope: Select, dag: date) -> pd.DataFrame:
    """Every MAP, PVT or Z-route result of the scope whose `actie` is not `geen`, dated for the duo_registratie
    signal: a result DUO does not have yet by its own date; a change or withdrawal after it was sent by the day of
    that change (so the 10 werkdagen count from the change, on or before `dag`). Columns traject_id, onderdeel,
    datum (datetime64), actie. Reads only the afrondingen, registrations and Z-route afrondingen of the scope (the
    caseload asks this for a whole gemeente)."""
    ids = scope.with_only_columns(Traject.id).scalar_subquery()
    af = Afronding
    huidig: dict[tuple[str, str], tuple[date | None, datetime | None]] = {}
    datum: date | None
    gewijzigd: datetime | None
    for traject_id, onderdeel, datum, status, gewijzigd in db.session.execute(
            select(af.traject_id, af.onderdeel, af.datum, af.status, af.gewijzigd_op)
            .where(af.traject_id.in_(ids), af.onderdeel.in_([AfrondingOnderdeel.map, AfrondingOnderdeel.pvt]))):
        huidig[(traject_id, onderdeel.value)] = (datum if status is AfrondingStatus.afgerond else None, gewijzigd)
    for traject_id, datum, gewijzigd in db.session.execute(
            select(Traject.id, Traject.zroute_afronding, Traject.zroute_gewijzigd_op)
            .where(Traject.id.in_(ids), Traject.zroute_gewijzigd_op.is_not(None))
            .where(Traject.leerroute == Leerroute.z_route)):
        huidig[(traject_id, "zroute")] = (datum, gewijzigd)
    verzonden = {(r.traject_id, r.onderdeel.value): r for r in db.session.scalars(
        select(DuoRegistratie).where(DuoRegistratie.traject_id.in_(ids)))}
    rows = []
    for key in sorted(set(huidig) | set(verzonden)):
        datum, gewijzigd = huidig.get(key, (None, None))
        registratie = verzonden.get(key)
        soort = regels.actie(datum, registratie.waarde_datum if registratie else None)
        if soort == "geen":
            continue
        if registratie is None:
            dag_van = datum
        elif gewijzigd is not None:  # a change after sending: dated by the change, never later than `dag`
            dag_van = min(gewijzigd.date(), dag)
        else:
            dag_van = registratie.datum
        rows.append((*key, dag_van, soort))
    frame = pd.DataFrame(rows, columns=["traject_id", "onderdeel", "datum", "actie"])
    frame["datum"] = pd.to_datetime(frame["datum"])
    return frame
