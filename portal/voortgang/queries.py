"""The voortgang feature's set-wise reads, each one query over all trajectories in a scope, returned as DataFrames.

Every query starts from a scope: `access.visible_trajecten(user)`, maybe narrowed by the caseload filters
(`gefilterd`). Nothing here loops over trajectories with a query per row; the caller decides what is shown, and logs
those reads through access.py.
"""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import (
    CompoundSelect,
    Float,
    Select,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY

from portal import access
from portal.codes import AfrondingOnderdeel, AfrondingStatus, Onderdeel
from portal.extensions import db
from portal.models import Aanwezigheid, Afronding, DuoRegistratie, Organisatie, Toets, Toewijzing, Traject
from portal.models.voortgang import TrajectUren

CHUNK = 2_000  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits

TRAJECT_KOLOMMEN = ["traject_id", "leerroute", "doelgroep", "status", "pip_datum", "intensiteit", "datum_aanbod",
                    "perioden", "gepland", "aanwezig", "geoorloofd", "ongeoorloofd", "taal_aanwezig", "taal_tot",
                    "laatste_aanlevering", "niveau", "termijn_start", "termijn_einde"]
UREN = ["gepland", "aanwezig", "geoorloofd", "ongeoorloofd", "taal_aanwezig"]


@dataclass(frozen=True)
class Filters:
    """The caseload filters that narrow the scope in SQL (the signal filter works on the computed signals)."""

    zoek: str | None = None
    leerroute: str | None = None
    doelgroep: str | None = None
    status: str | None = None
    aanbieder: int | None = None


def gefilterd(scope: Select, filters: Filters | None) -> Select:
    """The scope narrowed by the filters on trajectory fields and assignments."""
    if filters is None:
        return scope
    if filters.zoek:
        scope = scope.where(access.traject_id_bevat(filters.zoek))
    for name in ("leerroute", "doelgroep", "status"):
        value = getattr(filters, name)
        if value:
            scope = scope.where(getattr(Traject, name) == value)
    if filters.aanbieder:
        scope = scope.where(exists().where(Toewijzing.traject_id == Traject.id,
                                           Toewijzing.aanbieder_id == filters.aanbieder))
    return scope


def _ids(scope: Select):
    """The trajectory ids of a scope, as a subquery for IN (...)."""
    return scope.with_only_columns(Traject.id).scalar_subquery()


def _value(x):
    return getattr(x, "value", x)


def _tekst(column):
    """A date, timestamp or code column read as its text ("2026-05-31", "taal"): thousands of rows then skip the
    per-value conversions of the driver and SQLAlchemy, and pandas parses the dates at once."""
    return cast(column, String)


@contextmanager
def _zonder_gc():
    """Thousands of short-lived row tuples would each be tracked by the cyclic garbage collector and, surviving a
    young collection while the frame is built, promote a full collection of the whole process heap (tens of
    milliseconds) on nearly every caseload. They hold no cycles, so reference counting frees them; pause the
    collector while they exist."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _frame(query, columns: list[str], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows of a query as a frame, built column-wise (pandas is slow on SQLAlchemy Row objects); `dates` are
    parsed from ISO text to datetime64 (NaT for missing)."""
    with _zonder_gc():
        rows = db.session.connection().execute(query).all()  # Core: no ORM row bookkeeping for plain columns
        data = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
        del rows
        # One 2-D object array: pandas builds a frame from it in one block, where a dict of object Series costs it
        # ~0.3 ms per column — more than the query itself for the few rows of a trajectory page.
        cells = np.empty((len(data[0]) if data else 0, len(columns)), dtype=object)
        for i, values in enumerate(data):
            cells[:, i] = np.fromiter(values, dtype=object, count=len(values))
        frame = pd.DataFrame(cells, columns=columns, dtype=object)  # no inference (pandas 3 would make str columns)
    for name in dates:
        frame[name] = _datums(frame[name])
    return frame


SMALL = 256  # rows up to which ISO text is parsed by numpy (exactly as pandas would), beyond which pandas is faster
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)?")


def _datums(column: pd.Series) -> pd.Series:
    """ISO date/timestamp text (None for missing) as datetime64: `pd.to_datetime(format="ISO8601")`, whose fixed cost
    (~0.2 ms a column) dominates small frames; for those, numpy parses the same text to the same values and unit
    (microseconds, or seconds when every value is missing), and anything else (a time zone, nanoseconds, an invalid
    date) goes to pandas as before."""
    values = column.to_numpy()
    if len(values) <= SMALL:
        present = [v for v in values if v is not None]
        if not present:
            return pd.Series(np.full(len(values), np.datetime64("NaT", "s")), index=column.index, name=column.name)
        if all(isinstance(v, str) and _ISO.fullmatch(v) for v in present):
            try:
                parsed = np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[us]")
            except ValueError:
                pass
            else:
                return pd.Series(parsed, index=column.index, name=column.name)
    return pd.to_datetime(column, format="ISO8601")


def _som(column):
    """SUM over hours as a float: exact enough for sums of 2-decimal hours (rounded to 2 afterwards), and on
    PostgreSQL far cheaper than a numeric SUM over thousands of rows."""
    return func.sum(cast(column, Float))


def trajecten_met_uren(scope: Select) -> pd.DataFrame:
    """THE caseload aggregate: every trajectory of the scope with its hours (all onderdelen; taal apart), its last
    delivery and its last taal period, in one GROUP BY traject over traject_uren (the attendance sums per
    trajectory, onderdeel and aanbieder, kept by portal/voortgang/uren.py), outer-joined to the scoped
    trajectories."""
    u = TrajectUren
    taal = u.onderdeel == Onderdeel.taal
    per_traject = (select(u.traject_id, func.sum(u.perioden).label("perioden"),
                          func.sum(u.uren_gepland).label("gepland"), func.sum(u.uren_aanwezig).label("aanwezig"),
                          func.sum(u.uren_verzuim_geoorloofd).label("geoorloofd"),
                          func.sum(u.uren_verzuim_ongeoorloofd).label("ongeoorloofd"),
                          func.sum(case((taal, u.uren_aanwezig), else_=literal(0.0, u.uren_aanwezig.type)))
                          .label("taal_aanwezig"),
                          func.max(case((taal, u.laatste_periode_eind))).label("taal_tot"),
                          func.max(u.laatste_aanlevering).label("laatste_aanlevering"))
                   .where(u.traject_id.in_(_ids(scope))).group_by(u.traject_id).subquery())
    query = (scope.with_only_columns(
        Traject.id, _tekst(Traject.leerroute), _tekst(Traject.doelgroep), _tekst(Traject.status),
        _tekst(Traject.pip_datum), Traject.intensiteit_uren, _tekst(Traject.datum_aanbod), per_traject.c.perioden,
        per_traject.c.gepland, per_traject.c.aanwezig, per_traject.c.geoorloofd, per_traject.c.ongeoorloofd,
        per_traject.c.taal_aanwezig, _tekst(per_traject.c.taal_tot), _tekst(per_traject.c.laatste_aanlevering),
        _tekst(Traject.niveau), _tekst(Traject.termijn_start), _tekst(Traject.termijn_einde))
        .outerjoin(per_traject, per_traject.c.traject_id == Traject.id))
    frame = _frame(query, TRAJECT_KOLOMMEN, ("pip_datum", "datum_aanbod", "taal_tot", "laatste_aanlevering",
                                             "termijn_start", "termijn_einde"))
    frame[UREN] = frame[UREN].astype(float).fillna(0.0).round(2)
    frame["intensiteit"] = frame["intensiteit"].astype(float)
    frame["perioden"] = frame["perioden"].fillna(0).astype(int)
    return frame


def toewijzingen(scope: Select, actief_op: date | None = None, stil_sinds: date | None = None) -> pd.DataFrame:
    """Assignments on the scope's trajectories, with the aanbieder's name and the end of the last attendance period
    that aanbieder delivered for that onderdeel (NaT when none). With `actief_op`: only those running that day;
    with `stil_sinds`: only those started by then whose aanbieder delivered nothing ending after it (the
    candidates of the geen_aanlevering signal)."""
    u = TrajectUren
    query = (select(Toewijzing.traject_id, _tekst(Toewijzing.onderdeel), Toewijzing.aanbieder_id, Organisatie.naam,
                    _tekst(Toewijzing.startdatum), _tekst(Toewijzing.einddatum), _tekst(u.laatste_periode_eind))
             .join(Organisatie, Organisatie.id == Toewijzing.aanbieder_id)
             .outerjoin(u, and_(u.traject_id == Toewijzing.traject_id, u.onderdeel == Toewijzing.onderdeel,
                                u.aanbieder_id == Toewijzing.aanbieder_id))
             .where(Toewijzing.traject_id.in_(_ids(scope))))
    if actief_op is not None:
        query = query.where(Toewijzing.startdatum <= actief_op,
                            or_(Toewijzing.einddatum.is_(None), Toewijzing.einddatum >= actief_op))
    if stil_sinds is not None:
        query = query.where(Toewijzing.startdatum <= stil_sinds,
                            or_(u.laatste_periode_eind.is_(None), u.laatste_periode_eind <= stil_sinds))
    return _frame(query, ["traject_id", "onderdeel", "aanbieder_id", "aanbieder", "startdatum", "einddatum",
                          "laatste_eind"], ("startdatum", "einddatum", "laatste_eind"))


def stille_toewijzingen(scope: Select, aanbieder_id: int, actief_op: date, stil_sinds: date) -> list:
    """The rows of `toewijzingen(scope, actief_op, stil_sinds)` of one aanbieder (traject_id, onderdeel, startdatum,
    laatste_eind: dates, None when nothing was delivered), sorted by trajectory and onderdeel: what her start page
    lists, as plain rows — a frame's fixed cost (~2 ms) for the few rows of one aanbieder's silent work is most of
    that page's own work. The silent assignments are found first (a CTE, materialized) and only they are checked
    against the scope: the scope as an IN list made SQLite walk every trajectory of it (10.9 -> 4.6 ms on the
    5,000-trajectory data, 4,286 assignments of which 115 silent)."""
    u = TrajectUren
    stil = (select(Toewijzing.id, Toewijzing.traject_id, _tekst(Toewijzing.onderdeel).label("onderdeel"),
                   Toewijzing.startdatum, u.laatste_periode_eind.label("laatste_eind"))
            .outerjoin(u, and_(u.traject_id == Toewijzing.traject_id, u.onderdeel == Toewijzing.onderdeel,
                               u.aanbieder_id == Toewijzing.aanbieder_id))
            .where(Toewijzing.aanbieder_id == aanbieder_id, Toewijzing.startdatum <= actief_op,
                   or_(Toewijzing.einddatum.is_(None), Toewijzing.einddatum >= actief_op),
                   Toewijzing.startdatum <= stil_sinds,
                   or_(u.laatste_periode_eind.is_(None), u.laatste_periode_eind <= stil_sinds))
            .cte("stil").prefix_with("MATERIALIZED"))
    query = (select(stil.c.traject_id, stil.c.onderdeel, stil.c.startdatum, stil.c.laatste_eind)
             .where(scope.with_only_columns(Traject.id).where(Traject.id == stil.c.traject_id).exists())
             .order_by(stil.c.id))
    return sorted(db.session.execute(query).all(), key=lambda r: (r.traject_id, r.onderdeel))


def aanbieders_per_traject(traject_ids) -> pd.DataFrame:
    """traject_id, onderdeel, aanbieder_id and aanbieder (name) of every assignment of these trajectories (ids the
    caller got from a scoped query)."""
    ids = list(dict.fromkeys(traject_ids))
    parts = [_frame(select(Toewijzing.traject_id, _tekst(Toewijzing.onderdeel), Toewijzing.aanbieder_id,
                           Organisatie.naam)
                    .join(Organisatie, Organisatie.id == Toewijzing.aanbieder_id)
                    .where(Toewijzing.traject_id.in_(ids[start:start + CHUNK]))
                    .order_by(Toewijzing.traject_id, Toewijzing.startdatum),
                    ["traject_id", "onderdeel", "aanbieder_id", "aanbieder"])
             for start in range(0, len(ids), CHUNK)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["traject_id", "onderdeel", "aanbieder_id", "aanbieder"])


def aanbieders(scope: Select) -> list[tuple[int, str]]:
    """(id, name) of the aanbieders assigned to any trajectory of the scope: the caseload's aanbieder filter."""
    return [(aanbieder_id, naam) for aanbieder_id, naam in db.session.execute(
        select(Organisatie.id, Organisatie.naam).where(
            Organisatie.id.in_(select(Toewijzing.aanbieder_id).where(Toewijzing.traject_id.in_(_ids(scope)))))
        .order_by(Organisatie.naam)).all()]


def verzuim_venster(scope: Select, tot: date, verzuim_vanaf: date, maand_vanaf: date) -> pd.DataFrame:
    """Per trajectory and onderdeel with unexcused absence in a period that ends in the verzuim window
    [verzuim_vanaf, tot] or the month window [maand_vanaf, tot] (without it neither criterion can hold): over the
    periods that end in the verzuim window gepland and ongeoorloofd; over those that end in the month window the
    absences (aantal_keer_verzuim of periods with ongeoorloofd hours; such a period without a count is one absence);
    and the end of the last of these periods with unexcused absence (`laatste_eind`).

    A period is delivered only once it has ended, so on day `tot` the known periods that overlap a window are those
    that end in it; they are read from the covering index ix_aanwezigheid_venster alone."""
    a = Aanwezigheid
    vanaf = min(verzuim_vanaf, maand_vanaf)
    in_venster = a.periode_eind >= verzuim_vanaf
    in_maand = and_(a.periode_eind >= maand_vanaf, a.uren_verzuim_ongeoorloofd > 0)
    laatste = func.max(case((a.uren_verzuim_ongeoorloofd > 0, a.periode_eind)))
    nul = literal(0, a.uren_gepland.type)
    frame = _frame(
        select(a.traject_id, _tekst(a.onderdeel),
               _som(case((in_venster, a.uren_gepland), else_=nul)),
               _som(case((in_venster, a.uren_verzuim_ongeoorloofd), else_=nul)),
               func.sum(case((in_maand, func.coalesce(a.aantal_keer_verzuim, 1)), else_=0)),
               _tekst(laatste))
        # The scope as a correlated EXISTS, not as traject_id IN (...): given an IN list SQLite (which keeps no
        # range statistics) walks every scoped trajectory's rows instead of the short periode_eind range.
        .where(a.periode_eind.between(vanaf, tot),
               exists(scope.with_only_columns(literal(1)).where(Traject.id == a.traject_id)))
        .group_by(a.traject_id, a.onderdeel)
        .having(laatste.is_not(None)),
        ["traject_id", "onderdeel", "gepland", "ongeoorloofd", "keer", "laatste_eind"], ("laatste_eind",))
    frame[["gepland", "ongeoorloofd"]] = frame[["gepland", "ongeoorloofd"]].astype(float).round(2)
    frame["keer"] = frame["keer"].astype(int)
    return frame


def taal_na_pip(traject_ids) -> dict[str, float]:
    """Taal hours present in periods that start on or after the PIP-datum, per trajectory (ids the caller got from
    a scoped query): the hours the afschalen rule counts (taal during the brede intake is DUO's other bucket)."""
    a = Aanwezigheid
    ids = list(dict.fromkeys(traject_ids))
    result: dict[str, float] = {}
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(
            select(a.traject_id, _som(a.uren_aanwezig)).join(Traject, Traject.id == a.traject_id)
            .where(a.traject_id.in_(ids[start:start + CHUNK]), a.onderdeel == Onderdeel.taal,
                   a.periode_start >= Traject.pip_datum)
            .group_by(a.traject_id))
        result.update({traject_id: round(float(uren or 0), 2) for traject_id, uren in rows})
    return result


def afgeronde_map_pvt(scope: Select) -> pd.DataFrame:
    """traject_id and onderdeel of every afgeronde MAP and PVT of the scope."""
    af = Afronding
    return _frame(select(af.traject_id, _tekst(af.onderdeel))
                  .where(af.status == AfrondingStatus.afgerond,
                         af.onderdeel.in_([AfrondingOnderdeel.map, AfrondingOnderdeel.pvt]),
                         af.traject_id.in_(_ids(scope))), ["traject_id", "onderdeel"])


# --- one trajectory ------------------------------------------------------------------------------------------------


def totalen_per_onderdeel(traject_id: str, aanbieder_id: int | None = None) -> list[dict]:
    """Hours per onderdeel of one (visible) trajectory, in the order taal, map, pvt; only an aanbieder's own rows
    when `aanbieder_id` is given."""
    a = Aanwezigheid
    query = (select(a.onderdeel, func.count(a.id), func.sum(a.uren_gepland), func.sum(a.uren_aanwezig),
                    func.sum(a.uren_verzuim_geoorloofd), func.sum(a.uren_verzuim_ongeoorloofd))
             .where(a.traject_id == traject_id).group_by(a.onderdeel))
    if aanbieder_id is not None:
        query = query.where(a.aanbieder_id == aanbieder_id)
    order = [o.value for o in Onderdeel]
    result = [{"onderdeel": _value(o), "perioden": n, "uren_gepland": round(float(g or 0), 2),
               "uren_aanwezig": round(float(p or 0), 2), "uren_verzuim_geoorloofd": round(float(ge or 0), 2),
               "uren_verzuim_ongeoorloofd": round(float(on or 0), 2)}
              for o, n, g, p, ge, on in db.session.execute(query).all()]
    return sorted(result, key=lambda r: order.index(r["onderdeel"]))


def duo_registraties(traject_id: str) -> list[DuoRegistratie]:
    return list(db.session.scalars(select(DuoRegistratie).where(DuoRegistratie.traject_id == traject_id)
                                   .order_by(DuoRegistratie.onderdeel)))


def duo_registratie(traject_id: str, onderdeel: str) -> DuoRegistratie | None:
    return db.session.scalar(select(DuoRegistratie).where(DuoRegistratie.traject_id == traject_id,
                                                          DuoRegistratie.onderdeel == onderdeel))


def afgeronde(traject_id: str, onderdeel: str) -> Afronding | None:
    """The afgeronde afronding of one onderdeel of a trajectory, if any."""
    return db.session.scalar(select(Afronding).where(Afronding.traject_id == traject_id,
                                                     Afronding.onderdeel == onderdeel,
                                                     Afronding.status == AfrondingStatus.afgerond))


def toetsen(traject_id: str) -> list[Toets]:
    return list(db.session.scalars(select(Toets).where(Toets.traject_id == traject_id)
                                   .order_by(Toets.datum, Toets.vaardigheid)))


def afrondingen(traject_id: str) -> list[Afronding]:
    return list(db.session.scalars(select(Afronding).where(Afronding.traject_id == traject_id)
                                   .order_by(Afronding.datum)))



@dataclass(frozen=True)
class Werk:
    """What "Mijn trajecten" shows of one trajectory besides its own fields: its gemeente, the onderdelen the
    aanbieder works on there, and when the aanbieder last delivered for it (any soort; None: nothing yet)."""

    gemeente: str
    onderdelen: list[str]
    laatste_aanlevering: object = None


def _werk(een_van) -> CompoundSelect:
    """In one statement (built once: building it cost as much as running it): the onderdelen of the aanbieder's own
    running assignments per trajectory (rows with an onderdeel), and its last change per trajectory and soort (rows
    with a tijdstip); werk_van_aanbieder keeps the latest of the three. `een_van(column)`: the column is one of the
    trajectory ids (parameter `ids`)."""
    return union_all(
        select(Toewijzing.traject_id, Toewijzing.onderdeel,
               cast(null(), Aanwezigheid.gewijzigd_op.type).label("tijdstip"))
        .where(een_van(Toewijzing.traject_id), access.lopende_toewijzing_vanaf(bindparam("aanbieder"),
                                                                              bindparam("grens"))),
        *(select(model.traject_id, null(), func.max(model.gewijzigd_op))
          .where(een_van(model.traject_id), model.aanbieder_id == bindparam("aanbieder"))
          .group_by(model.traject_id) for model in (Aanwezigheid, Toets, Afronding)))


# On PostgreSQL the ids are one array parameter (`= ANY`), as bulk.een_van binds them: a page's 50 ids four times
# over cost SQLAlchemy and the driver ~0.5 ms as separate parameters.
_WERK = _werk(lambda kolom: kolom.in_(bindparam("ids", expanding=True)))
_WERK_PG = _werk(lambda kolom: kolom == any_(bindparam("ids", type_=ARRAY(String))))


def werk_van_aanbieder(aanbieder_id: int, trajecten) -> dict[str, Werk]:
    """Per trajectory (rows of the caller's scoped list, `access.list_trajecten(…, rijen=True)`: id and
    gemeente_naam), the aanbieder's own running assignments and its own last delivery, in one set-wise query
    whatever the number of trajectories."""
    trajecten = list(trajecten)
    if not trajecten:
        return {}
    ids = [t.id for t in trajecten]
    onderdelen: dict[str, set[str]] = {i: set() for i in ids}
    laatste: dict[str, datetime] = {}
    # On the session's connection (its transaction), not through the ORM: no entity is loaded and no gemeente's
    # privacy record read, so the scope guard's per-statement walk (models/scope.py) has nothing to do here.
    verbinding = db.session.connection()
    werk = _WERK_PG if verbinding.dialect.name == "postgresql" else _WERK
    for traject_id, onderdeel, tijdstip in verbinding.execute(
            werk, {"ids": ids, "aanbieder": aanbieder_id, "grens": access.naloop_grens()}):
        if onderdeel is not None:
            onderdelen[traject_id].add(_value(onderdeel))
        elif tijdstip is not None and (laatste.get(traject_id) is None or tijdstip > laatste[traject_id]):
            laatste[traject_id] = tijdstip
    volgorde = {o.value: i for i, o in enumerate(Onderdeel)}
    return {t.id: Werk(t.gemeente_naam, sorted(onderdelen[t.id], key=lambda o: volgorde.get(o, 99)), laatste.get(t.id))
            for t in trajecten}
