"""The processing log as the privacy officer reads it: her gemeente's entries, filtered, a page at a time, exported
to CSV or XLSX, and the log of one trajectory for `GET /api/v1/verwerkingslog` (also after it was erased).

Reading the log is not itself logged in it. The log holds who processed which pseudonymous trajectory when and
under which activity, not the trajectory's content (no deliveries, no voortgang); reading it is the supervision
the log exists for (AVG art. 5(2), 30 and 32), not a processing of trajectory data under a register activity. Logging
it per row would also make the log grow with every look at itself: an export of 10,000 rows would add 10,000
entries about the export. Exports of the log are noted in the application log (who, which filters, how many rows).
Only a gemeente's privacy officer reads its log, and only that gemeente's entries (`LogEntry.gemeente`).
"""
from __future__ import annotations

import datetime as dt
import io
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import astuple, dataclass

from flask import abort
from sqlalchemy import Select, bindparam, case, func, or_, select, true

from dpia.activiteiten import label
from dpia.verwerkingsstop.services import WEIGERING, utc_grenzen
from portal import access
from portal.extensions import db
from portal.models import LogEntry, Traject, User, Verwerkingsactie
from portal.queryargs import aantal_paginas
from portal.spreadsheet import csv_bytes, workbook, write_text
from portal.timeutil import nl_datetime as lokaal
from portal.trajecten.ids import normalise

PER_PAGE = 50
KOLOMMEN = ["tijdstip", "gebruiker", "organisatie", "traject_id", "actie", "verwerkingsactiviteit", "toelichting"]


@dataclass
class LogFilter:
    """What the privacy officer filters on; empty fields do not filter. Dates are Dutch calendar days, inclusive."""

    traject_id: str | None = None
    gebruiker: str | None = None       # part of an e-mail address
    organisatie: str | None = None     # organisation code
    activiteit: str | None = None      # activity code
    actie: str | None = None
    van: dt.date | None = None
    tot: dt.date | None = None
    alleen_weigeringen: bool = False

    def as_args(self) -> dict:
        """The filter as query-string arguments (for pagination and export links)."""
        args = {"traject_id": self.traject_id, "gebruiker": self.gebruiker, "organisatie": self.organisatie,
                "activiteit": self.activiteit, "actie": self.actie,
                "van": self.van.isoformat() if self.van else None, "tot": self.tot.isoformat() if self.tot else None,
                "weigeringen": "ja" if self.alleen_weigeringen else None}
        return {k: v for k, v in args.items() if v}


@dataclass
class LogPage:
    items: list  # rows with the shown columns of LogEntry
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return aantal_paginas(self.total, self.per_page)



def query(user: User, f: LogFilter) -> Select:
    """The privacy officer's gemeente's log entries that match the filter, oldest first within the query."""
    access.vereis_privacy(user)
    q = select(LogEntry).where(LogEntry.gemeente == user.organisatie.code)
    if f.traject_id:
        q = q.where(LogEntry.traject_id == normalise(f.traject_id))
    if f.gebruiker:
        q = q.where(func.lower(LogEntry.gebruiker).contains(f.gebruiker.strip().lower(), autoescape=True))
    if f.organisatie:
        q = q.where(LogEntry.organisatie == f.organisatie.strip().upper())
    if f.activiteit:
        q = q.where(LogEntry.verwerkingsactiviteit == f.activiteit)
    if f.actie:
        q = q.where(LogEntry.actie == f.actie)
    if f.van or f.tot:
        start, end = utc_grenzen(f.van or dt.date(2000, 1, 1), f.tot or dt.date(9998, 12, 30))
        if f.van:
            q = q.where(LogEntry.tijdstip >= start)
        if f.tot:
            q = q.where(LogEntry.tijdstip < end)
    if f.alleen_weigeringen:
        q = q.where(LogEntry.toelichting.startswith(WEIGERING))
    return q


def pagina(user: User, f: LogFilter, page: int = 1, per_page: int = PER_PAGE, alle: int | None = None) -> LogPage:
    """One page of matching entries, newest first. `alle`: the number of all the gemeente's entries, when the caller
    has it from `organisaties_en_aantal` in the same request (the count of a page without filters)."""
    q = query(user, f)
    total = alle if alle is not None and not any(astuple(f)) else _aantal(user.organisatie.code, f, q)
    page = max(1, min(page, aantal_paginas(total, per_page)))
    # The shown columns as plain rows (attribute access like the entries; no ORM identity work for 50 objects).
    items = db.session.execute(q.with_only_columns(*_GETOOND, maintain_column_froms=True).order_by(LogEntry.id.desc())
                               .offset((page - 1) * per_page).limit(per_page)).all()
    return LogPage(list(items), total, page, per_page)


_GETOOND = (LogEntry.id, LogEntry.tijdstip, LogEntry.gebruiker, LogEntry.organisatie, LogEntry.traject_id,
            LogEntry.actie, LogEntry.verwerkingsactiviteit, LogEntry.toelichting)


def _rijen(user: User, f: LogFilter) -> Iterator[list[str]]:
    """Every matching entry in chain order, as export cells (local time, codes as stored)."""
    result = db.session.execute(query(user, f).order_by(LogEntry.id).execution_options(yield_per=2_000)).scalars()
    for e in result:
        yield [lokaal(e.tijdstip), e.gebruiker, e.organisatie, e.traject_id, e.actie, e.verwerkingsactiviteit,
               e.toelichting or ""]


def export_csv(user: User, f: LogFilter) -> tuple[bytes, int]:
    """The matching entries as CSV for Dutch Excel (cells made formula-safe by spreadsheet.csv_bytes); and the count."""
    rows = list(_rijen(user, f))
    return csv_bytes([KOLOMMEN, *rows]), len(rows)


def export_xlsx(user: User, f: LogFilter) -> tuple[bytes, int]:
    """The matching entries as XLSX, every cell written as text (never a formula); and the count."""
    out = io.BytesIO()
    book = workbook(out, constant_memory=True)
    sheet = book.add_worksheet("verwerkingslog")
    bold = book.add_format({"bold": True, "bottom": 1})
    for column, (name, width) in enumerate(zip(KOLOMMEN, (17, 32, 12, 13, 12, 30, 40), strict=True)):
        sheet.set_column(column, column, width)
        write_text(sheet, 0, column, name, bold)
    count = 0
    for count, row in enumerate(_rijen(user, f), start=1):
        for column, value in enumerate(row):
            write_text(sheet, count, column, value)
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue(), count


def voor_traject(user: User, traject_id: str) -> list[LogEntry]:
    """The log of one trajectory of the caller's gemeente, oldest first. It answers also after the trajectory was
    erased (the log keeps that it was processed). A trajectory of another gemeente answers 404, exactly like one
    that never existed: both take the same two queries and the same answer, so neither status, body nor timing
    tells them apart."""
    access.vereis_privacy(user)
    traject_id = normalise(traject_id)
    gemeente_id = db.session.scalar(select(Traject.gemeente_id).where(Traject.id == traject_id))
    entries = list(db.session.scalars(select(LogEntry).where(LogEntry.gemeente == user.organisatie.code,
                                                             LogEntry.traject_id == traject_id)
                                      .order_by(LogEntry.id)))
    if not entries and gemeente_id != user.organisatie_id:
        abort(404)
    return entries


# The log's count and its organisations, kept per process up to a place in the chain. The log is append-only and the
# sequencer gives each committed action the next `volgnummer` (portal/verwerkingslog.py, `seal`), so the entries up
# to a volgnummer V never change: a page counts only what came after V (sequenced later, or not yet: a few seconds'
# worth) instead of the gemeente's whole log. The hash of action V is read in the same statement: another database
# (a test's, a restore) or a rewritten chain does not match, and the log is counted whole again.
_ACTIE = Verwerkingsactie.__table__
_VOLGNUMMER = _ACTIE.c.volgnummer
_HASH = _ACTIE.c.hash
_VOORUIT = 200  # sequenced entries after V that move V forward (one statement more, then fewer to count each time)


class _Vast:
    """A small per-process LRU map, shared by the server's threads."""

    def __init__(self, size: int = 256):
        self._lock = threading.Lock()
        self._items: OrderedDict = OrderedDict()
        self._size = size

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_vast = _Vast()

# The statements' fixed parts, built once (building them cost more than running them); V is the parameter "v".
_NA = or_(_VOLGNUMMER > bindparam("v"), _VOLGNUMMER.is_(None))  # after V in the chain, or not in it yet
_KOP = _ACTIE.alias("kop")
_KOP_HASH = select(_KOP.c.hash).where(_KOP.c.volgnummer == bindparam("v"))  # none when V is not in this chain
_TELLING = (_KOP_HASH.scalar_subquery(), func.count(), func.count(_VOLGNUMMER), func.max(_VOLGNUMMER))
# Per code after V: its entries, of which sequenced, and their last volgnummer; each row with the hash of action V
# (one row of None codes when nothing came after V; no row when V is not in this database's chain).
# With each code's entries after V all told ("alle", sequenced or not): the unfiltered page's count comes with them.
_NA_PER_CODE = (select(LogEntry.organisatie, func.count(_VOLGNUMMER).label("n"), func.max(_VOLGNUMMER).label("m"),
                       func.count().label("alle"))
                .where(LogEntry.gemeente == bindparam("gemeente"), _NA).group_by(LogEntry.organisatie).subquery())
_KOP_RIJ = _KOP_HASH.subquery()
_ORGANISATIES_NA = (select(_KOP_RIJ.c.hash, _NA_PER_CODE.c.organisatie, _NA_PER_CODE.c.n, _NA_PER_CODE.c.m,
                           _NA_PER_CODE.c.alle)
                    .select_from(_KOP_RIJ.outerjoin(_NA_PER_CODE, true())))


def vergeten() -> None:
    """Drop what this process kept of the logs' counts (tests; the next page counts whole)."""
    _vast.clear()


def organisaties(user: User) -> list[str]:
    """The organisation codes that appear in the gemeente's log, for the filter's choices."""
    return organisaties_en_aantal(user)[0]


def organisaties_en_aantal(user: User) -> tuple[list[str], int]:
    """The organisation codes that appear in the gemeente's log, and the number of its entries. Kept with the number
    of the gemeente's entries up to V: the statement that asks for the codes after V also counts the entries after
    V, which gives the unfiltered page its count (`pagina(…, alle=)`) without a statement of its own."""
    access.vereis_privacy(user)
    gemeente = user.organisatie.code
    key = ("organisaties", gemeente)
    kept = _vast.get(key)
    if kept is not None:
        volgnummer, link, codes, geteld = kept
        rows = db.session.execute(_ORGANISATIES_NA, {"gemeente": gemeente, "v": volgnummer}).all()
        if rows and rows[0][0] == link:
            nieuw = {r[1] for r in rows if r[1] is not None}
            if sum(r[2] or 0 for r in rows) >= _VOORUIT:
                # Move V forward: a code once in the (append-only) log stays in it, sequenced or not yet; the
                # entries up to the last sequenced one counted are fixed.
                verder = max(r[3] for r in rows if r[3] is not None)
                later = db.session.scalar(select(_HASH).where(_VOLGNUMMER == verder))
                _vast.put(key, (verder, later, codes | nieuw, geteld + sum(r[2] or 0 for r in rows)))
            return sorted(codes | nieuw), geteld + sum(r[4] or 0 for r in rows)
    head = _kop()
    per_code = (select(LogEntry.organisatie, func.count(), func.count(case((_VOLGNUMMER <= head[0], 1))))
                .where(LogEntry.gemeente == gemeente).group_by(LogEntry.organisatie)
                if head is not None else
                select(LogEntry.organisatie, func.count(), func.count()).where(LogEntry.gemeente == gemeente)
                .group_by(LogEntry.organisatie))
    rows = db.session.execute(per_code).all()
    codes = {r[0] for r in rows}
    if head is not None:
        # Every code of the log is kept with the head, and how many entries up to it; what comes after is asked
        # each time.
        _vast.put(key, (*head, frozenset(codes), sum(r[2] for r in rows)))
    return sorted(codes), sum(r[1] for r in rows)


def _kop() -> tuple[int, str] | None:
    """The chain's head (volgnummer, hash), or None while nothing is chained."""
    row = db.session.execute(select(_VOLGNUMMER, _HASH).where(_VOLGNUMMER.is_not(None))
                             .order_by(_VOLGNUMMER.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def _tellen(q: Select) -> Select:
    """(hash of action V, entries of `q` after V, of which sequenced, their last volgnummer): one row (V: "v")."""
    return q.where(_NA).with_only_columns(*_TELLING, maintain_column_froms=True)


def _aantal(gemeente: str, f: LogFilter, q: Select) -> int:
    """The number of entries `q` (the gemeente's, filtered by `f`) matches: what was counted up to a kept place in
    the chain plus what came after it."""
    key = ("aantal", gemeente, astuple(f))
    kept = _vast.get(key)
    if kept is not None:
        volgnummer, link, counted = kept
        row = db.session.execute(_tellen(q), {"v": volgnummer}).one()
        if row[0] == link:
            if row[2] >= _VOORUIT:
                # Move V forward to the last sequenced entry counted: the entries up to it are fixed now.
                later = db.session.scalar(select(_HASH).where(_VOLGNUMMER == row[3]))
                _vast.put(key, (row[3], later, counted + row[2]))
            return counted + row[1]
    head = _kop()
    if head is None:
        return db.session.scalar(select(func.count()).select_from(q.subquery())) or 0
    row = db.session.execute(q.with_only_columns(func.count(), func.count(case((_VOLGNUMMER <= head[0], 1))),
                                                 maintain_column_froms=True)).one()
    _vast.put(key, (*head, row[1]))
    return row[0]


def toon_activiteit(code: str) -> str:
    return label(code)


def is_weigering(entry: LogEntry) -> bool:
    return bool(entry.toelichting) and entry.toelichting.startswith(WEIGERING)

