"""Scoping of a gemeente's privacy records in one place: a mixin, the caller's scope on the session, and two events.

Every privacy table that belongs to one gemeente (register, agreements, stops, DPIA's, leaks, requests) carries the
`GemeenteRecord` mixin. The session holds the caller's scope: one gemeente id, `GEEN` (a role that owns no privacy
records: aanbieder, beheerder) or `ALLE`. Every ORM SELECT then gets `with_loader_criteria(GemeenteRecord,
gemeente_id == scope)`, which also reaches joins, subqueries and relationship loads, so no service filters by hand.
In a request the scope is set once, after login (portal/access.py `scope_voor`); a SELECT of such a table in a
request without one is refused (`GeenScope`): a forgotten scope fails loudly instead of showing every gemeente.
Outside a request (CLI commands, scripts, benchmarks, a test's own set-up) there is no caller: the operator's
work crosses gemeenten (`ALLE`) unless a block sets a scope, as work on one user's behalf must (the daily digest:
`met_scope`). A statement that must cross gemeenten inside a request (the doors the core asks: stops in force,
valid agreements, register versions cited by the log) says so with `.execution_options(alle_gemeenten=True)`. A
flush of a row outside the scope is refused (`AndereGemeente`).
Raw `text()` SQL and Core statements on the tables bypass this: keep them out of the feature modules.
"""
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain
from typing import Any

from flask import has_request_context
from sqlalchemy import ForeignKey, event
from sqlalchemy.orm import Mapped, Session, mapped_column, with_loader_criteria
from sqlalchemy.sql import visitors
from sqlalchemy.sql.expression import TableClause

ALLE = "alle gemeenten"
GEEN = "geen gemeente"
_KEY = "gemeente_scope"


class GemeenteRecord:
    """A privacy record of one gemeente (its `gemeente_id`, a foreign key to organisatie, indexed): scoped by the
    events below."""

    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)


class GeenScope(RuntimeError):
    """A gemeente's privacy records were queried while the session has no scope: a programming error (500)."""


class AndereGemeente(RuntimeError):
    """A flush would write or delete a privacy record of a gemeente outside the session's scope."""


def zet_scope(session: Session, scope) -> object:
    """Set the session's scope (a gemeente id, GEEN, ALLE or None to unset); returns the previous one."""
    vorige = session.info.get(_KEY)
    if scope is None:
        session.info.pop(_KEY, None)
    else:
        session.info[_KEY] = scope
    return vorige


def huidige_scope(session: Session):
    """The session's scope; outside a request an unset scope is ALLE (the operator's work, no caller)."""
    scope = session.info.get(_KEY)
    return ALLE if scope is None and not has_request_context() else scope


@contextmanager
def met_scope(session: Session, scope) -> Iterator[None]:
    """Run a block under `scope` (a job that works per user, or for one gemeente), then restore the previous one."""
    vorige = zet_scope(session, scope)
    try:
        yield
    finally:
        zet_scope(session, vorige)


def _tabellen() -> set[str]:
    return {cls.__table__.name for cls in _mapped_subclasses(GemeenteRecord)}


def _mapped_subclasses(cls) -> Iterator[type[Any]]:
    for sub in cls.__subclasses__():
        if hasattr(sub, "__table__"):
            yield sub
        yield from _mapped_subclasses(sub)


def _raakt_gemeenterecords(statement) -> bool:
    """Whether a statement reads a GemeenteRecord table anywhere (columns, joins, subqueries)."""
    tabellen = _tabellen()
    return any(isinstance(element, TableClause) and element.name in tabellen
               for element in visitors.iterate(statement))


@event.listens_for(Session, "do_orm_execute")
def _scope_selects(state) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return  # relationship and column loads inherit the criteria of the query that loaded their parent
    if state.execution_options.get("alle_gemeenten"):
        return
    scope = huidige_scope(state.session)
    if scope == ALLE:
        return
    if scope is None:
        if _raakt_gemeenterecords(state.statement):
            raise GeenScope("Privacygegevens van een gemeente gevraagd in een request zonder scope "
                            "(access.scope_voor, met_scope of execution_options(alle_gemeenten=True)).")
        return
    if scope == GEEN:
        state.statement = state.statement.options(with_loader_criteria(
            GemeenteRecord, lambda cls: cls.gemeente_id.is_(None), include_aliases=True))
        return
    gemeente_id = scope
    state.statement = state.statement.options(with_loader_criteria(
        GemeenteRecord, lambda cls: cls.gemeente_id == gemeente_id, include_aliases=True))


@event.listens_for(Session, "before_flush")
def _weiger_andere_gemeente(session: Session, _context, _instances) -> None:
    scope = huidige_scope(session)
    if scope == ALLE:
        return
    for obj in chain(session.new, session.dirty, session.deleted):
        if not isinstance(obj, GemeenteRecord):
            continue
        gemeente_id: int | None = obj.gemeente_id  # None on a new record given its gemeente object
        if gemeente_id is None and (gemeente := getattr(obj, "gemeente", None)) is not None:
            gemeente_id = gemeente.id
        if scope is None or scope == GEEN or gemeente_id != scope:
            raise AndereGemeente(f"{type(obj).__name__} van een andere gemeente (scope: {scope}).")
