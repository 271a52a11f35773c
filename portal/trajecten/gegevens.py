"""The portal service through which a trajectory's data is read whole (export) and erased, for the privacy module
(data-subject requests, `portal retention`): where the data lives is found from the schema itself
(`portal.schema.metadata`, the privacy module's tables included once it is loaded), so a table another feature adds
later is exported and erased without anyone remembering to list it here.

A table holds data of a trajectory when it has a foreign key to `traject.id` or a column named `traject_id`. The
processing log is the exception: it is append-only (a hash chain) and keeps what happened, also after an erasure.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import Column, Table, delete, select

from portal.extensions import db
from portal.models import AanleverBatch
from portal.voortgang import caseload

LOG_TABLE = "verwerkt_object"  # the processing log's table that names trajectories (portal/models/verwerkingslog.py)
TRAJECT_TABLE = "traject"


def _metadata():
    from portal.schema import metadata  # every feature's models registered
    return metadata


def traject_kolom(table: Table) -> Column | None:
    """The column of `table` that names a trajectory, or None."""
    for fk in table.foreign_keys:
        if fk.column.table.name == TRAJECT_TABLE and fk.column.name == "id":
            return fk.parent
    return table.c.get("traject_id")


def traject_tabellen() -> list[tuple[Table, Column]]:
    """Every table (but the trajectory itself and the log) with a column naming a trajectory, in schema order."""
    result = []
    for table in _metadata().sorted_tables:
        if table.name in (TRAJECT_TABLE, LOG_TABLE):
            continue
        column = traject_kolom(table)
        if column is not None:
            result.append((table, column))
    return result


def _verwijzingen(table: Table) -> list[tuple[Table, Column, Column]]:
    """(child table, its column, the referred column of `table`) for every foreign key to `table`."""
    result = []
    for child in _metadata().sorted_tables:
        if child is table or child.name == LOG_TABLE:
            continue
        for fk in child.foreign_keys:
            if fk.column.table is table:
                result.append((child, fk.parent, fk.column))
    return result


def _wis_rijen(table: Table, where, geteld: Counter, pad: tuple = ()) -> None:
    """Delete the rows of `table` matched by `where`, after the rows of other tables that refer to them."""
    for child, column, referred in _verwijzingen(table):
        if child in pad:
            continue
        _wis_rijen(child, column.in_(select(referred).where(where)), geteld, (*pad, table))
    result = db.session.execute(delete(table).where(where).execution_options(synchronize_session=False))
    geteld[table.name] += result.rowcount or 0  # type: ignore[attr-defined]  # a DELETE gives a CursorResult


def wis_trajecten(ids: list[str]) -> Counter:
    """Delete every row of these trajectories in every table but the log, children before parents, and blank their
    lines in the kept copies of rejected uploads. Used by data-subject requests and by `portal retention`. Returns the
    count per table. Flushes nothing of the ORM: the caller expires what it holds."""
    geteld: Counter = Counter()
    if not ids:
        return geteld
    caseload.gedeelde_wissen()  # what the server's processes share of the caseloads goes at the commit
    geteld.update(_schoon_bewaarde_kopieen(ids))
    # Tables that name a trajectory without a foreign key first (their own children go before them), then the
    # trajectory and everything that refers to it by foreign key.
    for table, column in reversed(traject_tabellen()):
        if not any(fk.column.table.name == TRAJECT_TABLE for fk in column.foreign_keys):
            _wis_rijen(table, column.in_(ids), geteld)
    traject = _metadata().tables[TRAJECT_TABLE]
    _wis_rijen(traject, traject.c.id.in_(ids), geteld)
    return geteld


def _schoon_bewaarde_kopieen(ids: list[str]) -> Counter:
    """A rejected upload keeps a BSN-masked copy of its rows for the aanbieder (aanlever_batch.bewaard_csv). Its
    lines of an erased trajectory are blanked (a blank line keeps the other rows' line numbers, which the report
    cites); the batch's report entries of those lines go too. The rest of the copy stays usable."""
    geteld: Counter = Counter()
    needles = [i.encode() for i in ids]
    for batch in db.session.scalars(select(AanleverBatch).where(AanleverBatch.bewaard_csv.is_not(None))):
        data = batch.bewaard_csv
        if not data or not any(n in data for n in needles):
            continue
        lines = data.split(b"\n")
        gewist = {n + 1 for n, line in enumerate(lines) if n > 0 and any(x in line for x in needles)}
        kept = [b"" if n + 1 in gewist else line for n, line in enumerate(lines)]
        # A copy with no row left is dropped whole: the aanbieder's report would have nothing to show.
        batch.bewaard_csv = b"\n".join(kept) if any(line.strip() for line in kept[1:]) else None
        batch.errors = [e for e in (batch.errors or []) if e.get("line") not in gewist
                        and not any(i in str(e.get("value", "")) for i in ids)]
        geteld["aanlever_batch (bewaarde kopie geschoond)"] += 1
    db.session.flush()
    return geteld


def rijen_van(ids: list[str]) -> dict[str, tuple[str, list[dict]]]:
    """Every row of these trajectories per table (the trajectory itself under `traject`): the name of the column
    that holds the traject_id, and the rows as plain mappings."""
    traject = _metadata().tables[TRAJECT_TABLE]
    result = {TRAJECT_TABLE: ("id", [dict(r) for r in db.session.execute(
        select(traject).where(traject.c.id.in_(ids)).order_by(traject.c.id)).mappings()])}
    for table, column in traject_tabellen():
        order = list(table.primary_key.columns)
        result[table.name] = (column.key, [dict(r) for r in db.session.execute(
            select(table).where(column.in_(ids)).order_by(*order)).mappings()])
    return result
