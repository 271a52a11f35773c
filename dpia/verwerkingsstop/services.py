"""Starting and lifting a verwerkingsstop, the door through which the portal asks whether an activity is halted
(`actieve_stops`), and the report of what was processed under an activity in a period (from the processing log).

Enforcement is not here: portal/access.py refuses reads and writes of trajectory data under a halted activity and
the import service refuses the rows (`traject_beperkt`); both ask `actieve_stops`. Services flush; the caller
commits.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from dpia import activiteiten
from dpia.verwerkingsstop.models import Verwerkingsstop
from portal import access
from portal.codes import Activiteit
from portal.errors import ServiceError, parse_code
from portal.extensions import db
from portal.models import (
    AanleverBatch,
    Aanwezigheid,
    Afronding,
    LeveringHistorie,
    LogEntry,
    Organisatie,
    Toets,
    Traject,
    User,
)
from portal.privacy import WEIGERING  # the toelichting of a logged refusal: the report leaves these out
from portal.timeutil import TIJDZONE, utcnow
from portal.timeutil import nl_datetime as lokaal

# The activities under which trajectory data is processed (the roles' activities in portal.access): only these can
# be halted. Kept in code-list order.
STOPBAAR = (Activiteit.voortgangsrapportage, Activiteit.signalering_regie, Activiteit.gegevensbeschermingsverzoeken)


def actieve_stops(activiteit: Activiteit | str,
                  gemeente_ids: Iterable[int] | None = None) -> dict[int, Verwerkingsstop]:
    """The stops in force on `activiteit`, per gemeente id (all gemeenten when `gemeente_ids` is None)."""
    code = Activiteit(activiteit).value
    query = select(Verwerkingsstop).where(Verwerkingsstop.activiteit == code, Verwerkingsstop.opgeheven_op.is_(None))
    if gemeente_ids is not None:
        ids = {i for i in gemeente_ids if i is not None}
        if not ids:
            return {}
        query = query.where(Verwerkingsstop.gemeente_id.in_(ids))
    # A door the core asks for any gemeente (an aanbieder works for several): across the scope, by its own filter.
    query = query.order_by(Verwerkingsstop.id).execution_options(alle_gemeenten=True)
    return {stop.gemeente_id: stop for stop in db.session.scalars(query)}


# What halts under each activity, as the confirmation says it before a stop starts.
WAT_STOPT = {
    Activiteit.voortgangsrapportage: "De aanbieders kunnen voor deze trajecten niets meer aanleveren, inzien of "
                                     "corrigeren.",
    Activiteit.signalering_regie: "De regisseurs van uw gemeente kunnen deze trajecten niet meer inzien, aanmaken "
                                  "of wijzigen, en er komen geen signalen meer.",
    Activiteit.gegevensbeschermingsverzoeken: "Verzoeken van betrokkenen over deze trajecten kunnen niet meer worden "
                                              "afgehandeld.",
}


@dataclass
class Gevolgen:
    """What a stop on `activiteit` would halt, for the confirmation before it starts."""

    activiteit: Activiteit
    trajecten: int

    @property
    def label(self) -> str:
        return activiteiten.label(self.activiteit.value)

    @property
    def wat_stopt(self) -> str:
        return WAT_STOPT[self.activiteit]


def gevolgen(user: User, activiteit: str, reden: str) -> Gevolgen:
    """Check a stop as `start` would and say what it halts: the activity and how many of the gemeente's
    trajectories. Changes nothing."""
    code = _check_start(user, activiteit, reden)
    aantal = db.session.scalar(select(func.count()).select_from(access.visible_trajecten(user).subquery()))
    return Gevolgen(code, int(aantal or 0))


def _check_start(user: User, activiteit: str, reden: str) -> Activiteit:
    access.vereis_privacy(user)
    code = parse_code(Activiteit, activiteit, "activiteit", "Kies een verwerkingsactiviteit uit de lijst.")
    if code not in STOPBAAR:
        raise ServiceError("waarde_onbekend", "Onder deze activiteit worden geen trajectgegevens verwerkt.",
                           "activiteit")
    if not (reden or "").strip():
        raise ServiceError("verplicht", "Vul de reden van de verwerkingsstop in.", "reden")
    if actieve_stops(code, [user.organisatie_id]):
        raise ServiceError("al_gestopt", "Deze verwerking is al stopgezet.", "activiteit", status=409)
    return code


def start(user: User, activiteit: str, reden: str) -> Verwerkingsstop:
    """Halt an activity for the privacy officer's gemeente, at once."""
    code = _check_start(user, activiteit, reden)
    stop = Verwerkingsstop(gemeente_id=user.organisatie_id, gemeente=user.organisatie, activiteit=code.value,
                           reden=reden.strip(), gestart_op=utcnow(), gestart_door=user.email)
    db.session.add(stop)
    db.session.flush()
    return stop


def hef_op(user: User, stop: Verwerkingsstop, reden: str | None = None) -> Verwerkingsstop:
    """Lift a stop: processing under the activity is allowed again from now. Only the privacy officer does this."""
    access.vereis_privacy(user)
    if not stop.actief:
        raise ServiceError("al_opgeheven", "Deze verwerkingsstop is al opgeheven.", status=409)
    stop.opgeheven_op, stop.opgeheven_door = utcnow(), user.email
    stop.opheffing_reden = (reden or "").strip() or None
    db.session.flush()
    return stop


def lijst(user: User) -> list[Verwerkingsstop]:
    """The gemeente's stops: those in force first, then the lifted ones, newest first."""
    access.vereis_privacy(user)
    stops = db.session.scalars(select(Verwerkingsstop)
                               .order_by(Verwerkingsstop.gestart_op.desc(), Verwerkingsstop.id.desc())).all()
    return sorted(stops, key=lambda s: not s.actief)


def eigen_stop(user: User, stop_id: int) -> Verwerkingsstop:
    """A stop of the privacy officer's own gemeente, else 404."""
    return access.get_privacy_record(user, Verwerkingsstop, stop_id)


# --- the report: what was processed under the activity in a period ---------------------------------------------


@dataclass
class Verwerking:
    """One trajectory processed by one organisation under the activity in the period."""

    traject_id: str
    organisatie: str
    organisatie_naam: str
    acties: list[str]
    aantal: int
    eerste: dt.datetime
    laatste: dt.datetime


@dataclass
class OrganisatieTotaal:
    organisatie: str
    organisatie_naam: str
    trajecten: int = 0
    verwerkingen: int = 0
    gebruikers: set[str] = field(default_factory=set)


@dataclass
class StopRapport:
    stop: Verwerkingsstop
    van: dt.date
    tot: dt.date
    verwerkingen: list[Verwerking]
    organisaties: list[OrganisatieTotaal]

    @property
    def trajecten(self) -> list[str]:
        return sorted({v.traject_id for v in self.verwerkingen})

    def csv_rijen(self) -> list[list[object]]:
        rows: list[list[object]] = [["traject_id", "organisatie", "organisatie_naam", "acties", "aantal", "eerste",
                                     "laatste"]]
        rows += [[v.traject_id, v.organisatie, v.organisatie_naam, ", ".join(v.acties), v.aantal, lokaal(v.eerste),
                  lokaal(v.laatste)] for v in self.verwerkingen]
        return rows


def utc_grenzen(van: dt.date, tot: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period van..tot (whole Dutch calendar days, both included) as naive UTC bounds [start, end). Days beyond
    the years 1900..9998 are clamped to them, so that a date at the calendar's edge (9999-12-31) is a bound, not an
    overflow."""
    van = min(max(van, dt.date(1900, 1, 1)), dt.date(9998, 12, 30))
    tot = min(max(tot, dt.date(1900, 1, 1)), dt.date(9998, 12, 30))

    def utc(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), TIJDZONE).astimezone(dt.UTC).replace(tzinfo=None)
    return utc(van), utc(tot + dt.timedelta(days=1))


def standaard_periode(stop: Verwerkingsstop, vandaag: dt.date) -> tuple[dt.date, dt.date]:
    """Three months before the stop until it was lifted (or today): the period a gemeente is asked about first."""
    gestart = stop.gestart_op.replace(tzinfo=dt.UTC).astimezone(TIJDZONE).date()
    einde = stop.opgeheven_op.replace(tzinfo=dt.UTC).astimezone(TIJDZONE).date() if stop.opgeheven_op else vandaag
    return gestart - dt.timedelta(days=91), max(einde, gestart)


def rapport(user: User, stop: Verwerkingsstop, van: dt.date, tot: dt.date) -> StopRapport:
    """Every trajectory of the gemeente and every organisation that processed it under the stop's activity in the
    period, from the processing log (refused attempts left out). Reading the log is not itself logged: see
    dpia/logboek/services.py."""
    access.vereis_privacy(user)
    verwerkingen, organisaties = verwerkingen_in_periode(user, stop.activiteit, van, tot)
    return StopRapport(stop, van, tot, verwerkingen, organisaties)


def verwerkingen_in_periode(user: User, activiteit: str | None, van: dt.date, tot: dt.date,
                            organisatie: str | None = None, traject_ids: set[str] | None = None,
                            ) -> tuple[list[Verwerking], list[OrganisatieTotaal]]:
    """The affected-processing report of the privacy officer's gemeente, from the processing log: per trajectory and
    organisation what was processed in the period (whole Dutch days), under one activity or all (None), optionally
    by one organisation (code) and limited to some trajectories. Used by the verwerkingsstop report and by the
    datalekken register to find the trajectories a leak touched."""
    access.vereis_privacy(user)
    if tot < van:
        raise ServiceError("datum_ongeldig", "De einddatum van de periode ligt voor de begindatum.", "tot")
    start, end = utc_grenzen(van, tot)
    query = (select(LogEntry.traject_id, LogEntry.organisatie, LogEntry.gebruiker, LogEntry.actie,
                    func.count(), func.min(LogEntry.tijdstip), func.max(LogEntry.tijdstip))
             .where(LogEntry.gemeente == user.organisatie.code, LogEntry.tijdstip >= start, LogEntry.tijdstip < end,
                    LogEntry.traject_id != "",
                    or_(LogEntry.toelichting.is_(None), ~LogEntry.toelichting.startswith(WEIGERING)))
             .group_by(LogEntry.traject_id, LogEntry.organisatie, LogEntry.gebruiker, LogEntry.actie))
    if activiteit:
        query = query.where(LogEntry.verwerkingsactiviteit == Activiteit(activiteit).value)
    if organisatie:
        query = query.where(LogEntry.organisatie == organisatie)
    if traject_ids is not None:
        if not traject_ids:
            return [], []
        query = query.where(LogEntry.traject_id.in_(sorted(traject_ids)))
    rows = db.session.execute(query).all()
    namen = _namen({r[1] for r in rows})
    per_paar: dict[tuple[str, str], dict] = {}
    totalen: dict[str, OrganisatieTotaal] = {}
    for traject_id, organisatie_code, gebruiker, actie, aantal, eerste, laatste in rows:
        paar = per_paar.setdefault((traject_id, organisatie_code),
                                   {"acties": set(), "aantal": 0, "eerste": eerste, "laatste": laatste})
        paar["acties"].add(actie)
        paar["aantal"] += aantal
        paar["eerste"], paar["laatste"] = min(paar["eerste"], eerste), max(paar["laatste"], laatste)
        totaal = totalen.setdefault(organisatie_code,
                                    OrganisatieTotaal(organisatie_code, namen.get(organisatie_code, organisatie_code)))
        totaal.verwerkingen += aantal
        totaal.gebruikers.add(gebruiker)
    trajecten_per_org: dict[str, set] = defaultdict(set)
    verwerkingen = []
    for (traject_id, organisatie_code), paar in sorted(per_paar.items()):
        trajecten_per_org[organisatie_code].add(traject_id)
        verwerkingen.append(Verwerking(traject_id, organisatie_code, namen.get(organisatie_code, organisatie_code),
                                       sorted(paar["acties"]), paar["aantal"], paar["eerste"], paar["laatste"]))
    for organisatie_code, totaal in totalen.items():
        totaal.trajecten = len(trajecten_per_org[organisatie_code])
    return verwerkingen, sorted(totalen.values(), key=lambda t: t.organisatie)


def trajecten_in_batch(user: User, batch_id: int) -> set[str]:
    """The gemeente's trajectories that one upload batch delivered or corrected rows for."""
    access.vereis_privacy(user)
    eigen = access.visible_trajecten(user).with_only_columns(Traject.id)
    ids: set[str] = set()
    for model in (Aanwezigheid, Toets, Afronding, LeveringHistorie):
        ids |= set(db.session.scalars(select(model.traject_id).where(model.batch_id == batch_id,
                                                                     model.traject_id.in_(eigen)).distinct()))
    return ids


def batches_van_gemeente(user: User, limit: int = 200) -> list[AanleverBatch]:
    """Upload batches that hold rows of the gemeente's trajectories, newest first (for choosing one)."""
    access.vereis_privacy(user)
    eigen = access.visible_trajecten(user).with_only_columns(Traject.id)
    ids = set()
    for model in (Aanwezigheid, Toets, Afronding):
        ids |= set(db.session.scalars(select(model.batch_id).where(model.traject_id.in_(eigen)).distinct()))
    if not ids:
        return []
    return list(db.session.scalars(select(AanleverBatch).where(AanleverBatch.id.in_(ids))
                                   .order_by(AanleverBatch.ontvangen_op.desc(), AanleverBatch.id.desc())
                                   .limit(limit)))


def _namen(codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(db.session.execute(select(Organisatie.code, Organisatie.naam).where(Organisatie.code.in_(codes))).all())

