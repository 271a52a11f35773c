"""Keeps `traject_uren` (hours per trajectory, onderdeel and aanbieder) equal to the sums over `aanwezigheid`.

Every change to attendance arrives in an aanlever_batch: the import service inserts new rows and corrects changed
ones under the batch's id (corrections move the row to the new batch). `bijwerken` finds the aanwezigheid batches
not yet counted, recomputes traject_uren from the source rows of the trajectories they touched, and records the
batches as counted, all in the caller's transaction. Recomputing (rather than adding deltas) makes it idempotent and
exact after corrections; finding the work by batch (rather than by a high-water mark) is safe when transactions
commit out of id order. A batch still uncommitted is invisible and counted by a later call.

The caseload and the signals call `bijwerken` before they read; the import service counts its own batch right after
storing (`batch_tellen`), so the work is done in the delivery's own transaction and the next page finds nothing to
do. There, on PostgreSQL, the rows a batch only added are added to the sums (`optellen`, exact in numeric; the batch
is counted once: its record in traject_uren_batch is written in the same transaction); a corrected trajectory is
recomputed. Deleting a trajectory deletes its rows here (ON DELETE CASCADE).
"""
from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

from sqlalchemy import Numeric, cast, delete, exists, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from portal.bulk import een_van
from portal.extensions import db
from portal.models import AanleverBatch, Aanwezigheid, Traject
from portal.models.voortgang import TrajectUren, UrenBatch
from portal.voortgang import versie

CHUNK = 2_000
_PG_LOCK_KEY = 7_141_593  # one recomputation at a time on PostgreSQL (next to the processing log's key)


def _nieuwe_batches() -> list[int]:
    """Aanwezigheid batches that stored rows and are not counted yet."""
    counted = exists().where(UrenBatch.batch_id == AanleverBatch.id)
    return list(db.session.scalars(
        select(AanleverBatch.id).where(AanleverBatch.soort == "aanwezigheid",
                                       AanleverBatch.status.in_(("accepted", "partial")), ~counted)
        .order_by(AanleverBatch.id)))


# The last data version (versie.py, with the reader's gemeente counter) at which this process found no batch to
# count. A delivery records its batch as counted in the transaction that stores it (`batch_tellen`), so no commit
# leaves one of its batches uncounted; any other write of a batch or of its count is a write to a watched table
# counted for the gemeenten of its trajectories (or for all). So at that version there is still none of that
# gemeente's: a page that read it has nothing to do here and skips the query (another gemeente's batches are counted
# by its own pages or its delivery).
_schoon_bij: list = [None]


def bijwerken(versie_nu=None) -> int:
    """Count every delivered aanwezigheid batch not yet counted; returns how many trajectories were recomputed.
    Flushes; the caller commits (a read-only page commits its logged reads anyway). `versie_nu`: the data version
    this transaction read, given only while it has not written to the watched data itself (versie.ongewijzigd);
    nothing to do when this process found no batch to count at that version."""
    if versie_nu is not None and versie_nu.token and versie_nu == _schoon_bij[0]:
        return 0
    batches = _nieuwe_batches()
    if not batches:
        if versie_nu is not None and versie_nu.token:
            _schoon_bij[0] = versie_nu
        return 0
    if db.session.get_bind().dialect.name == "postgresql":
        # Never wait: a transaction that is counting now may also hold the processing log's lock, which this one
        # may want later (a deadlock). Whoever gets the lock counts; batches left uncounted are counted next time.
        if not db.session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY}):
            return 0
        batches = _nieuwe_batches()  # another transaction may have counted them just before
        if not batches:
            return 0
    ids: set[str] = set()
    for start in range(0, len(batches), CHUNK):
        ids.update(db.session.scalars(select(Aanwezigheid.traject_id).distinct()
                                      .where(Aanwezigheid.batch_id.in_(batches[start:start + CHUNK]))))
    # The recount is about these trajectories only: counted for their gemeenten with them named (versie.py), so a
    # kept caseload elsewhere stays in use and one of theirs is brought up to date by recomputing only them.
    per_gemeente: dict[int, set[str]] = {}
    lijst = sorted(ids)
    for start in range(0, len(lijst), CHUNK):
        for traject_id, gemeente_id in db.session.execute(select(Traject.id, Traject.gemeente_id).where(
                een_van(Traject.id, lijst[start:start + CHUNK]))):
            per_gemeente.setdefault(gemeente_id, set()).add(traject_id)
    bereik = (versie.alleen_gemeenten(per_gemeente, per_gemeente)
              if sum(map(len, per_gemeente.values())) == len(ids) else nullcontext())
    with bereik:
        herbereken(ids)
        db.session.execute(insert(UrenBatch), [{"batch_id": b} for b in batches])
        db.session.flush()
    return len(ids)


def batch_tellen(batch_id: int, traject_ids: Iterable[str], gecorrigeerd: Iterable[str] | None = None) -> bool:
    """Count one batch in the transaction that stores it (the import service): recompute the hours of its
    trajectories and record it as counted. On PostgreSQL it waits for the counting lock (another delivery's count
    holds it from its count to its commit, a page's from its count to its commit): a delivery that gave up instead
    left its batch to the next page, which then held the lock for the rest of its request, so the next delivery
    gave up too (measured under load: about a fifth of the data versions were such pages' counts). No deadlock: whoever
    holds the lock waits for nothing a delivery holds before its count (the processing log's lock is taken at
    commit, after the count; a page's `bijwerken` never waits). A batch that changed no trajectory's rows (a file
    sent again) has nothing to recount: it is only recorded as counted.

    `gecorrigeerd`: those of the trajectories where the batch corrected a row (the others it only added rows to).
    On PostgreSQL the batch's new rows of the others are added to their sums (`optellen`: reads the batch's rows, not
    each trajectory's whole history, which grows with every delivery); the corrected ones are recomputed."""
    traject_ids = set(traject_ids)
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if traject_ids and postgresql:
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    if postgresql and gecorrigeerd is not None:
        herbereken(traject_ids & set(gecorrigeerd))
        optellen(batch_id, traject_ids - set(gecorrigeerd))
    else:
        herbereken(traject_ids)
    db.session.execute(insert(UrenBatch), [{"batch_id": batch_id}])
    return True


_SOMMEN = ("uren_gepland", "uren_aanwezig", "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd")


def optellen(batch_id: int, traject_ids: Iterable[str]) -> None:
    """PostgreSQL: add the rows batch `batch_id` created for these trajectories (it corrected none of theirs) to their
    traject_uren, under the counting lock. Exactly what `herbereken` would store: the hours are numeric(8, 2), so
    the sum of a stored float (the nearest double of an exact sum of two-decimal numbers, which numeric recovers)
    and the batch's numeric sum, rounded to 2 decimals, is the exact sum `herbereken` converts to the same double;
    periods add up, the last period end and delivery are the later of the two."""
    a, tabel = Aanwezigheid, TrajectUren.__table__
    ids = sorted(set(traject_ids))
    for start in range(0, len(ids), CHUNK):
        nieuw = pg_insert(tabel).from_select(
            ["traject_id", "onderdeel", "aanbieder_id", "perioden", *_SOMMEN, "laatste_periode_eind",
             "laatste_aanlevering"],
            select(a.traject_id, a.onderdeel, a.aanbieder_id, func.count(), func.sum(a.uren_gepland),
                   func.sum(a.uren_aanwezig), func.sum(a.uren_verzuim_geoorloofd),
                   func.sum(a.uren_verzuim_ongeoorloofd), func.max(a.periode_eind), func.max(a.gewijzigd_op))
            .where(a.batch_id == batch_id, een_van(a.traject_id, ids[start:start + CHUNK]))
            .group_by(a.traject_id, a.onderdeel, a.aanbieder_id))
        erbij = nieuw.excluded
        db.session.execute(nieuw.on_conflict_do_update(
            index_elements=[tabel.c.traject_id, tabel.c.onderdeel, tabel.c.aanbieder_id],
            set_={"perioden": tabel.c.perioden + erbij.perioden,
                  **{c: func.round(cast(tabel.c[c], Numeric) + cast(erbij[c], Numeric), 2) for c in _SOMMEN},
                  "laatste_periode_eind": func.greatest(tabel.c.laatste_periode_eind, erbij.laatste_periode_eind),
                  "laatste_aanlevering": func.greatest(tabel.c.laatste_aanlevering, erbij.laatste_aanlevering)}))


def herbereken(traject_ids: Iterable[str]) -> None:
    """Recompute traject_uren of these trajectories from their aanwezigheid rows."""
    a = Aanwezigheid
    ids = sorted(set(traject_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        db.session.execute(delete(TrajectUren).where(een_van(TrajectUren.traject_id, chunk)))
        db.session.execute(insert(TrajectUren).from_select(
            ["traject_id", "onderdeel", "aanbieder_id", "perioden", "uren_gepland", "uren_aanwezig",
             "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd", "laatste_periode_eind", "laatste_aanlevering"],
            select(a.traject_id, a.onderdeel, a.aanbieder_id, func.count(), func.sum(a.uren_gepland),
                   func.sum(a.uren_aanwezig), func.sum(a.uren_verzuim_geoorloofd),
                   func.sum(a.uren_verzuim_ongeoorloofd), func.max(a.periode_eind), func.max(a.gewijzigd_op))
            .where(een_van(a.traject_id, chunk)).group_by(a.traject_id, a.onderdeel, a.aanbieder_id)))
