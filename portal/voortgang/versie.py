"""The version of the data the signals are computed from, so that a computation can be kept between writes.

`signaal_versie` holds one row: a random token (set when the table is created, so a database dropped and made again
never repeats a key) and a counter. Every transaction that wrote to a table the caseload or the signals read is
counted once, at its commit, in the same transaction: whoever reads the row sees a new number as soon as any such
write is visible, and the same number as long as none is. No write path has to remember it: every INSERT, UPDATE and
DELETE that SQLAlchemy executes on a watched table (ORM flushes, ORM and Core statements, on any connection) marks
its connection, and the commit of a marked connection raises the counter. The one write that bypasses SQLAlchemy's
statements, `portal.bulk.insert_rows` (COPY, executemany), counts itself (`geschreven`).

The row is locked only from that UPDATE to the COMMIT right after it, never across a request's work.

A transaction that has itself written to the watched tables (its connection is marked) sees data no version number
describes yet: `ongewijzigd` tells the caseload not to use or keep a computation then. So whatever is kept was
computed from committed data only, at the version read — also where commits are savepoint releases inside one
outer transaction that is rolled back (the tests), which never raise the counter.

Narrower, per gemeente: a write path that knows which gemeenten its writes are about (a delivery: the gemeenten of
the delivered trajectories it is assigned to) wraps them in `alleen_gemeenten(ids)`. Its writes to the watched
tables then raise those gemeenten's counters (`signaal_versie_gemeente`) instead of the one for all, so a delivery
in Heerlen leaves Kerkrade's kept caseload in place. The caseload's key holds both numbers (`huidige(gemeente_id)`):
any unscoped write anywhere still changes every key. Anything written in the transaction outside the block is
counted for all, as before.

Which trajectories: a write path that also names, per gemeente, the trajectories its writes are about
(`alleen_gemeenten(ids, trajecten)`, a delivery: the delivered trajectories it is assigned to) has each raise of a
gemeente's counter recorded with them (`signaal_versie_wijziging`, in the same transaction). The caseload then
brings a kept computation at an earlier number up to date by recomputing only those trajectories (`wijzigingen`);
a raise without a record (a write that did not name them) means: compute everything. A write counted for all
deletes every record (none is of use across it), so trajectory ids stay there only until the next such write.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from flask import has_app_context
from sqlalchemy import bindparam, delete, event, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import Pool

from portal.extensions import db
from portal.models.voortgang import SignaalVersie, SignaalVersieGemeente, SignaalVersieWijziging

# What the signals, the caseload's hours and aanbieders and a regisseur's scope are made of.
GEVOLGD = frozenset({
    "traject", "toewijzing", "organisatie", "aanlever_batch", "aanwezigheid", "afronding", "duo_registratie",
    "signaal_instellingen", "traject_uren", "traject_uren_batch", "traject_beperking",
})
_GEWIJZIGD = "portal.signaal_versie.gewijzigd"  # connection info: a write counted for all gemeenten
_GEMEENTEN = "portal.signaal_versie.gemeenten"  # connection info: the gemeenten of scoped writes (a set)
_BEREIK = "portal.signaal_versie.bereik"  # connection info: (gemeenten, trajectories) of the open block
_TRAJECTEN = "portal.signaal_versie.trajecten"  # connection info: per gemeente the trajectories written (None: unknown)
_TABEL = SignaalVersie.__table__
_PER_GEMEENTE = SignaalVersieGemeente.__table__
_WIJZIGING = SignaalVersieWijziging.__table__
# Engines whose database has the table (after its migration), per table.
_met_tabel: dict[str, weakref.WeakSet[Engine]] = {
    _TABEL.name: weakref.WeakSet(), _PER_GEMEENTE.name: weakref.WeakSet(), _WIJZIGING.name: weakref.WeakSet()}
WIJZIGINGEN = 256  # per gemeente, the records of its last raises that are kept (older gaps compute everything)


@dataclass(frozen=True)
class Versie:
    token: str
    nummer: int
    gemeente: int = 0  # the gemeente's own counter (`huidige(gemeente_id)`); 0 before its first scoped write
    gemeente_id: int | None = None  # whose counter that is (two gemeenten's counters may hold the same number)

    @property
    def voor_allen(self) -> tuple[str, int] | None:
        """The version of what only writes counted for all gemeenten change (the organisations, for instance): the
        token and the counter for all. None without a token (no version row)."""
        return (self.token, self.nummer) if self.token else None


# Built once (every page of a trajectory or the caseload reads it); the version tables are not tenant data, so the
# statements skip the scope's loader criteria.
_HUIDIGE = select(SignaalVersie.token, SignaalVersie.versie, literal(0)).where(SignaalVersie.id == 1) \
    .execution_options(alle_gemeenten=True)
_HUIDIGE_GEMEENTE = select(SignaalVersie.token, SignaalVersie.versie, select(SignaalVersieGemeente.versie).where(
    SignaalVersieGemeente.gemeente_id == bindparam("gemeente_id")).scalar_subquery()).where(SignaalVersie.id == 1) \
    .execution_options(alle_gemeenten=True)


def huidige(gemeente_id: int | None = None) -> Versie:
    """The data version as this transaction sees it (one primary-key read), with `gemeente_id`'s own counter."""
    row = (db.session.execute(_HUIDIGE).first() if gemeente_id is None
           else db.session.execute(_HUIDIGE_GEMEENTE, {"gemeente_id": gemeente_id}).first())
    if not row:
        return Versie("", 0)
    return Versie(row[0], row[1], row[2] or 0, gemeente_id)


def ongewijzigd() -> bool:
    """Whether this transaction has not written to the watched tables (so it sees only committed data there)."""
    info = db.session.connection().info
    return not (info.get(_GEWIJZIGD, False) or info.get(_GEMEENTEN))


@contextmanager
def alleen_gemeenten(gemeente_ids: Iterable[int],
                     trajecten: Mapping[int, Iterable[str]] | None = None) -> Iterator[None]:
    """Count the writes to the watched tables made inside the block for these gemeenten only. The caller vouches
    that they change nothing the signals, the caseload or the scope of any other gemeente read (a delivery about
    these gemeenten' trajectories: its batch, its rows, their hours). `trajecten`: per gemeente, the trajectories
    the writes are about (the caller vouches they change nothing the signals or the caseload read of any other
    trajectory; a gemeente left out: unknown). What the session held unflushed before the block is flushed first,
    so it is counted as before (for all)."""
    db.session.flush()
    conn = db.session.connection()
    vorige = conn.info.get(_BEREIK)
    conn.info[_BEREIK] = (frozenset(int(g) for g in gemeente_ids),
                          {int(g): frozenset(ids) for g, ids in (trajecten or {}).items()})
    try:
        yield
        db.session.flush()  # what the block left pending is still the block's
    finally:
        if vorige is None:
            conn.info.pop(_BEREIK, None)
        else:
            conn.info[_BEREIK] = vorige


@event.listens_for(Engine, "before_execute")
def _markeer(conn: Connection, clauseelement, multiparams, params, execution_options) -> None:
    """Mark the connection when a statement writes to a watched table: for all gemeenten, or inside
    `alleen_gemeenten` for its gemeenten."""
    if getattr(clauseelement, "is_dml", False):
        _markeren(conn, getattr(getattr(clauseelement, "table", None), "name", None))


def geschreven(conn: Connection, tabel: str) -> None:
    """A write to `tabel` that bypasses SQLAlchemy's statements (`portal.bulk.insert_rows`: COPY, or a driver-level
    executemany) counted as `_markeer` counts a statement."""
    _markeren(conn, tabel)


def _markeren(conn: Connection, tabel: str | None) -> None:
    if tabel in GEVOLGD:
        bereik = conn.info.get(_BEREIK)
        if bereik is None:
            conn.info[_GEWIJZIGD] = True
        else:
            gemeenten, trajecten = bereik
            conn.info.setdefault(_GEMEENTEN, set()).update(gemeenten)
            geschreven = conn.info.setdefault(_TRAJECTEN, {})
            for gemeente_id in gemeenten:
                ids = trajecten.get(gemeente_id)
                if ids is None:
                    geschreven[gemeente_id] = None
                elif geschreven.setdefault(gemeente_id, set()) is not None:
                    geschreven[gemeente_id].update(ids)


_na_ophoging: list[Callable[[frozenset[int]], None]] = []


def na_ophoging(werk: Callable[[frozenset[int]], None]) -> None:
    """Call `werk(gemeente_ids)` after each commit that raised these gemeenten' own counters (the caseload computes
    ahead for their regisseurs, caseload.py `vooruit`)."""
    _na_ophoging.append(werk)


@event.listens_for(Engine, "commit")
def _ophogen(conn: Connection) -> None:
    """At the commit of a marked connection, count the transaction (before the DBAPI commit, in the transaction):
    the counter for all when it wrote outside a scope, else each gemeente's it wrote for (in id order, so two
    transactions lock the rows in the same order)."""
    voor_alle, gemeenten = conn.info.pop(_GEWIJZIGD, False), conn.info.pop(_GEMEENTEN, None)
    trajecten = conn.info.pop(_TRAJECTEN, None) or {}
    if not (voor_alle or gemeenten) or not _heeft_tabel(conn, _TABEL):
        return
    if voor_alle or not _heeft_tabel(conn, _PER_GEMEENTE):  # the counter for all changes every gemeente's key
        conn.execute(update(_TABEL).where(_TABEL.c.id == 1).values(versie=_TABEL.c.versie + 1))
        if _heeft_tabel(conn, _WIJZIGING):
            # no kept computation is brought up to date across it: the records are of no use any more, and the
            # trajectory ids in them never outlive a write for all (erasing a trajectory is one)
            conn.execute(delete(_WIJZIGING))
        return
    if conn.dialect.name not in ("postgresql", "sqlite"):  # no upsert here: the counter for all
        conn.execute(update(_TABEL).where(_TABEL.c.id == 1).values(versie=_TABEL.c.versie + 1))
        return
    vastleggen = _heeft_tabel(conn, _WIJZIGING)
    for gemeente_id in sorted(gemeenten):
        nummer = conn.execute(_ophoging(conn.dialect.name, gemeente_id)).scalar_one()
        ids = trajecten.get(gemeente_id)
        if vastleggen and ids is not None:
            conn.execute(insert(_WIJZIGING).values(gemeente_id=gemeente_id, versie=nummer,
                                                   trajecten=",".join(sorted(ids))))
            if nummer % 16 == 0:  # now and then, forget the oldest records
                conn.execute(delete(_WIJZIGING).where(_WIJZIGING.c.gemeente_id == gemeente_id,
                                                      _WIJZIGING.c.versie <= nummer - WIJZIGINGEN))
    # Asked after the DBAPI commit that follows, the session's (a request's, a command's); a commit outside the app
    # (a migration's own connection) asks nothing.
    if _na_ophoging and has_app_context():
        opgehoogd = frozenset(gemeenten)
        event.listen(db.session(), "after_commit", lambda _session: [werk(opgehoogd) for werk in _na_ophoging],
                     once=True)


def _ophoging(dialect: str, gemeente_id: int):
    """The gemeente's counter inserted at 1, or + 1 when it has one (an upsert in either dialect), returning it."""
    if dialect == "postgresql":
        pg = pg_insert(_PER_GEMEENTE).values(gemeente_id=gemeente_id, versie=1)
        return pg.on_conflict_do_update(index_elements=[_PER_GEMEENTE.c.gemeente_id],
                                        set_={"versie": _PER_GEMEENTE.c.versie + 1}).returning(_PER_GEMEENTE.c.versie)
    lite = sqlite_insert(_PER_GEMEENTE).values(gemeente_id=gemeente_id, versie=1)
    return lite.on_conflict_do_update(index_elements=[_PER_GEMEENTE.c.gemeente_id],
                                      set_={"versie": _PER_GEMEENTE.c.versie + 1}).returning(_PER_GEMEENTE.c.versie)


def wijzigingen(gemeente_id: int, van: int, tot: int) -> frozenset[str] | None:
    """The trajectories the raises of `gemeente_id`'s counter after `van` up to `tot` were about, or None when any
    of those raises has no record (its writes did not name them, or it is too long ago)."""
    if tot - van > WIJZIGINGEN:
        return None
    if tot == van:
        return frozenset()
    rows = db.session.execute(select(SignaalVersieWijziging.versie, SignaalVersieWijziging.trajecten).where(
        SignaalVersieWijziging.gemeente_id == gemeente_id, SignaalVersieWijziging.versie > van,
        SignaalVersieWijziging.versie <= tot)).all()
    if len(rows) != tot - van:
        return None
    return frozenset(t for _nummer, tekst in rows for t in tekst.split(",") if t)


@event.listens_for(Engine, "rollback")
def _vergeten(conn: Connection) -> None:
    conn.info.pop(_GEWIJZIGD, None)
    conn.info.pop(_GEMEENTEN, None)
    conn.info.pop(_TRAJECTEN, None)


@event.listens_for(Pool, "checkin")
def _terug(_dbapi_connection, record) -> None:
    if record is not None:
        for key in (_GEWIJZIGD, _GEMEENTEN, _BEREIK, _TRAJECTEN):
            record.info.pop(key, None)


def _heeft_tabel(conn: Connection, tabel) -> bool:
    """Whether this database has the table yet (not during the migrations before it, nor on an old copy)."""
    engines = _met_tabel[tabel.name]
    if conn.engine in engines:
        return True
    from sqlalchemy import inspect
    if inspect(conn).has_table(tabel.name):
        engines.add(conn.engine)
        return True
    return False
