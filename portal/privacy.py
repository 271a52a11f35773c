"""The door to the privacy module: everything the portal asks of it, and nothing else.

The portal processes trajectory data under the activities of each gemeente's verwerkingsregister and within the
limits the privacy officer sets (a verwerkingsstop, a restriction under AVG art. 18, the verwerkersovereenkomsten).
It does not know how the privacy module keeps those: it asks through the named callables below, which the module
configured as `PRIVACY_MODULE` (config/defaults.py: `dpia`) registers once, from its `init_app(app)`, with
`register(app, Privacymodule(...))`. The privacy module in turn reacts to portal events (portal/signals.py) and
changes portal data only through portal services.

No privacy module registered means nothing is allowed: every question below raises `GeenPrivacymodule` rather
than answer "no stop, no restriction" (fail closed).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import ColumnElement

# The processing log's toelichting of an attempt refused by a verwerkingsstop: the portal writes it (access.py,
# the import service), the privacy module counts it in its stop report.
WEIGERING = "geweigerd: verwerkingsstop"

# How far ahead `te_doen` looks: agreements that end within VO_DAGEN days, requests due within VERZOEK_DAGEN days
# (the start page's and the digest's category texts say the same numbers).
VO_DAGEN = 60
VERZOEK_DAGEN = 7

_KEY = "privacy"


class GeenPrivacymodule(RuntimeError):
    """The portal asked the privacy module something, and no privacy module is registered on this app."""


class Stop(Protocol):
    """A verwerkingsstop in force, as the portal uses it: which one, for which gemeente, and why (shown as is)."""

    id: int
    gemeente_id: int
    gemeente: Any  # the gemeente's Organisatie

    def uitleg(self) -> str: ...


@dataclass
class Regel:
    """One thing to do, as the start page shows it (the digest never shows these); the privacy module returns its
    items due in this shape."""

    tekst: str
    wanneer: date | datetime | None = None  # the deadline (naive UTC for a datetime)
    status: str = ""                        # the badge text: the colour is never the only sign
    soort: str = "warning"                  # info | warning | error
    endpoint: str | None = None
    args: dict = field(default_factory=dict)
    traject_id: str | None = None


def termijn(dagen: int) -> tuple[str, str]:
    """Badge text and kind of a deadline `dagen` calendar days away (the `status` and `soort` of a Regel)."""
    if dagen < 0:
        return (f"{-dagen} dag{'en' if dagen < -1 else ''} te laat", "error")
    if dagen == 0:
        return ("vandaag", "error")
    return ("morgen" if dagen == 1 else f"nog {dagen} dagen", "warning")


@dataclass(frozen=True)
class Privacymodule:
    """What the privacy module provides; every field is required, so a module that forgets one fails at startup."""

    # Stops in force on an activity (Activiteit or its code), per gemeente id; all gemeenten when the ids are None.
    # access.py hides and refuses the halted work; the import service refuses deliveries for those gemeenten.
    actieve_stops: Callable[[Any, Iterable[int] | None], Mapping[int, Stop]]
    # Gemeente ids with which the aanbieder (id) has a verwerkersovereenkomst valid on the date: without one it may
    # not see nor deliver their trajectories (AVG art. 28).
    gemeenten_met_geldige_vo: Callable[[int, date], set[int]]
    # The trajectory ids among these whose processing is restricted now (AVG art. 18): deliveries are refused.
    beperkte_ids: Callable[[set[str]], set[str]]
    # A WHERE clause over a traject id column: no restriction in force (access.py hides the others).
    niet_beperkt: Callable[[Any], ColumnElement[bool]]
    # {gemeente code: id of the register version in force} of one activity code: what the processing log cites.
    geldende_versie_ids: Callable[[Iterable[str], str], dict[str, int]]
    # The privacy items due for the user on the date, per category code of the start page and the digest (the
    # privacy officer's categories, and the aanbieder's agreements that end soon).
    te_doen: Callable[[Any, date], dict[str, list[Regel]]]
    # Demo data (`portal demo`): agreements between the demo organisations (before any delivery), then the privacy
    # records that fill the privacy pages (after the trajectories).
    demo_overeenkomsten: Callable[[dict, date], None]
    demo_vullen: Callable[[dict, dict, date], None]
    # (endpoint, label) of the privacy pages in menu order, for the nav bar and the privacy start page.
    menu: list[tuple[str, str]]


def register(app, module: Privacymodule) -> None:
    """Called once by the privacy module's init_app."""
    app.extensions[_KEY] = module


def _module() -> Privacymodule:
    module = current_app.extensions.get(_KEY)
    if module is None:
        raise GeenPrivacymodule("Er is geen privacymodule geregistreerd (PRIVACY_MODULE): de portal verwerkt dan "
                                "niets.")
    return module


def geladen() -> bool:
    """Whether this app has a privacy module (the nav bar shows its menu only then)."""
    return _KEY in current_app.extensions


def actieve_stops(activiteit, gemeente_ids: Iterable[int] | None = None) -> Mapping[int, Stop]:
    return _module().actieve_stops(activiteit, gemeente_ids)


def gemeenten_met_geldige_vo(aanbieder_id: int, dag: date) -> set[int]:
    return _module().gemeenten_met_geldige_vo(aanbieder_id, dag)


def beperkte_ids(traject_ids: set[str]) -> set[str]:
    return _module().beperkte_ids(traject_ids)


def niet_beperkt(traject_id_column) -> ColumnElement[bool]:
    return _module().niet_beperkt(traject_id_column)


def geldende_versie_ids(gemeente_codes: Iterable[str], activiteit_code: str) -> dict[str, int]:
    return _module().geldende_versie_ids(gemeente_codes, activiteit_code)


def te_doen(user, vandaag: date) -> dict[str, list[Regel]]:
    return _module().te_doen(user, vandaag)


def demo_overeenkomsten(orgs: dict, dag: date) -> None:
    _module().demo_overeenkomsten(orgs, dag)


def demo_vullen(users: dict, orgs: dict, dag: date) -> None:
    _module().demo_vullen(users, orgs, dag)


def menu() -> list[tuple[str, str]]:
    return _module().menu
