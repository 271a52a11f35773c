"""Retention: which trajectories are past the term of the verwerkingsregister, and erasing them (`portal retention`).

The rule. Only an ended trajectory (status afgerond or beeindigd) can be past its term; an active one never is,
whatever its assignments. The term runs from the end of the inburgeringsplicht (`einde_plicht`, art. 9.9 Besluit
inburgering 2021): it is past its term when einde_plicht plus the term (whole years) lies before today. A trajectory
ended before the portal kept einde_plicht has its term run from the last day anything happened on it: the latest of
its PIP-datum, inburgeringsaanbod, assignment starts and ends, delivered periods, toetsen and afrondingen, and the
last day anything was written about it according to the processing log (created, changed, delivered, restricted;
not reads, not refused attempts), so such an erasure is never early.

The term comes from the register: `bewaartermijn_jaren` of the version in force of the activities that hold
trajectory data (signalering_regie holds the trajectory and its assignments, voortgangsrapportage its deliveries);
the longest applies, since nothing may go while one activity still needs it. A gemeente whose register gives no
term in years has nothing erased. A gemeente with a verwerkingsstop in force on one of those activities has nothing
erased either while the stop lasts: the stop freezes the data for the investigation that caused it.

Erasing removes the trajectory and every row that refers to it (assignments, deliveries, their history, and rows of
any other table with a foreign key to it, found from the schema), and drops the kept copy of rejected uploads that
mention it. The processing log keeps one `wissen` entry per trajectory: that it was erased, when and why, never
what. Nothing is erased without the list: the dry run prints it, `--apply` prints the same list and erases exactly
that.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from dpia.verwerkingsstop.services import WEIGERING, actieve_stops
from portal import verwerkingslog
from portal.codes import Actie, Activiteit, OrganisatieType, TrajectStatus
from portal.extensions import db
from portal.models import Aanwezigheid, Afronding, LogEntry, Organisatie, Toets, Toewijzing, Traject
from portal.timeutil import nl_date
from portal.trajecten.gegevens import wis_trajecten

# The activities under which trajectory data is held; their longest term applies.
ACTIVITEITEN = (Activiteit.signalering_regie, Activiteit.voortgangsrapportage)
# Log actions that write about a trajectory: the last one restarts the term.
SCHRIJVEN = (Actie.aanmaken.value, Actie.wijzigen.value, Actie.aanleveren.value, Actie.beperken.value)
_CHUNK = 500


def termijnen(gemeente_id: int) -> dict[Activiteit, int | None]:
    """The term in years per activity that holds trajectory data, from the version in force of the gemeente's
    register (None where the register has no term in years, or no such activity)."""
    from dpia.register.services import huidige_versie
    result = {}
    for activiteit in ACTIVITEITEN:
        versie = huidige_versie(gemeente_id, activiteit)
        result[activiteit] = versie.bewaartermijn_jaren if versie is not None else None
    return result


def bewaartermijn_jaren(gemeente_id: int) -> int | None:
    """The retention term of a gemeente's trajectories in whole years (the longest of its activities), or None."""
    jaren = [j for j in termijnen(gemeente_id).values() if j is not None]
    return max(jaren) if jaren else None


def plus_jaren(dag: dt.date, jaren: int) -> dt.date:
    """`dag` plus whole years; 29 February becomes 28 February in a year without it."""
    try:
        return dag.replace(year=dag.year + jaren)
    except ValueError:
        return dag.replace(year=dag.year + jaren, day=28)


@dataclass
class Kandidaat:
    """A trajectory past its term, and why."""

    traject_id: str
    gemeente: str             # code
    status: TrajectStatus
    einde: str                # why it counts as ended
    laatste: dt.date          # the last day anything happened on it
    bron: str                 # what happened that day
    jaren: int
    verlopen_op: dt.date      # the last day of the term
    uitgesteld: str | None = None  # why it is not erased now (a verwerkingsstop)

    def waarom(self) -> str:
        vanaf = (f"einde inburgeringsplicht {nl_date(self.laatste)}" if self.bron == "einde inburgeringsplicht"
                 else f"laatste gegevens van {nl_date(self.laatste)} ({self.bron})")
        tekst = f"{self.einde}; {vanaf}; bewaartermijn {self.jaren} jaar, verstreken na {nl_date(self.verlopen_op)}"
        return tekst + (f" — uitgesteld: {self.uitgesteld}" if self.uitgesteld else "")

    def regel(self) -> str:
        return f"{self.gemeente}  {self.traject_id}  {self.waarom()}"


@dataclass
class Plan:
    """What `portal retention` shows: per gemeente its term, and the trajectories past it."""

    dag: dt.date
    termijnen: dict[str, int | None]
    kandidaten: list[Kandidaat]

    @property
    def te_wissen(self) -> list[Kandidaat]:
        return [k for k in self.kandidaten if not k.uitgesteld]

    def regels(self) -> list[str]:
        lines = [f"Bewaartermijnen op {nl_date(self.dag)} (uit het verwerkingsregister):"]
        for code, jaren in sorted(self.termijnen.items()):
            lines.append(f"  {code}: " + (f"{jaren} jaar na het einde van het traject" if jaren is not None else
                                          "geen bewaartermijn in jaren in het register; er wordt niets gewist"))
        if self.kandidaten:
            lines.append(f"Trajecten voorbij de bewaartermijn ({len(self.kandidaten)}):")
            lines += [f"  {k.regel()}" for k in self.kandidaten]
        else:
            lines.append("Geen trajecten voorbij de bewaartermijn.")
        uitgesteld = len(self.kandidaten) - len(self.te_wissen)
        lines.append(f"Te wissen: {len(self.te_wissen)} traject(en)" + (f"; uitgesteld: {uitgesteld}" if uitgesteld
                                                                        else "") + ".")
        return lines


def plan(dag: dt.date) -> Plan:
    """Every trajectory past its term on `dag`, per gemeente, oldest end first. Reads and changes nothing else."""
    gemeenten = db.session.scalars(select(Organisatie).where(Organisatie.type == OrganisatieType.gemeente)
                                   .order_by(Organisatie.code)).all()
    per_gemeente, kandidaten = {}, []
    for gemeente in gemeenten:
        jaren = bewaartermijn_jaren(gemeente.id)
        per_gemeente[gemeente.code] = jaren
        if jaren is None:
            continue
        stops = [s for a in ACTIVITEITEN for s in actieve_stops(a, [gemeente.id]).values()]
        uitgesteld = (f"verwerkingsstop op '{stops[0].activiteit_label}' van kracht" if stops else None)
        for traject_id, status, einde, laatste, bron in _geeindigd(gemeente.id):
            verlopen_op = plus_jaren(laatste, jaren)
            if verlopen_op < dag:
                kandidaten.append(Kandidaat(traject_id, gemeente.code, status, einde, laatste, bron, jaren,
                                            verlopen_op, uitgesteld))
    kandidaten.sort(key=lambda k: (k.gemeente, k.laatste, k.traject_id))
    return Plan(dag, per_gemeente, kandidaten)


def _max_per_traject(column, traject_column, where=None) -> dict[str, dt.date]:
    query = select(traject_column, func.max(column)).group_by(traject_column)
    if where is not None:
        query = query.where(where)
    result = {}
    for traject_id, value in db.session.execute(query):
        if value is not None:
            result[traject_id] = value.date() if isinstance(value, dt.datetime) else value
    return result


def _geeindigd(gemeente_id: int):
    """(traject_id, status, why ended, last day, what happened that day) of the gemeente's ended trajectories."""
    trajecten = db.session.execute(select(Traject.id, Traject.status, Traject.pip_datum, Traject.datum_aanbod,
                                          Traject.einde_plicht, Traject.reden_einde)
                                   .where(Traject.gemeente_id == gemeente_id,
                                          Traject.status.in_([TrajectStatus.afgerond, TrajectStatus.beeindigd]))).all()
    oud = []
    for traject_id, status, pip, aanbod, einde_plicht, reden_einde in trajecten:
        if einde_plicht is not None:
            reden = f", {reden_einde.value}" if reden_einde else ""
            yield traject_id, status, f"status {status.value}{reden}", einde_plicht, "einde inburgeringsplicht"
        else:
            oud.append((traject_id, status, pip, aanbod))
    if oud:
        yield from _geeindigd_zonder_einde(gemeente_id, oud)


def _geeindigd_zonder_einde(gemeente_id: int, trajecten: list):
    """Trajectories ended before einde_plicht was kept: the term runs from the last day anything happened."""
    scope = Traject.gemeente_id == gemeente_id
    in_gemeente = select(Traject.id).where(scope)
    toewijzingen: dict[str, list] = {}
    for traject_id, start, eind in db.session.execute(select(Toewijzing.traject_id, Toewijzing.startdatum,
                                                             Toewijzing.einddatum)
                                                      .where(Toewijzing.traject_id.in_(in_gemeente))):
        toewijzingen.setdefault(traject_id, []).append((start, eind))
    bronnen = {
        "aanwezigheid": _max_per_traject(Aanwezigheid.periode_eind, Aanwezigheid.traject_id,
                                         Aanwezigheid.traject_id.in_(in_gemeente)),
        "toets": _max_per_traject(Toets.datum, Toets.traject_id, Toets.traject_id.in_(in_gemeente)),
        "afronding": _max_per_traject(Afronding.datum, Afronding.traject_id, Afronding.traject_id.in_(in_gemeente)),
    }
    gemeente_code = select(Organisatie.code).where(Organisatie.id == gemeente_id).scalar_subquery()
    bronnen["vastgelegd in het verwerkingslog"] = _max_per_traject(
        LogEntry.tijdstip, LogEntry.traject_id,
        and_(LogEntry.gemeente == gemeente_code, LogEntry.actie.in_(SCHRIJVEN),
             or_(LogEntry.toelichting.is_(None), ~LogEntry.toelichting.startswith(WEIGERING))))
    for traject_id, status, pip, aanbod in trajecten:
        eigen = toewijzingen.get(traject_id, [])
        einde = f"status {status.value}"
        data = [(pip, "PIP-datum")]
        if aanbod:
            data.append((aanbod, "inburgeringsaanbod"))
        data += [(start, "start toewijzing") for start, _ in eigen]
        data += [(eind, "einde toewijzing") for _, eind in eigen if eind]
        data += [(per_traject[traject_id], naam) for naam, per_traject in bronnen.items() if traject_id in per_traject]
        laatste, bron = max(data, key=lambda item: item[0])
        yield traject_id, status, einde, laatste, bron


# --- erasing -----------------------------------------------------------------------------------------------------


def wis(kandidaten: list[Kandidaat]) -> Counter:
    """Erase these trajectories and everything on them; log `wissen` for each (the system acting for the gemeente).
    Flushes; the caller commits once, so a failure erases nothing."""
    geteld: Counter = Counter()
    te_wissen = [k for k in kandidaten if not k.uitgesteld]
    for start in range(0, len(te_wissen), _CHUNK):
        chunk = te_wissen[start:start + _CHUNK]
        ids = [k.traject_id for k in chunk]
        geteld.update(wis_trajecten(ids))
        for gemeente in sorted({k.gemeente for k in chunk}):
            eigen = [k for k in chunk if k.gemeente == gemeente]
            actor = verwerkingslog.Actor(verwerkingslog.SYSTEEM, gemeente)
            for jaren, groep in _per_termijn(eigen).items():
                verwerkingslog.record(actor, Actie.wissen, Activiteit.signalering_regie,
                                      [(k.traject_id, gemeente) for k in groep],
                                      toelichting=f"bewaartermijn van {jaren} jaar verstreken (portal retention)")
    db.session.expire_all()
    return geteld


def _per_termijn(kandidaten: list[Kandidaat]) -> dict[int, list[Kandidaat]]:
    groepen: dict[int, list[Kandidaat]] = {}
    for k in kandidaten:
        groepen.setdefault(k.jaren, []).append(k)
    return groepen
