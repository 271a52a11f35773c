"""The version of the data the signals are computed from, so that a computation can be kept between writes.

`signaal_versie` holds one row: a random token (set when the table is created, so a database dropped and made again
never repeats a key) and a counter. Every transaction that wrote to a table the caseload or the signals read is
counted once, at its commit, in the same transaction: whoever reads the row sees a new number as soon as any such
write is visible, and the same number as long as none is. No write path has to remember it: every INSERT, UPDATE and
DELETE that SQLAlchemy executes on a watched table (ORM flushes, ORM and Core statements, on any connection) marks
its connection, and the commit of a marked connection raises the counter. The one write that bypasses SQLAlchemy's
statements, `portal.bulk.insert_rows` (COPY, executemany), stores delivery rows always together with their
`aanlever_batch`, which is watched.

The row is locked only from that UPDATE to the COMMIT right after it, never across a request's work.

A transaction that has itself written to the watched tables (its connection is marked) sees data no version number
describes yet: `ongewijzigd` tells the caseload not to use or keep a computation then. So whatever is kept was
computed from committed data only, at the version read — also where commits are savepoint releases inside one
outer transaction that is rolled back (the tests), which never raise the counter.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

from sqlalchemy import event, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import Pool

from portal.extensions import db
from portal.models.voortgang import SignaalVersie

# What the signals, the caseload's hours and aanbieders and a regisseur's scope are made of.
GEVOLGD = frozenset({
    "traject", "toewijzing", "organisatie", "aanlever_batch", "aanwezigheid", "afronding", "duo_registratie",
    "signaal_instellingen", "traject_uren", "traject_uren_batch", "traject_beperking",
})
_GEWIJZIGD = "portal.signaal_versie.gewijzigd"
_TABEL = SignaalVersie.__table__
_met_tabel: weakref.WeakSet[Engine] = weakref.WeakSet()  # engines whose database has the table (after its migration)


@dataclass(frozen=True)
class Versie:
    token: str
    nummer: int


def huidige() -> Versie:
    """The data version as this transaction sees it (one primary-key read)."""
    row = db.session.execute(select(SignaalVersie.token, SignaalVersie.versie).where(SignaalVersie.id == 1)).first()
    return Versie(row.token, row.versie) if row else Versie("", 0)


def ongewijzigd() -> bool:
    """Whether this transaction has not written to the watched tables (so it sees only committed data there)."""
    return not db.session.connection().info.get(_GEWIJZIGD, False)


@event.listens_for(Engine, "before_execute")
def _markeer(conn: Connection, clauseelement, multiparams, params, execution_options) -> None:
    """Mark the connection when a statement writes to a watched table."""
    if getattr(clauseelement, "is_dml", False):
        table = getattr(clauseelement, "table", None)
        if getattr(table, "name", None) in GEVOLGD:
            conn.info[_GEWIJZIGD] = True


@event.listens_for(Engine, "commit")
def _ophogen(conn: Connection) -> None:
    """At the commit of a marked connection, count the transaction (before the DBAPI commit, in the transaction)."""
    if not conn.info.pop(_GEWIJZIGD, False) or not _heeft_tabel(conn):
        return
    conn.execute(update(_TABEL).where(_TABEL.c.id == 1).values(versie=_TABEL.c.versie + 1))


@event.listens_for(Engine, "rollback")
def _vergeten(conn: Connection) -> None:
    conn.info.pop(_GEWIJZIGD, None)


@event.listens_for(Pool, "checkin")
def _terug(_dbapi_connection, record) -> None:
    if record is not None:
        record.info.pop(_GEWIJZIGD, None)


def _heeft_tabel(conn: Connection) -> bool:
    """Whether this database has signaal_versie yet (not during the migrations before it, nor on an old copy)."""
    if conn.engine in _met_tabel:
        return True
    from sqlalchemy import inspect
    if inspect(conn).has_table(_TABEL.name):
        _met_tabel.add(conn.engine)
        return True
    return False
