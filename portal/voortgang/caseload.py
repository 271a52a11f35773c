"""The regisseur's caseload: every trajectory of the gemeente with its hours, aanbieders and open signals, filtered,
sorted and paged, built from the one hours aggregate and the set-wise signal queries (no query per row)."""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from flask import current_app, get_template_attribute, has_app_context, url_for
from markupsafe import Markup
from sqlalchemy import event

from portal import access, prioriteit, queryargs, verwerkingslog
from portal.codes import Actie, Onderdeel, Rol
from portal.extensions import db, schrijvende_thread
from portal.models import Organisatie, SignaalInstellingen, Traject, User
from portal.models.scope import met_scope
from portal.timeutil import TIJDZONE, today
from portal.voortgang import queries, signalen, uren, versie
from portal.voortgang.services import instellingen_voor
from portal.voortgang.signalen import Signaal

CHUNK = 2_000

# Sortable columns: URL key -> column of the frame. "signalen" (the default) is the most urgent deadline first.
SORTEERBAAR = {
    "traject": "traject_id", "leerroute": "leerroute", "doelgroep": "doelgroep", "gepland": "gepland",
    "aanwezig": "aanwezig", "geoorloofd": "geoorloofd", "ongeoorloofd": "ongeoorloofd", "taal": "taal_aanwezig",
    "laatste": "laatste_aanlevering", "signalen": "eerste_deadline",
}
STANDAARD_SORTERING = "signalen"
ONDERDEEL_VOLGORDE = {o.value: i for i, o in enumerate(Onderdeel)}


@dataclass
class Caseload:
    """One view of the caseload: the rows shown (a page, or everything for an export), the signals of those rows,
    and the counts the page summarises."""

    rijen: pd.DataFrame
    signalen: pd.DataFrame
    inst: object  # the gemeente's SignaalInstellingen (the explanations quote its thresholds)
    totaal: int
    pagina: int = 1
    per_pagina: int = 0
    telling: dict[str, int] = field(default_factory=dict)
    met_signaal: int = 0
    te_laat: int = 0
    uren: dict[str, float] = field(default_factory=dict)
    lijst: list[Signaal] | None = None  # the rows' signals, explained, urgent first (None: explain here)

    @property
    def paginas(self) -> int:
        return queryargs.aantal_paginas(self.totaal, self.per_pagina) if self.per_pagina else 1

    def signalen_van(self, traject_id: str) -> list[Signaal]:  # `signalen` here is the field above
        return self._per_traject.get(traject_id, [])

    def __post_init__(self):
        if self.lijst is None:
            self.lijst = signalen.als_lijst(self.signalen, self.inst)
        self._per_traject: dict[str, list[signalen.Signaal]] = {}
        for signaal in self.lijst:
            self._per_traject.setdefault(signaal.traject_id, []).append(signaal)

    def onthouden(self, sleutel, maak):
        """A value derived from this view for showing it (its rendered rows), made once per `sleutel`: a kept view
        is shown again as it is."""
        kept = self.__dict__.setdefault("_onthouden", {})
        if sleutel not in kept:
            kept[sleutel] = maak()
        return kept[sleutel]

    def tabel(self) -> list[Rij]:
        """The rows as plain Python values for the page (dates as date, missing as None), each with its link
        (`href`) and its signals' badges (`badges`, rendered by the signaal_badge macro once per kind of badge)."""
        link = url_for("trajecten.detail", traject_id=_PLEK)
        kept = self.__dict__.get("_tabel")
        if kept is not None and kept[0] == link:
            return kept[1]
        frame = self.rijen
        kolommen = []
        for name in frame.columns:
            column = frame[name]
            values: np.ndarray | list[Any]
            if pd.api.types.is_datetime64_any_dtype(column):
                values = column.to_numpy(dtype="datetime64[D]").astype(object)  # date, NaT -> None
            elif pd.api.types.is_float_dtype(column):
                numbers = column.to_numpy(dtype=float)
                values = numbers.astype(object)
                values[np.isnan(numbers)] = None
            else:
                values = [None if v is pd.NaT or (isinstance(v, float) and v != v) else v
                          for v in column.to_numpy(dtype=object)]
            kolommen.append(values)
        result = []
        for waarden in zip(*kolommen, strict=True) if kolommen else ():
            row = Rij(**dict(zip(frame.columns, waarden, strict=True)))
            row.signalen = self.signalen_van(row.traject_id)
            row.badges = [_badge(s) for s in row.signalen]
            row.href = link.replace(_PLEK, row.traject_id)
            result.append(row)
        self._tabel = (link, result)  # a kept view is shown again as it is
        return result


class Rij(SimpleNamespace):
    """One row of the page: its values as attributes (the template reads a dozen per row; Jinja finds an attribute
    at once, where on a dict it first fails getattr)."""


_PLEK = "TRAJECT"  # stands for a trajectory id in a link built once per page (ids are URL-safe: 0-9, A-Z and -)


_BADGES: dict[tuple, Markup] = {}


def _badge(s: signalen.Signaal) -> Markup:
    """A signal's badge as the caseload shows it (`signaal_badge(s, deadline=false)`): it depends only on the
    signal's type, onderdeel and lateness, so each kind is rendered by the macro once per process."""
    key = (s.type, s.onderdeel, s.te_laat)
    html = _BADGES.get(key)
    if html is None:
        html = _BADGES[key] = Markup(get_template_attribute("voortgang/_signalen.html", "signaal_badge")(
            s, deadline=False))
    return html


@dataclass
class Berekening:
    """A scope's whole caseload on one day: one row per trajectory with its hours, first deadline, lateness and
    number of open signals (`frame`, before any signal filter), its open signals (`open_`, ordered as
    signalen.bereken orders them) and the ids of its trajectories. Kept per process for a regisseur's gemeente at
    one data version (`_sleutel`), with what is derived from it on demand: sorted and filtered views, the signals'
    explanations and the aanbieders of the rows shown."""

    frame: pd.DataFrame
    open_: pd.DataFrame
    ids: frozenset[str]
    weergaven: dict = field(default_factory=dict)  # (ids, signaal, sorteer, oplopend) -> (sorted frame, open_, summary)
    bladzijden: dict = field(default_factory=dict)  # ((ids, signaal, sorteer, oplopend), pagina, per_pagina) -> view
    uitleg: dict[int, signalen.Signaal] = field(default_factory=dict)  # position in open_ -> the signal explained
    aanbieders: dict[str, str] = field(default_factory=dict)  # traject_id -> "Taalhuis (taal); ..."
    keuze: list[tuple[int, str]] | None = None  # the aanbieder filter's choices
    afgeleid: dict = field(default_factory=dict)  # name -> a value made from open_ (the start page's due signals)


_TRAJECT = "traject"  # Berekening.afgeleid[(_TRAJECT, traject id)]: that trajectory's open signals, explained

# Kept per process: computations (each a gemeente's caseload on a day at a data version, ~1 MB per 5,000
# trajectories), per computation its sorted views (each a copy of its rows) and shown pages (50 rows each).
BEWAARD, WEERGAVEN, BLADZIJDEN = 4, 8, 64
_bewaard: OrderedDict[tuple, Berekening] = OrderedDict()
_slot = threading.Lock()


@dataclass(frozen=True)
class Stand:
    """What a request reads once before it filters the caseload: the gemeente's thresholds and the key of its kept
    computation (None: compute, keep nothing), after traject_uren was brought up to date."""

    inst: object
    sleutel: tuple | None


def stand(user: User, dag: date) -> Stand:
    inst = instellingen_voor(user.organisatie_id)
    nu = data_versie(user)
    uren.bijwerken(nu)
    return Stand(inst, _sleutel(user, dag, inst, nu))


def data_versie(user: User) -> versie.Versie | None:
    """The data version, read before traject_uren is brought up to date (which then may skip its query), for a
    regisseur whose transaction has not written to the watched data; else None. A page reads it once for all it
    shows (the trajectory page: its form's aanbieders and `regie(…, nu)`)."""
    if user.rol is not Rol.regisseur or not versie.ongewijzigd():
        return None
    return versie.huidige(user.organisatie_id)


def _sleutel(user: User, dag: date, inst, nu: versie.Versie | None = None) -> tuple | None:
    """The key of a regisseur's caseload: the database's token and data version (versie.py: every committed write
    to what the signals read raises it), the gemeente, the day and the thresholds. Only a regisseur's scope (the
    gemeente's trajectories without a restriction in force) is a function of these alone; other roles compute. None
    too when this transaction wrote to that data itself (versie.ongewijzigd): what it sees has no version yet.
    `nu`: the version the caller read (`data_versie`), else it is read here."""
    if user.rol is not Rol.regisseur or not versie.ongewijzigd():
        return None
    nu = nu or versie.huidige(user.organisatie_id)
    return _sleutel_van(user.organisatie_id, dag, inst, nu) if nu.token else None


def _sleutel_van(gemeente_id: int, dag: date, inst, nu: versie.Versie) -> tuple:
    return nu.token, nu.nummer, nu.gemeente, gemeente_id, dag, tuple(sorted(inst.waarden().items()))


def _bewaarde(sleutel: tuple | None) -> Berekening | None:
    if sleutel is None:
        return None
    with _slot:
        berekening = _bewaard.get(sleutel)
        if berekening is not None:
            _bewaard.move_to_end(sleutel)
        return berekening


def _bewaren(sleutel: tuple | None, berekening: Berekening) -> None:
    if sleutel is None:
        return
    with _slot:
        _bewaard[sleutel] = berekening
        while len(_bewaard) > BEWAARD:
            _bewaard.popitem(last=False)


_bezig: dict[tuple, threading.Lock] = {}  # per key being computed: the lock its computing thread holds


def _bewaard_of_berekend(sleutel: tuple, maak) -> Berekening:
    """The kept computation of `sleutel`, or the one another process shared (`_gedeelde`), or `maak()`, kept and
    shared. One thread of the process makes a key at a time: the threads of a gthread worker that miss the same key
    together (right after a write) wait for the first one's result instead of each computing it again."""
    berekening = _bewaarde(sleutel)
    if berekening is not None:
        return berekening
    with _slot:
        bezig = _bezig.setdefault(sleutel, threading.Lock())
    try:
        with bezig:
            berekening = _bewaarde(sleutel) or _gedeelde(sleutel)
            if berekening is None:
                with _tussen_processen(sleutel):
                    berekening = _gedeelde(sleutel)
                    if berekening is None:
                        berekening = maak()
                        _bewaren(sleutel, berekening)
                        _delen(sleutel, berekening)
    finally:
        with _slot:
            if _bezig.get(sleutel) is bezig:
                del _bezig[sleutel]
    return berekening


# Shared between the processes of one server (config/gunicorn.py: CASELOAD_GEDEELD, a directory in memory that only
# the server's user can read, made by gunicorn's master for its workers): so that after a write one process computes
# the gemeente's caseload and the others read it (~1 ms) instead of each computing it again. One file per database
# and gemeente, holding the latest computation shared and its key: a computation replaces the one before it, so no
# superseded version stays behind, and it is read only at its own key (database token, data version, gemeente,
# day, thresholds). A file is written whole under another name and then renamed (a reader sees all of it or nothing).
# An erasure drops every file when it commits (`gedeelde_wissen`).


def _gedeelde_map() -> str | None:
    """The shared directory, when the app has one (not outside a request or app context: tests of the kept
    computation itself, the benches' cold runs)."""
    return (current_app.config.get("CASELOAD_GEDEELD") or None) if has_app_context() else None


def _gedeeld_pad(sleutel: tuple) -> str | None:
    """The file of `sleutel`'s database and gemeente in the shared directory (None: nothing is shared)."""
    map_ = _gedeelde_map()
    if not map_:
        return None
    return os.path.join(map_, hashlib.sha256(repr((sleutel[0], sleutel[3])).encode()).hexdigest() + ".pickle")


@contextmanager
def _tussen_processen(sleutel: tuple):
    """While a process computes a gemeente's caseload to share it, the others that miss it wait for it (an
    exclusive lock on a file per database and gemeente; the kernel lets go of it when the process ends), so that a
    write is followed by one computation, not one per process. Without sharing: nothing to wait for."""
    pad = _gedeeld_pad(sleutel)
    if pad is None:
        yield
        return
    import fcntl
    with open(pad.removesuffix(".pickle") + ".slot", "a") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(slot, fcntl.LOCK_UN)


def _gedeelde(sleutel: tuple) -> Berekening | None:
    """The computation of `sleutel` another process of this server shared, kept in this one too; else None."""
    pad = _gedeeld_pad(sleutel)
    if pad is None:
        return None
    try:
        with open(pad, "rb") as bestand:
            gedeeld, frame, open_, ids, uitleg, per_traject = pickle.load(bestand)
    except (FileNotFoundError, EOFError, pickle.UnpicklingError, ValueError):
        return None
    if gedeeld != sleutel:  # the gemeente's computation at another version, day or thresholds
        return None
    berekening = Berekening(frame, open_, ids, uitleg=uitleg)
    berekening.afgeleid.update(((_TRAJECT, traject_id), lijst) for traject_id, lijst in per_traject.items())
    _bewaren(sleutel, berekening)
    return berekening


def _delen(sleutel: tuple, berekening: Berekening) -> None:
    """Share a computation made at `sleutel` with the other processes (`_gedeelde`), in place of the gemeente's
    computation shared before."""
    pad = _gedeeld_pad(sleutel)
    if pad is None:
        return
    tijdelijk = f"{pad}.{os.getpid()}.{threading.get_ident()}"
    try:
        per_traject = {naam[1]: lijst for naam, lijst in list(berekening.afgeleid.items())
                       if isinstance(naam, tuple) and naam[0] == _TRAJECT}
        with open(tijdelijk, "wb") as bestand:
            pickle.dump((sleutel, berekening.frame, berekening.open_, berekening.ids, dict(berekening.uitleg),
                         per_traject), bestand, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tijdelijk, pad)
    except OSError:  # not shared (a full disk): this process keeps its own
        with suppress(OSError):
            os.unlink(tijdelijk)


def gedeelde_wissen() -> None:
    """Drop every shared computation when the current transaction commits: trajectories are being erased, and no
    copy of what the caseload computed about them stays behind in the shared directory. (A process that computed
    at the version before the erasure may still share that computation; it is never read at a later version, and
    the gemeente's next computation replaces it.)"""
    map_ = _gedeelde_map()
    if map_ is None:
        return
    event.listen(db.session(), "after_commit", lambda _session: _leeg(map_), once=True)


def _leeg(map_: str | None) -> None:
    if map_:
        for naam in os.listdir(map_):
            if naam.endswith(".pickle"):
                with suppress(OSError):
                    os.unlink(os.path.join(map_, naam))


def vergeten() -> None:
    """Drop every kept computation, the shared ones too (tests that change data behind SQLAlchemy's back), and
    forget at which version traject_uren had nothing to count."""
    with _slot:
        _bewaard.clear()
    uren._schoon_bij[0] = None
    _leeg(_gedeelde_map())


def berekenen(scope, dag: date, inst) -> Berekening:
    """The caseload of a scope on `dag`: the hours aggregate and the signals engine, once for all its trajectories.
    The caller has brought traject_uren up to date (`uren.bijwerken`)."""
    trajecten = queries.trajecten_met_uren(scope)
    open_ = signalen.bereken(scope, dag, inst, trajecten)

    # open_ is ordered by deadline: a trajectory's first signal has its most urgent deadline, late if any is late.
    # Per trajectory from plain arrays (a join of a per-trajectory frame cost pandas more than the rules).
    eerste: dict[str, int] = {}
    aantal: dict[str, int] = {}
    for i, traject_id in enumerate(open_["traject_id"].to_numpy(dtype=object)):
        eerste.setdefault(traject_id, i)
        aantal[traject_id] = aantal.get(traject_id, 0) + 1
    ids = trajecten["traject_id"].to_numpy(dtype=object)
    plek = np.fromiter((eerste.get(i, -1) for i in ids), dtype=np.int64, count=len(ids))
    heeft = plek >= 0
    deadline = np.full(len(ids), np.datetime64("NaT", "ns"))
    deadline[heeft] = open_["deadline"].to_numpy(dtype="datetime64[ns]")[plek[heeft]]
    te_laat = np.zeros(len(ids), dtype=bool)
    te_laat[heeft] = open_["te_laat"].to_numpy(dtype=bool)[plek[heeft]]
    frame = trajecten  # made for this computation alone: its columns are added in place
    frame["eerste_deadline"] = deadline
    frame["te_laat"] = te_laat
    frame["aantal_signalen"] = np.fromiter((aantal.get(i, 0) for i in ids), dtype=np.int64, count=len(ids))
    frame["laatste_aanlevering"] = (frame["laatste_aanlevering"].dt.tz_localize("UTC")
                                    .dt.tz_convert(TIJDZONE).dt.tz_localize(None).dt.normalize())
    return Berekening(frame, open_, frozenset(frame["traject_id"]))


# Computed ahead: when the server's processes share their computations (CASELOAD_GEDEELD, gunicorn), a commit that
# raised gemeenten' data versions (a delivery) asks a thread of its process to compute those gemeenten' caseloads
# for their regisseurs at the new version, and to keep and share them. Without it the first page after a delivery
# computed it: a trajectory page then cost 30-50 ms of CPU instead of 12-15, the slowest tenth of them under load
# (bench/README.md, "Load"). The computation is what a regisseur's next page would make (same scope, key and code);
# nothing of it is shown or logged until a page shows it and logs what it shows, and nothing is computed while the
# regisseurs' activity is halted for the gemeente (a verwerkingsstop). The thread runs at a lower CPU priority
# (portal/prioriteit.py): the pages being served go first.


class _Vooruit:
    """One daemon thread per process that computes ahead for the gemeenten asked, each once for the latest ask."""

    def __init__(self):
        self._wacht = threading.Condition()
        self._gemeenten: set[int] = set()
        self._pid: int | None = None

    def vragen(self, gemeente_ids: frozenset[int]) -> None:
        if not gemeente_ids or not _gedeelde_map() or current_app.testing:  # tests call `vooruit` themselves
            return
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        with self._wacht:
            self._gemeenten |= gemeente_ids
            if self._pid != os.getpid():  # not started in this process yet (a fork starts without threads)
                self._pid = os.getpid()
                threading.Thread(target=self._run, args=(app,), name="caseload-vooruit", daemon=True).start()
            self._wacht.notify()

    def _run(self, app) -> None:
        prioriteit.verlaag()
        schrijvende_thread()  # on SQLite: take the write lock at BEGIN, as a request does (it may count hours)
        while True:
            with self._wacht:
                while not self._gemeenten:
                    self._wacht.wait()
                gemeente_ids, self._gemeenten = sorted(self._gemeenten), set()
            for gemeente_id in gemeente_ids:
                try:
                    with app.app_context():
                        vooruit(gemeente_id)
                except Exception:  # noqa: BLE001 (a page computes it then, as without this thread)
                    app.logger.warning("caseload: vooruit berekenen mislukt", exc_info=True)


_vooruit = _Vooruit()
versie.na_ophoging(_vooruit.vragen)


def vooruit(gemeente_id: int) -> Berekening | None:
    """The caseload of this gemeente's regisseurs at the current data version, computed (or brought up to date from
    an earlier one) and kept and shared, as their next caseload page would; None when the regisseurs' activity is
    halted for the gemeente or there is no version to key it to. Outside a request, in a transaction of its own."""
    session = db.session()
    with met_scope(session, gemeente_id):
        try:
            if access.regisseurs_gestopt(gemeente_id) or not versie.ongewijzigd():
                return None
            dag, inst = today(), instellingen_voor(gemeente_id)
            nu = versie.huidige(gemeente_id)
            if uren.bijwerken(nu):  # hours counted now: that commit raises the version and asks again
                session.commit()
                return None
            if not nu.token:
                return None
            sleutel = _sleutel_van(gemeente_id, dag, inst, nu)
            scope = access.regisseur_trajecten(gemeente_id)
            return _bewaard_of_berekend(sleutel, lambda: _vooraf_uitgelegd(
                _bijgewerkt(sleutel, scope, dag, inst) or berekenen(scope, dag, inst), inst))
        finally:
            session.rollback()


UITLEG_VOORUIT = 2_000  # open signals a computation made ahead explains before it is shared (~7 µs of CPU each)


def _vooraf_uitgelegd(berekening: Berekening, inst) -> Berekening:
    """A computation made ahead with every open signal explained (`uitleg`, what the caseload page shows) and per
    trajectory (what its page shows), before it is kept and shared: the pages of every process read them instead of
    each explaining its own (~1 ms of a trajectory page under load; bench/README.md, "Load"). The same explanations
    as a page makes (`signalen.als_lijst`, row by row in the engine's order). Not for a gemeente with more than
    UITLEG_VOORUIT open signals: its pages explain what they show, as before."""
    open_ = berekening.open_
    if len(open_) > UITLEG_VOORUIT or len(berekening.ids) > UITGELEGD:
        return berekening
    lijst = signalen.als_lijst(open_, inst)
    berekening.uitleg.update(zip(open_.index, lijst, strict=True))
    per_traject: dict[str, list[Signaal]] = {traject_id: [] for traject_id in berekening.ids}
    for signaal in lijst:
        per_traject.setdefault(signaal.traject_id, []).append(signaal)
    berekening.afgeleid.update(((_TRAJECT, traject_id), signalen_) for traject_id, signalen_ in per_traject.items())
    return berekening


SPLITSEN = 0.6  # bring a kept computation up to date when at most this share of its trajectories changed


def _eerdere(sleutel: tuple) -> tuple[int, Berekening] | None:
    """The kept computation with the same key but an earlier number of the gemeente's own counter (the latest of
    them), with that number: what only deliveries about the gemeente's trajectories changed since (versie.py)."""
    token, nummer, gemeente, rest = sleutel[0], sleutel[1], sleutel[2], sleutel[3:]
    with _slot:
        eerder = [(k[2], b) for k, b in _bewaard.items() if k[:2] == (token, nummer) and k[3:] == rest
                  and k[2] < gemeente]
    return max(eerder, key=lambda nb: nb[0], default=None)


def _ongewijzigd_sinds(sleutel: tuple) -> tuple[Berekening, frozenset[str]] | None:
    """An earlier kept computation of this key (`_eerdere`) and the trajectories of it that changed since, when
    every change since is recorded (versie.wijzigingen); else None."""
    eerder = _eerdere(sleutel)
    if eerder is None:
        return None
    van, oud = eerder
    gewijzigd = versie.wijzigingen(sleutel[3], van, sleutel[2])
    return None if gewijzigd is None else (oud, gewijzigd & oud.ids)


def _bijgewerkt(sleutel: tuple, scope, dag: date, inst, sinds=None) -> Berekening | None:
    """The computation of `sleutel` made from an earlier kept one by recomputing only the trajectories changed since
    (the rules work per trajectory: a trajectory's rows of a scope are those of a scope of one) and splicing their
    rows into `frame` and `open_` (in the engine's order); None when there is no such computation, a change since
    is not recorded, or most of it changed (then computing everything costs about the same). `sinds`: what
    `_ongewijzigd_sinds` gave, when the caller asked already."""
    sinds = sinds or _ongewijzigd_sinds(sleutel)
    if sinds is None:
        return None
    oud, gewijzigd = sinds
    if not gewijzigd:  # the changes were about trajectories outside the scope (a restriction in force)
        return oud
    if len(gewijzigd) > SPLITSEN * len(oud.ids):
        return None
    nieuw = berekenen(scope.where(Traject.id.in_(sorted(gewijzigd))), dag, inst)
    if nieuw.ids != gewijzigd:
        return None
    blijft = ~oud.frame["traject_id"].isin(gewijzigd).to_numpy()
    frame = pd.concat([oud.frame[blijft], nieuw.frame], ignore_index=True)
    frame = frame.iloc[pd.Index(frame["traject_id"]).get_indexer(oud.frame["traject_id"])].reset_index(drop=True)
    open_ = oud.open_[~oud.open_["traject_id"].isin(gewijzigd).to_numpy()]
    delen = [deel for deel in (open_, nieuw.open_) if len(deel)]
    open_ = signalen.afronden(pd.concat(delen, ignore_index=True), dag) if delen else nieuw.open_
    # dict(...) copies at once (other threads may be adding to the kept computation's dicts while we read)
    return Berekening(frame, open_, oud.ids, keuze=oud.keuze,
                      aanbieders={t: a for t, a in dict(oud.aanbieders).items() if t not in gewijzigd},
                      afgeleid={k: v for k, v in dict(oud.afgeleid).items()
                                if isinstance(k, tuple) and k[0] == _TRAJECT and k[1] not in gewijzigd})


def _basis(user: User, dag: date, filters: queries.Filters | None,
           vooraf: Stand | None = None) -> tuple[object, Berekening, frozenset[str]]:
    """The gemeente's thresholds, a computation that covers the filtered scope, and the ids of that scope.

    Without a key (`_sleutel`) it computes the filtered scope, as it always did. With one it takes the kept
    computation of the user's whole scope (or makes and keeps it): unfiltered, that scope is exactly the
    computation's trajectories (a regisseur's scope is the gemeente's trajectories without a restriction in force,
    both watched by the data version); filtered, the ids the filters leave are read from the database on every call,
    so the filters are always today's, and a computation that lacks any of them is not used."""
    vooraf = vooraf or stand(user, dag)
    scope = access.visible_trajecten(user)
    gefilterde = queries.gefilterd(scope, filters)
    berekening: Berekening | None
    if vooraf.sleutel is None:
        berekening = berekenen(gefilterde, dag, vooraf.inst)
        return vooraf.inst, berekening, berekening.ids
    berekening = _bewaard_of_berekend(vooraf.sleutel, lambda: _bijgewerkt(vooraf.sleutel, scope, dag, vooraf.inst)
                                      or berekenen(scope, dag, vooraf.inst))
    if filters is None or filters == queries.Filters():
        return vooraf.inst, berekening, berekening.ids
    ids = frozenset(db.session.scalars(gefilterde.with_only_columns(Traject.id)))
    if not ids <= berekening.ids:  # a trajectory committed since the version was read: compute what was asked
        berekening = berekenen(gefilterde, dag, vooraf.inst)
        ids = berekening.ids
    return vooraf.inst, berekening, ids


def uit_open_signalen(user: User, dag: date, naam: str,
                      maak: Callable[[object, pd.DataFrame, Callable[[pd.DataFrame], list[Signaal]]], Any]) -> Any:
    """`maak(inst, open_, uitleggen)` over the gemeente's thresholds and the open signals of the user's whole scope
    on `dag`, as signalen.bereken gives them: from the kept computation when there is one (the start page and the
    caseload then share it), and then made once per computation under `naam` (the start page's due signals: the
    same between writes, like the caseload's pages); made every time when nothing is kept (another role, or this
    transaction wrote). `uitleggen(rows of open_)` is `signalen.als_lijst` of those rows; on a kept computation each
    signal is explained once, for the caseload's pages and this alike (`_uitgelegd`)."""
    vooraf = stand(user, dag)
    inst, berekening, _ids = _basis(user, dag, None, vooraf)
    if vooraf.sleutel is None:
        return maak(inst, berekening.open_, lambda rows: signalen.als_lijst(rows, inst))
    kept = berekening.afgeleid
    if naam not in kept:
        kept[naam] = maak(inst, berekening.open_, lambda rows: _uitgelegd(berekening, rows, inst))
    return kept[naam]


def _filteren(berekening: Berekening, ids: frozenset[str],
              signaal: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame, open_ = berekening.frame, berekening.open_
    if ids != berekening.ids:
        frame = frame[frame["traject_id"].isin(ids).to_numpy()]
    if signaal == "alle":
        frame = frame[frame["aantal_signalen"].to_numpy() > 0]
    elif signaal == "te_laat":
        frame = frame[frame["te_laat"].to_numpy()]
    elif signaal:
        frame = frame[frame["traject_id"].isin(open_.loc[open_["type"] == signaal, "traject_id"]).to_numpy()]
    if len(frame) != len(berekening.frame):
        open_ = open_[open_["traject_id"].isin(frame["traject_id"]).to_numpy()]
    return frame, open_


def gefilterd(user: User, dag: date, filters: queries.Filters | None = None,
              signaal: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame, object]:
    """THE filtered caseload set: every trajectory of the user's gemeente that the SQL filters (trajectory fields,
    aanbieder) and the signal filter leave, one row each with its hours and first deadline, and the open signals of
    exactly those trajectories. The page, its summary and the exports all count and show from this one set."""
    inst, berekening, ids = _basis(user, dag, filters)
    return *_filteren(berekening, ids, signaal), inst


def samenvatten(frame: pd.DataFrame, open_: pd.DataFrame) -> dict:
    """The summary of a filtered set (`gefilterd`): how many trajectories, how many with an open or a late signal,
    per signal type how many trajectories have it, and the hours summed."""
    telling = {soort.value: 0 for soort in signalen.SignaalType}
    telling.update({str(k): int(v) for k, v in open_.groupby("type")["traject_id"].nunique().to_dict().items()})
    return {"totaal": len(frame), "telling": telling, "met_signaal": int((frame["aantal_signalen"] > 0).sum()),
            "te_laat": int(frame["te_laat"].sum()),
            "uren": {k: round(float(frame[k].sum()), 2) for k in queries.UREN}}


def opbouwen(user: User, dag: date, filters: queries.Filters | None = None, signaal: str | None = None,
             sorteer: str | None = None, oplopend: bool = True, pagina: int = 1,
             per_pagina: int | None = 50, vooraf: Stand | None = None) -> Caseload:
    """The caseload of the user's gemeente on `dag`: the filtered set (`gefilterd`) with its summary, sorted, and
    the page cut from it (`per_pagina=None`: every row, for exports). Reads are not logged here: call
    `log_gelezen` for what is shown or exported. The filtered, summarised and sorted set is kept with the
    computation it came from, so paging and returning to a view between writes cost only the page itself. `vooraf`:
    the request's `stand`, when it read it already (for the filter form)."""
    inst, berekening, ids = _basis(user, dag, filters, vooraf)
    sorteer = sorteer if sorteer in SORTEERBAAR else STANDAARD_SORTERING
    sleutel = (ids, signaal, sorteer, oplopend)
    weergave = berekening.weergaven.get(sleutel)
    if weergave is None:
        frame, open_ = _filteren(berekening, ids, signaal)
        weergave = (sorteren(frame, sorteer, oplopend), open_, samenvatten(frame, open_))
        if len(berekening.weergaven) < WEERGAVEN:
            berekening.weergaven[sleutel] = weergave
    frame, open_, samenvatting = weergave
    samenvatting = dict(samenvatting)
    totaal = samenvatting.pop("totaal")
    if per_pagina:
        pagina = min(max(1, pagina), queryargs.aantal_paginas(totaal, per_pagina))
    bladzijde = (sleutel, pagina, per_pagina)
    view = berekening.bladzijden.get(bladzijde)
    if view is None:
        if per_pagina:
            frame = frame.iloc[(pagina - 1) * per_pagina: pagina * per_pagina]
        frame = frame.assign(aanbieders=_aanbieders_van(berekening, frame["traject_id"].tolist()))
        shown = open_[open_["traject_id"].isin(frame["traject_id"]).to_numpy()]
        view = Caseload(frame.reset_index(drop=True), shown.reset_index(drop=True), inst, totaal, pagina,
                        per_pagina or 0, lijst=_uitgelegd(berekening, shown, inst), **samenvatting)
        if per_pagina and len(berekening.bladzijden) < BLADZIJDEN:
            berekening.bladzijden[bladzijde] = view  # read-only from here on: a page only reads its view
    return view


def _uitgelegd(berekening: Berekening, shown: pd.DataFrame, inst) -> list[signalen.Signaal]:
    """The shown signals explained (signalen.als_lijst), each explained once per computation. `shown` keeps the
    index of the computation's open_ (its positions), which keys the explanations."""
    nieuw = [i for i in shown.index if i not in berekening.uitleg]
    if nieuw:
        berekening.uitleg.update(zip(nieuw, signalen.als_lijst(berekening.open_.loc[nieuw], inst), strict=True))
    return [berekening.uitleg[i] for i in shown.index]


def _aanbieders_van(berekening: Berekening, traject_ids: list[str]) -> list[str]:
    """Per trajectory its aanbieders with their onderdelen (`_aanbieders`), read once per computation."""
    nieuw = [i for i in traject_ids if i not in berekening.aanbieders]
    if nieuw:
        tekst = _aanbieders(queries.aanbieders_per_traject(nieuw))
        berekening.aanbieders.update(dict.fromkeys(nieuw, ""))
        berekening.aanbieders.update(zip(tekst["traject_id"], tekst["aanbieders"], strict=True))
    return [berekening.aanbieders[i] for i in traject_ids]


def aanbieders_keuze(user: User, vooraf: Stand, dag: date) -> list[tuple[int, str]]:
    """(id, name) of the aanbieders assigned to any trajectory of the user's scope: the aanbieder filter's choices
    (queries.aanbieders), kept with the computation of the data version they were read at. The computation is the
    one the page is about to show (`_basis`): made here when it is not kept yet, so the first view after a write
    keeps the choices it read instead of leaving the next view to read them again."""
    if vooraf.sleutel is None:
        return queries.aanbieders(access.visible_trajecten(user))
    berekening = _bewaarde(vooraf.sleutel) or _basis(user, dag, None, vooraf)[1]
    if berekening.keuze is None:
        berekening.keuze = queries.aanbieders(access.visible_trajecten(user))
    return berekening.keuze


def sorteren(frame: pd.DataFrame, sorteer: str | None, oplopend: bool = True) -> pd.DataFrame:
    """Sort by a column of SORTEERBAAR, traject_id breaking ties. The default puts the most urgent deadline first,
    then trajectories with signals without a deadline (most signals first), then those without signals."""
    key = sorteer if sorteer in SORTEERBAAR else STANDAARD_SORTERING
    if key == STANDAARD_SORTERING:
        frame = frame.assign(_geen=frame["aantal_signalen"] == 0, _aantal=-frame["aantal_signalen"])
        columns, ascending = ["eerste_deadline", "_geen", "_aantal", "traject_id"], [oplopend, True, True, True]
        if not oplopend:  # urgent last: reverse every key but keep missing deadlines last
            ascending = [False, False, False, True]
        return frame.sort_values(columns, ascending=ascending, na_position="last", kind="stable").drop(
            columns=["_geen", "_aantal"])
    column = SORTEERBAAR[key]
    columns = [column] if column == "traject_id" else [column, "traject_id"]
    return frame.sort_values(columns, ascending=[oplopend] + [True] * (len(columns) - 1), na_position="last",
                             kind="stable")


def _aanbieders(t: pd.DataFrame) -> pd.DataFrame:
    """Per trajectory, its aanbieders with their onderdelen: "Taalhuis (taal); MAP-bureau (map, pvt)"."""
    if t.empty:
        return pd.DataFrame(columns=["traject_id", "aanbieders"])
    t = t.assign(_volgorde=t["onderdeel"].map(ONDERDEEL_VOLGORDE)).sort_values(["traject_id", "_volgorde"])
    per = (t.groupby(["traject_id", "aanbieder_id", "aanbieder"], sort=False)["onderdeel"]
           .agg(lambda o: ", ".join(dict.fromkeys(o))).reset_index())
    per["tekst"] = per["aanbieder"] + " (" + per["onderdeel"] + ")"
    return per.groupby("traject_id", sort=False)["tekst"].agg("; ".join).rename("aanbieders").reset_index()


def log_gelezen(user: User, traject_ids, actie: Actie = Actie.lezen) -> None:
    """Log the trajectories shown or exported, re-checking that the user may see them: what access.log_read logs
    (one action per CHUNK ids), from the ids and gemeente codes read through access.visible_trajecten instead of
    trajectories loaded as objects."""
    ids = list(dict.fromkeys(traject_ids))
    for start in range(0, len(ids), CHUNK):
        gelezen = db.session.execute(
            access.visible_trajecten(user).with_only_columns(Traject.id, Organisatie.code)
            .join(Organisatie, Organisatie.id == Traject.gemeente_id)
            .where(Traject.id.in_(ids[start:start + CHUNK])).order_by(Traject.id)).all()
        verwerkingslog.record(user, actie, access.activiteit_voor(user),
                              [(traject_id, code) for traject_id, code in gelezen])


def traject_signalen(user: User, traject: Traject, dag: date, inst=None) -> pd.DataFrame:
    """The open signals of one trajectory the user may see: from the gemeente's kept caseload computation when
    there is one at the current data version (the rules work per trajectory, so its rows are exactly the scope of
    one's), else the same engine over a scope of one. `inst`: the gemeente's thresholds, when the caller has them."""
    inst = inst if inst is not None else instellingen_voor(traject.gemeente_id)
    uren.bijwerken()
    berekening = _bewaard_met(user, traject, dag, inst)
    if berekening is not None:
        return _van_traject(berekening, traject.id)
    scope = access.visible_trajecten(user).where(Traject.id == traject.id)
    return signalen.bereken(scope, dag, inst, queries.trajecten_met_uren(scope))


def _bewaard_met(user: User, traject: Traject, dag: date, inst, nu: versie.Versie | None = None) -> Berekening | None:
    """The kept computation of the user's gemeente that holds this trajectory, if there is one (after
    `uren.bijwerken`)."""
    if traject.gemeente_id != user.organisatie_id:
        return None
    sleutel = _sleutel(user, dag, inst, nu)
    berekening = _bewaarde(sleutel) or (_gedeelde(sleutel) if sleutel is not None else None)
    if berekening is None and sleutel is not None:
        sinds = _ongewijzigd_sinds(sleutel)
        if sinds is not None and traject.id not in sinds[1]:  # an earlier one: this trajectory did not change since
            berekening = sinds[0]
        elif (sinds is not None and len(sinds[1]) <= SPLITSEN * len(sinds[0].ids)) or _gedeeld_pad(sleutel):
            # brought up to date for the gemeente (about what a scope of one costs) and kept, for the next pages;
            # when the server's processes share their computations (`_delen`), computed for the gemeente whatever
            # changed: the other processes' pages then read it instead of computing again
            scope = access.visible_trajecten(user)
            berekening = _bewaard_of_berekend(sleutel, lambda: (_bijgewerkt(sleutel, scope, dag, inst, sinds)
                                                                if sinds else None) or berekenen(scope, dag, inst))
    return berekening if berekening is not None and traject.id in berekening.ids else None


def _van_traject(berekening: Berekening, traject_id: str) -> pd.DataFrame:
    return berekening.open_.iloc[_posities(berekening, traject_id)].reset_index(drop=True)


def _posities(berekening: Berekening, traject_id: str) -> np.ndarray:
    """Where this trajectory's open signals are in the computation's open_."""
    return np.flatnonzero(berekening.open_["traject_id"].to_numpy() == traject_id)


UITGELEGD = 20_000  # trajectories per kept computation whose explained signals are kept (a few MB at most)


def traject_signalen_uitgelegd(user: User, traject: Traject, dag: date, inst,
                               nu: versie.Versie | None = None) -> list[Signaal]:
    """`signalen.als_lijst` of `traject_signalen`: from a kept computation explained once per trajectory. `nu`: the
    data version the caller read (`data_versie`), else it is read here."""
    nu = nu or data_versie(user)
    uren.bijwerken(nu)
    berekening = _bewaard_met(user, traject, dag, inst, nu)
    if berekening is None:
        scope = access.visible_trajecten(user).where(Traject.id == traject.id)
        return signalen.als_lijst(signalen.bereken(scope, dag, inst, queries.trajecten_met_uren(scope)), inst)
    sleutel = (_TRAJECT, traject.id)
    lijst = berekening.afgeleid.get(sleutel)
    if lijst is None:
        lijst = signalen.als_lijst(berekening.open_, inst, _posities(berekening, traject.id))
        if len(berekening.afgeleid) < UITGELEGD:
            berekening.afgeleid[sleutel] = lijst
    return list(lijst)


@dataclass
class Regie:
    """What the trajectory page shows a regisseur: the open signals with their rules, the DUO registrations marked,
    and a form per afgeronde MAP or PVT still to mark."""

    signalen: list[signalen.Signaal]
    regels: dict[str, str]  # label -> the rule in words, with the gemeente's thresholds
    duo_registraties: list
    duo_formulieren: dict[str | None, object]  # by onderdeel


def regie(user: User, traject: Traject, nu: versie.Versie | None = None) -> Regie:
    """`nu`: the data version the page read (`data_versie`), else it is read here."""
    from portal.voortgang.forms import DuoRegistratieForm
    dag = today()
    inst = traject.signaal_instellingen or SignaalInstellingen.standaard(traject.gemeente_id)  # instellingen_voor
    open_ = traject_signalen_uitgelegd(user, traject, dag, inst, nu)
    forms: dict[str | None, object] = {}
    for signaal in open_:
        if signaal.type == signalen.SignaalType.duo_registratie.value:
            forms[signaal.onderdeel] = DuoRegistratieForm(prefix=f"duo-{signaal.onderdeel}", formdata=None,
                                                          data={"datum": dag})
    return Regie(open_, {signalen.LABELS[k]: v for k, v in signalen.regels(inst).items()},
                 list(traject.duo_registraties), forms)
