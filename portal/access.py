"""THE place that decides who may see or change what: role guards, scoped queries, and logged reads.

Every page, API endpoint and export that touches trajectory data asks this module, as does the daily digest per
recipient; the CLI commands that act for the whole portal rather than for one user (`import`, `retention`,
`doelgroep-controle`) have no caller to scope and work through their own services. A trajectory the caller may not
see raises 404, exactly like one that does not exist; a caller without the role gets 403. Reads of trajectory data
are logged here, so no view can forget it. A verwerkingsstop (the privacy officer halted an activity for her
gemeente) is enforced here too: the doors that fetch trajectory data refuse with 423 before anything is read, and
the refusal is logged. A restricted trajectory (AVG art. 18, on a data subject's request) is left out of every scope
here except that of its gemeente's privacy officer: it answers 404 and is missing from every list, caseload, signal
and export, exactly as if it did not exist. An aanbieder sees a trajectory only while one of its assignments on it
runs (or ended less than NALOOP_DAGEN ago) and it has a current verwerkersovereenkomst with the trajectory's
gemeente; of its deliveries, only the records it delivered itself.
"""
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from flask import Blueprint, Flask, abort, g, has_request_context, request
from flask_security import current_user
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    cast,
    exists,
    extract,
    false,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from werkzeug.exceptions import Locked

from portal import privacy, queryargs, verwerkingslog
from portal.codes import Actie, Activiteit, Onderdeel, OrganisatieType, Rol
from portal.extensions import db
from portal.models import AanleverBatch, LeveringHistorie, Organisatie, Toewijzing, Traject, User
from portal.models.levering import MODELS
from portal.models.scope import GEEN, met_scope, zet_scope
from portal.timeutil import today

# Days after an assignment's einddatum during which its aanbieder still reads the trajectory and delivers late
# corrections for the assigned period (a month's attendance is delivered in the following weeks).
NALOOP_DAGEN = 30

# Under which register activity each role reads trajectory data.
ACTIVITEIT_VAN_ROL = {
    Rol.aanbieder: Activiteit.voortgangsrapportage,
    Rol.regisseur: Activiteit.signalering_regie,
    Rol.privacy: Activiteit.gegevensbeschermingsverzoeken,
}


def guard_blueprint(bp: Blueprint, *roles: Rol, user_loader: Callable[[], User | None] | None = None) -> None:
    """Role check once per blueprint: unauthenticated -> login (or 401 via the loader), wrong role -> 403; then the
    verwerkingsstop check of `guard_verwerkingsstop`."""
    allowed = {Rol(r) for r in roles}

    @bp.before_request
    def _check_role():
        user = user_loader() if user_loader else (current_user if current_user.is_authenticated else None)
        if user is None:
            abort(401)
        if user.rol not in allowed:
            abort(403)

    guard_verwerkingsstop(bp, user_loader)


# --- verwerkingsstop ---------------------------------------------------------------------------------------------


class Verwerkingsstop(Locked):
    """423: the activity under which the caller would process this trajectory data is halted for its gemeente.

    It carries the refusal so that the error handler can log it after rolling the request back (`leg_vast`): the
    attempt is kept in the processing log, the attempted work is not. A refusal that concerns no single trajectory
    (a list, a new trajectory) is logged with an empty traject_id."""

    def __init__(self, stop, user: User, actie: Actie, activiteit: Activiteit, trajecten: Iterable[tuple[str, str]]):
        super().__init__(description=stop.uitleg())
        self.stop_id, self.activiteit, self.actie, self.toelichting = stop.id, activiteit, actie, privacy.WEIGERING
        self.actor = verwerkingslog.Actor.of(user)
        self.trajecten = list(trajecten) or [("", stop.gemeente.code)]

    def leg_vast(self) -> None:
        """Log the refusal (call after the rollback; the caller commits)."""
        verwerkingslog.record(self.actor, self.actie, self.activiteit, self.trajecten, toelichting=self.toelichting)


def _stops(activiteit: Activiteit, gemeente_ids: Iterable[int] | None = None) -> dict:
    """The stops in force, asked of the privacy module (through the door) once per request and question (a page's
    blueprint guard and its list ask the same)."""
    if not has_request_context():
        return dict(privacy.actieve_stops(activiteit, gemeente_ids))
    key = (activiteit, None if gemeente_ids is None else frozenset(gemeente_ids))
    memo = request.environ.setdefault("portal.verwerkingsstops", {})
    if key not in memo:
        memo[key] = dict(privacy.actieve_stops(activiteit, None if key[1] is None else list(key[1])))
    return dict(memo[key])


def gestopte_gemeenten(user: User) -> dict:
    """Gemeente id -> the stop in force on the user's activity (any gemeente for an aanbieder, her own for a gemeente
    role): for overviews that leave those gemeenten out, or say why they show nothing, instead of refusing."""
    if user.rol not in ACTIVITEIT_VAN_ROL:
        return {}
    return _stops(activiteit_voor(user), None if user.rol is Rol.aanbieder else [user.organisatie_id])


def poging(user: User) -> Actie:
    """The action a request attempts, for the log of a refusal: a read for GET, else a write (an aanbieder's write
    is a delivery)."""
    if has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"):
        return Actie.aanleveren if user.rol is Rol.aanbieder else Actie.wijzigen
    return Actie.lezen


def check_verwerkingsstop(user: User, trajecten: Iterable[Traject], actie: Actie | None = None) -> None:
    """Refuse (423) when any of these trajectories belongs to a gemeente that halted the user's activity."""
    trajecten = list(trajecten)
    activiteit = activiteit_voor(user)
    stops = _stops(activiteit, {t.gemeente_id for t in trajecten})
    if stops:
        geraakt = [(t.id, t.gemeente.code) for t in trajecten if t.gemeente_id in stops]
        raise Verwerkingsstop(next(iter(stops.values())), user, actie or poging(user), activiteit, geraakt)


# Roles that process only their own gemeente's trajectories, under one activity, on every page and API call of
# theirs: a stop on that activity refuses all their requests, also those that read nothing first (a new
# trajectory). The privacy officer is not among them: her register, agreements, log and stops stay open (she lifts
# the stop there); her work on trajectories is refused per trajectory in `get_traject`.
GEMEENTEBREED = (Rol.regisseur,)


def guard_verwerkingsstop(bp: Blueprint, user_loader: Callable[[], User | None] | None = None) -> None:
    """Once per blueprint, after the role check: refuse every request of a GEMEENTEBREED role while its activity is
    halted for its gemeente (the API registers this after its token check)."""

    @bp.before_request
    def _check_verwerkingsstop():
        user = user_loader() if user_loader else (current_user if current_user.is_authenticated else None)
        if user is None or user.rol not in GEMEENTEBREED:
            return
        activiteit = activiteit_voor(user)
        stops = _stops(activiteit, [user.organisatie_id])
        if not stops:
            return
        traject_id = (request.view_args or {}).get("traject_id")
        eigen = db.session.scalar(visible_trajecten(user).where(Traject.id == traject_id)) if traject_id else None
        raise Verwerkingsstop(stops[user.organisatie_id], user, poging(user), activiteit,
                              [(eigen.id, eigen.gemeente.code)] if eigen else [])


def has_role(user: User | None, *roles: Rol) -> bool:
    return user is not None and user.rol in roles


def activiteit_voor(user: User) -> Activiteit:
    try:
        return ACTIVITEIT_VAN_ROL[user.rol]  # type: ignore[index]  # no role (None) is a KeyError too
    except KeyError:
        abort(403)


def _scope(user: User) -> ColumnElement[bool]:
    """The WHERE clause that limits trajectories to what this user may see."""
    rol = user.rol
    if rol is Rol.privacy:
        return Traject.gemeente_id == user.organisatie_id  # also her restricted ones: she lifts the restriction
    if rol is Rol.regisseur:
        return _regisseur_scope(user.organisatie_id)
    if rol is Rol.aanbieder:
        return (exists().where(Toewijzing.traject_id == Traject.id, lopende_toewijzing(user.organisatie_id))
                & Traject.gemeente_id.in_(sorted(_gemeenten_met_geldige_vo(user.organisatie_id))) & _niet_beperkt())
    return false()  # beheerder and unknown roles: no trajectory content (scheiding van taken)


def lopende_toewijzing(aanbieder_id: int, dag: date | None = None) -> ColumnElement[bool]:
    """The WHERE clause for this aanbieder's assignments that still give it work on `dag` (today): not ended, or
    ended less than NALOOP_DAGEN ago. A future assignment counts: the aanbieder prepares for it, and deliveries
    before its startdatum are refused as `buiten_toewijzing`. The import service uses the same clause."""
    return lopende_toewijzing_vanaf(aanbieder_id, naloop_grens(dag))


def naloop_grens(dag: date | None = None) -> date:
    """The first einddatum of an assignment that still gives work on `dag` (today)."""
    return (dag or today()) - timedelta(days=NALOOP_DAGEN)


def lopende_toewijzing_vanaf(aanbieder_id, grens) -> ColumnElement[bool]:
    """`lopende_toewijzing` with its day as `naloop_grens(dag)`; both may be bound parameters, for a statement
    built once per process."""
    return (Toewijzing.aanbieder_id == aanbieder_id) & or_(Toewijzing.einddatum.is_(None),
                                                             Toewijzing.einddatum >= grens)


def _gemeenten_met_geldige_vo(aanbieder_id: int) -> set[int]:
    """Gemeenten with which the aanbieder has a current verwerkersovereenkomst today (no grace: without one it may
    not process their data at all): asked through the door to the privacy module, once per request (an aanbieder's
    start page builds her scope twice: for the work it shows and to re-check what it logs)."""
    if not has_request_context():
        return privacy.gemeenten_met_geldige_vo(aanbieder_id, today())
    key = (aanbieder_id, today())
    memo = request.environ.setdefault("portal.geldige_vo", {})
    if key not in memo:
        memo[key] = frozenset(privacy.gemeenten_met_geldige_vo(aanbieder_id, key[1]))
    return set(memo[key])


def _niet_beperkt():
    """Trajectories without a restriction in force (AVG art. 18), asked through the door to the privacy module."""
    return privacy.niet_beperkt(Traject.id)


def _regisseur_scope(gemeente_id: int) -> ColumnElement[bool]:
    return (Traject.gemeente_id == gemeente_id) & _niet_beperkt()


def regisseur_trajecten(gemeente_id: int) -> Select:
    """`visible_trajecten` of any regisseur of this gemeente (the scope is the same for all of them): for work done
    for them ahead of their pages, outside their requests (the caseload computed after a delivery). Not logged."""
    return select(Traject).where(_regisseur_scope(gemeente_id))


def regisseurs_gestopt(gemeente_id: int) -> bool:
    """Whether the regisseurs' activity is halted for this gemeente (a verwerkingsstop): then nothing is processed
    for them, also not ahead of their pages."""
    return bool(_stops(ACTIVITEIT_VAN_ROL[Rol.regisseur], [gemeente_id]))


def visible_trajecten(user: User) -> Select:
    """All trajectories the user may see, as a query to refine (filters, sorting). Reading its rows is not logged:
    use `list_trajecten` or `get_traject` for anything that is shown or returned."""
    return select(Traject).where(_scope(user))


@dataclass
class Page:
    items: list  # Traject entities, or rows of LIJST_KOLOMMEN (`list_trajecten(…, rijen=True)`)
    total: int
    page: int
    per_page: int
    # Gemeenten whose trajectories were left out because the user's activity is halted there (aanbieders).
    verwerkingsstop: list[str] = field(default_factory=list)
    # How many trajectories of the user's scope those stops left out (before search and filters).
    verborgen: int = 0

    @property
    def pages(self) -> int:
        return queryargs.aantal_paginas(self.total, self.per_page)


# The columns of a list's line (`list_trajecten(…, rijen=True)`): what the trajectory list shows and logs.
LIJST_KOLOMMEN = (Traject.id, Traject.status, Traject.leerroute, Traject.doelgroep, Traject.pip_datum,
                  Traject.intensiteit_uren, Organisatie.code.label("gemeente_code"),
                  Organisatie.naam.label("gemeente_naam"))


def list_trajecten(user: User, *, zoek: str | None = None, filters: dict | None = None, page: int = 1,
                   per_page: int = 50, rijen: bool = False) -> Page:
    """A page of visible trajectories, newest first; each one shown is logged as read. Under a verwerkingsstop a
    gemeente's own user is refused (423); an aanbieder, who works for several gemeenten, gets the list without the
    halted gemeenten's trajectories. `rijen`: the items are rows of LIJST_KOLOMMEN (the same trajectories, scoped
    alike) instead of Traject entities with their gemeente, for a page that only shows those columns."""
    query = visible_trajecten(user)
    halted: list[str] = []
    verborgen = 0
    if user.rol in ACTIVITEIT_VAN_ROL:
        activiteit = activiteit_voor(user)
        stops = _stops(activiteit, None if user.rol is Rol.aanbieder else [user.organisatie_id])
        if user.organisatie_id in stops:
            raise Verwerkingsstop(stops[user.organisatie_id], user, poging(user), activiteit, [])
        if stops:
            geraakt = db.session.scalars(query.with_only_columns(Traject.gemeente_id).distinct()
                                         .where(Traject.gemeente_id.in_(list(stops))))
            halted = sorted(stops[g].gemeente.naam for g in geraakt)
            verborgen = verborgen_door_stop(user)
            query = query.where(Traject.gemeente_id.not_in(list(stops)))
    if zoek:
        query = query.where(traject_id_bevat(zoek))
    for name, value in (filters or {}).items():
        if value:
            query = query.where(getattr(Traject, name) == value)
    page = max(1, page)
    # The page's rows and the number of all rows in one statement: the count as an uncorrelated subquery, which the
    # database computes once (a window count would sort every row instead of reading the first ones by index);
    # only a page past the last one, which has no row to carry the count, counts separately.
    count = select(func.count()).select_from(query.subquery())
    if rijen:
        rows = db.session.execute(_lijst_uit_cte(query, page, per_page)).all()
    else:
        rows = db.session.execute(query.add_columns(count.scalar_subquery().label("totaal"))
                                  .order_by(Traject.created_at.desc(), Traject.id)
                                  .offset((page - 1) * per_page).limit(per_page)).all()
    total = rows[0][-1] if rows else (db.session.scalar(count) if page > 1 else 0)
    items: list
    if rijen:
        items = list(rows)
        verwerkingslog.record(user, Actie.lezen, activiteit_voor(user), ((r.id, r.gemeente_code) for r in rows))
    else:
        items = [row[0] for row in rows]
        log_read(user, items)
    return Page(items, total or 0, page, per_page, halted, verborgen)


def _lijst_uit_cte(query: Select, page: int, per_page: int) -> Select:
    """A list's page of LIJST_KOLOMMEN and the count of all its rows with the scope applied once. The planner reads
    the scope's semi- and anti-joins for the count subquery and again for the page (it sorts every visible row for
    the page anyway: top-N); here the scoped ids and creation times are one CTE (referenced twice, so materialized
    on PostgreSQL), counted, and the page's 50 chosen from it before their columns are read by key. SQLite too:
    the demo's aanbieder list 0.97 -> 0.66 ms with planner statistics, 10.9 -> 4.7 ms without (a fresh database)."""
    zichtbaar = query.with_only_columns(Traject.id, Traject.created_at).cte("zichtbaar")
    pagina = (select(zichtbaar.c.id, zichtbaar.c.created_at)
              .order_by(zichtbaar.c.created_at.desc(), zichtbaar.c.id)
              .offset((page - 1) * per_page).limit(per_page).subquery("pagina"))
    totaal = select(func.count()).select_from(zichtbaar).scalar_subquery().label("totaal")
    return (select(*LIJST_KOLOMMEN, totaal).select_from(pagina)
            .join(Traject, Traject.id == pagina.c.id).join(Organisatie, Organisatie.id == Traject.gemeente_id)
            .order_by(pagina.c.created_at.desc(), pagina.c.id))


def traject_id_bevat(zoek: str) -> ColumnElement[bool]:
    """The WHERE clause of a search by (part of) a trajectory ID, however it was typed: case, spaces and dashes do
    not matter (`ids.compact`), and a typed % or _ is a character, not a wildcard."""
    from portal.trajecten.ids import compact
    return func.replace(Traject.id, "-", "").contains(compact(zoek), autoescape=True)


def zonder_verwerkingsstop(user: User, query: Select) -> Select:
    """`query` (over Traject) without the trajectories of gemeenten that halted the user's activity: what a page may
    still show or suggest to an aanbieder who works for several gemeenten."""
    if user.rol not in ACTIVITEIT_VAN_ROL:
        return query
    stops = _stops(activiteit_voor(user), None if user.rol is Rol.aanbieder else [user.organisatie_id])
    return query.where(Traject.gemeente_id.not_in(list(stops))) if stops else query


def verborgen_door_stop(user: User) -> int:
    """How many trajectories of the user's scope a verwerkingsstop on the user's activity leaves out of every list:
    a count for a banner, nothing about the trajectories themselves (read nor logged)."""
    if user.rol not in ACTIVITEIT_VAN_ROL:
        return 0
    stops = _stops(activiteit_voor(user), None if user.rol is Rol.aanbieder else [user.organisatie_id])
    if not stops:
        return 0
    query = visible_trajecten(user).where(Traject.gemeente_id.in_(list(stops)))
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def get_traject(user: User, traject_id: str, *, log: bool = True, laden: Iterable = ()) -> Traject:
    """The trajectory if the user may see it, else 404; 423 when the user's activity is halted for its gemeente
    (also with log=False: the caller is about to write); the read is logged. `laden`: loader options (e.g. a
    joinedload of its assignments) that read what the page shows in the same statement."""
    laden = tuple(laden)
    query = visible_trajecten(user).where(Traject.id == traject_id)
    if laden:
        traject = db.session.scalars(query.options(*laden)).unique().one_or_none()
    else:
        traject = db.session.scalar(query)
    if traject is None:
        abort(404)
    check_verwerkingsstop(user, [traject])
    if log:
        log_read(user, [traject])
    return traject


def zichtbare_toewijzingen(user: User, traject: Traject) -> list[Toewijzing]:
    """Assignments on a visible trajectory; an aanbieder sees only its own that still give it work
    (`lopende_toewijzing`), so its forms offer only onderdelen it may still deliver."""
    if user.rol is Rol.aanbieder:
        return list(db.session.scalars(select(Toewijzing).where(
            Toewijzing.traject_id == traject.id, lopende_toewijzing(user.organisatie_id))
            .order_by(Toewijzing.startdatum, Toewijzing.id)))
    return list(traject.toewijzingen)


def log_read(user: User, trajecten: Iterable[Traject], actie: Actie = Actie.lezen) -> None:
    verwerkingslog.record(user, actie, activiteit_voor(user), ((t.id, t.gemeente.code) for t in trajecten))


def aanbieders() -> list[Organisatie]:
    """The aanbieders a regisseur may assign (organisations are not tenant data)."""
    return list(db.session.scalars(
        select(Organisatie).where(Organisatie.type == OrganisatieType.aanbieder).order_by(Organisatie.naam)))


# Built once; organisations are not tenant data, so the statement skips the scope's loader criteria (which cost
# more than the read of these few rows).
_AANBIEDER_KEUZES = (select(Organisatie.code, Organisatie.naam, Organisatie.onderdelen_csv)
                     .where(Organisatie.type == OrganisatieType.aanbieder).order_by(Organisatie.naam)
                     .execution_options(alle_gemeenten=True))


_KEUZES_BEWAARD: dict[tuple, list[tuple[str, str]]] = {}  # data version for all gemeenten -> aanbieder_keuzes


def aanbieder_keuzes(versie: tuple | None = None) -> list[tuple[str, str]]:
    """`aanbieders()` as a form's choices: code -> "naam (onderdelen)". Read as rows of the three columns shown (the
    trajectory page asks for them on every view; entities cost their identity-map work). `versie`: the version of
    the data for all gemeenten the caller read (`Versie.voor_allen`, voortgang/versie.py): every write to an
    organisation is counted for all, so the choices are kept per process for that version and read again after any
    such write."""
    if versie is not None and (bewaard := _KEUZES_BEWAARD.get(versie)) is not None:
        return list(bewaard)
    rows = db.session.execute(_AANBIEDER_KEUZES)
    keuzes = [(code, f"{naam} ({', '.join(o.value for o in Organisatie.onderdelen_van(csv))})")
              for code, naam, csv in rows]
    if versie is not None:
        _KEUZES_BEWAARD.clear()  # the latest version's only
        _KEUZES_BEWAARD[versie] = keuzes
    return list(keuzes)


def _volgorde(soort: str, model):
    return model.periode_start if soort == "aanwezigheid" else model.datum


def _eigen(model, aanbieder) -> ColumnElement[bool]:
    """An aanbieder's own delivery records: those her organisation (an id or a bound parameter) delivered."""
    return model.aanbieder_id == aanbieder


def _eigen_leveringen(user: User, model, query: Select) -> Select:
    return query.where(_eigen(model, user.organisatie_id)) if user.rol is Rol.aanbieder else query


def zichtbare_leveringen(user: User, traject: Traject) -> dict[str, list]:
    """Delivery records of a visible trajectory per soort; an aanbieder sees only what its organisation delivered.
    Call after `get_traject`, which logged the read."""
    result = {}
    for soort, model in MODELS.items():
        query = _eigen_leveringen(user, model, select(model).where(model.traject_id == traject.id))
        result[soort] = list(db.session.scalars(query.order_by(_volgorde(soort, model), model.id)))
    return result


# Per soort, a read-only row type with the columns of its table, as attributes of the same names.
_RIJ: dict[str, Any] = {soort: namedtuple(f"{model.__name__}Rij", [c.key for c in model.__table__.columns])
                        for soort, model in MODELS.items()}
_GEDEELD = ("id", "traject_id", "aanbieder_id", "batch_id", "versie", "gewijzigd_op", "gewijzigd_door")


def _leveringen_union(eigen: bool) -> tuple[Select, dict[str, list[int]]]:
    """What a trajectory page reads of its deliveries, in one UNION ALL (one round trip instead of three), built
    once per process (for the aanbieder, with the filter on her own records), with the trajectory, the aanbieder
    and per onderdeel the first and last period of its page (`<onderdeel>_eerste`, `_laatste`) as bound
    parameters: every toets and afronding, and of the attendance the periods of those pages (newest first, in
    each onderdeel) and those that have corrections, each with its place in its onderdeel (`nummer`) and the
    onderdeel's number of periods (`aantal`); every record says whether it has history (`historie`). The columns
    all soorten have are shared, each soort's own are columns of their own (NULL, typed, in the other soorten's
    part). Also, per soort, the positions of its table's columns in a result row."""
    if eigen in _UNION:
        return _UNION[eigen]
    kolommen: list[Any] = [*_GEDEELD, *((soort, c.key) for soort, model in MODELS.items()
                                        for c in model.__table__.columns if c.key not in _GEDEELD)]
    types = {(soort, c.key): c.type for soort, model in MODELS.items() for c in model.__table__.columns}
    delen = []
    for n, (soort, model) in enumerate(MODELS.items()):
        van: dict[str, Any] = {c.key: c for c in model.__table__.columns}
        gecorrigeerd = select(LeveringHistorie.record_id).where(LeveringHistorie.traject_id == bindparam("traject_id"),
                                                                 LeveringHistorie.soort == soort)
        extra: list[Any] = [model.id.in_(gecorrigeerd).label("historie"), cast(null(), Integer).label("nummer"),
                            cast(null(), Integer).label("aantal")]
        voorwaarden = [model.traject_id == bindparam("traject_id")]
        if eigen:
            voorwaarden.append(_eigen(model, bindparam("aanbieder_id")))
        if soort == "aanwezigheid":
            binnen = select(*model.__table__.columns, model.id.in_(gecorrigeerd).label("historie"),
                            func.row_number().over(partition_by=model.onderdeel, order_by=(
                                model.periode_start.desc(), model.periode_eind.desc(), model.id)).label("nummer"),
                            func.count().over(partition_by=model.onderdeel).label("aantal")
                            ).where(*voorwaarden).subquery()
            van = {c.key: binnen.c[c.key] for c in model.__table__.columns}
            extra = [binnen.c.historie, binnen.c.nummer, binnen.c.aantal]
            voorwaarden = [or_(*(and_(binnen.c.onderdeel == onderdeel, binnen.c.nummer.between(
                bindparam(f"{onderdeel.value}_eerste"), bindparam(f"{onderdeel.value}_laatste")))
                for onderdeel in Onderdeel), binnen.c.historie)]
        cols = [literal(n).label("soort_nr"), van[_volgorde(soort, model).key].label("volgorde")]
        for naam in kolommen:
            if isinstance(naam, str):
                cols.append(van[naam].label(naam))
            elif naam[0] == soort:
                cols.append(van[naam[1]].label(f"{soort}__{naam[1]}"))
            else:
                cols.append(cast(null(), types[naam]).label(f"{naam[0]}__{naam[1]}"))
        delen.append(select(*cols, *extra).where(*voorwaarden))
    alles = union_all(*delen).subquery()
    plek = {naam: i + 2 for i, naam in enumerate(kolommen)}  # after soort_nr and volgorde
    posities = {soort: [plek[naam] if naam in _GEDEELD else plek[(soort, naam)] for naam in _RIJ[soort]._fields]
                for soort in MODELS}
    # Deliveries and their history are not a gemeente's privacy records (models/scope.py), and the rows are columns,
    # not entities with relationships to load: the statement skips the scope's loader criteria, which cost more
    # than the statement itself (~0.2 ms of the ORM's work per execution, for a criteria that cannot apply).
    _UNION[eigen] = (select(alles).order_by(alles.c.soort_nr, alles.c.volgorde, alles.c.id)
                     .execution_options(alle_gemeenten=True), posities)
    return _UNION[eigen]


_UNION: dict[bool, tuple[Select, dict[str, list[int]]]] = {}


@dataclass
class Trajectleveringen:
    """What a trajectory page reads of a visible trajectory's deliveries (`trajectleveringen`)."""

    leveringen: dict[str, list]  # per soort, read-only rows: every toets and afronding; the periods read
    perioden: dict[str, int]  # per onderdeel with attendance: its number of periods
    pagina: dict[str, int]  # per onderdeel with attendance: the page read (the one asked, at most its last)
    getoond: dict[str, list]  # per onderdeel with attendance: the periods of that page, newest first
    maanden: list  # the attendance summed per onderdeel and month (`aanwezigheid_per_maand`)
    met_historie: bool  # one of the records read has corrections (else there is no history to read)


def trajectleveringen(user: User, traject: Traject, paginas: dict[str, int], per_pagina: int) -> Trajectleveringen:
    """The delivery records of a visible trajectory that its page shows, in one statement (`_leveringen_union`): of
    the attendance only the page asked per onderdeel (`paginas`: onderdeel -> page, from 1; past the last is the
    last) and the periods with corrections (what the page compares the history with), with the attendance summed
    per month: from the periods read when they are all of them (each onderdeel's fit on its first page), else by
    the database. A trajectory delivered day by day for years costs the page what one delivered monthly does. As
    read-only rows of their columns (same attribute names and values as the records, without the ORM's entities)."""
    maanden = None
    if any(pagina > 1 for pagina in paginas.values()):  # how many periods there are, to stay within the last page
        maanden = aanwezigheid_per_maand(user, traject)
        aantal: dict[str, int] = defaultdict(int)
        for maand in maanden:
            aantal[maand.onderdeel.value] += maand.perioden
        paginas = {o: min(pagina, queryargs.aantal_paginas(aantal[o], per_pagina)) for o, pagina in paginas.items()}
    eigen = user.rol is Rol.aanbieder
    statement, posities = _leveringen_union(eigen)
    params: dict[str, Any] = {"traject_id": traject.id, **({"aanbieder_id": user.organisatie_id} if eigen else {})}
    for onderdeel in Onderdeel:
        pagina = paginas.get(onderdeel.value, 1)
        params[f"{onderdeel.value}_eerste"] = (pagina - 1) * per_pagina + 1
        params[f"{onderdeel.value}_laatste"] = pagina * per_pagina
    result: dict[str, list] = {soort: [] for soort in MODELS}
    perioden: dict[str, int] = {}
    getoond: dict[str, list] = defaultdict(list)
    met_historie = False
    maken = [(soort, _RIJ[soort]._make, itemgetter(*posities[soort])) for soort in MODELS]
    for row in db.session.execute(statement, params):
        soort, maak, pak = maken[row[0]]
        record = maak(pak(row))
        result[soort].append(record)
        met_historie = met_historie or bool(row[-3])  # `historie`, `nummer` and `aantal` close every row
        if soort == "aanwezigheid":
            onderdeel = record.onderdeel.value
            perioden[onderdeel] = row[-1]
            pagina = paginas.get(onderdeel, 1)
            if (pagina - 1) * per_pagina < row[-2] <= pagina * per_pagina:
                getoond[onderdeel].append(record)
    if maanden is None:
        alles = all(n <= per_pagina for n in perioden.values())
        maanden = _per_maand(result["aanwezigheid"]) if alles else aanwezigheid_per_maand(user, traject)
    return Trajectleveringen(
        result, perioden, {o: paginas.get(o, 1) for o in perioden},
        {o: sorted(rijen, key=lambda r: (r.periode_start, r.periode_eind), reverse=True)
         for o, rijen in getoond.items()}, maanden, met_historie)


def zichtbare_historie(user: User, traject: Traject, leveringen: dict[str, list]) -> list[LeveringHistorie]:
    """Replaced versions of the visible delivery records of a trajectory, newest first: of the records in
    `leveringen` (what `trajectleveringen` read: at least every record with history)."""
    visible = {(soort, r.id) for soort, records in leveringen.items() for r in records}  # history of these only
    rows = db.session.scalars(select(LeveringHistorie).where(LeveringHistorie.traject_id == traject.id)
                              .order_by(LeveringHistorie.vervangen_op.desc(), LeveringHistorie.id.desc()))
    return [h for h in rows if (h.soort, h.record_id) in visible]


_UREN_KOLOMMEN = ("uren_gepland", "uren_aanwezig", "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd")


class Maand(NamedTuple):
    """The attendance of one onderdeel in one month (of its periods' end), summed (`aanwezigheid_per_maand`)."""

    onderdeel: Onderdeel
    jaar: int
    maand: int
    perioden: int
    uren_gepland: float
    uren_aanwezig: float
    uren_verzuim_geoorloofd: float
    uren_verzuim_ongeoorloofd: float


def aanwezigheid_per_maand(user: User, traject: Traject) -> list:
    """The visible attendance of a trajectory summed per onderdeel and month of the period's end (the month a
    period counts for in the charts), as `Maand` rows in the order of the months: the totals and the charts of
    three years delivered day by day in some 100 rows instead of a thousand periods."""
    model = MODELS["aanwezigheid"]
    jaar = cast(extract("year", model.periode_eind), Integer)
    maand = cast(extract("month", model.periode_eind), Integer)
    query = _eigen_leveringen(user, model, select(
        model.onderdeel, jaar.label("jaar"), maand.label("maand"), func.count().label("perioden"),
        *(func.coalesce(func.sum(getattr(model, naam)), 0).label(naam) for naam in _UREN_KOLOMMEN))
        .where(model.traject_id == traject.id).group_by(model.onderdeel, jaar, maand).order_by(jaar, maand))
    return [Maand(*row) for row in db.session.execute(query)]


def _per_maand(aanwezigheid: Iterable) -> list[Maand]:
    """`aanwezigheid_per_maand` of periods already read (all of a trajectory's), summed alike in Python."""
    sums: dict[tuple[int, int, Onderdeel], list] = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0])
    for record in aanwezigheid:
        row = sums[(record.periode_eind.year, record.periode_eind.month, record.onderdeel)]
        row[0] += 1
        for i, naam in enumerate(_UREN_KOLOMMEN, start=1):
            row[i] += float(getattr(record, naam) or 0)
    return [Maand(onderdeel, jaar, maand, *row)
            for (jaar, maand, onderdeel), row in sorted(sums.items(), key=lambda item: item[0][:2])]


def eigen_batches(user: User, limit: int = 100) -> list[AanleverBatch]:
    """An aanbieder's own upload history, newest first."""
    if user.rol is not Rol.aanbieder:
        abort(403)
    return list(db.session.scalars(select(AanleverBatch).where(AanleverBatch.aanbieder_id == user.organisatie_id)
                                   .order_by(AanleverBatch.id.desc()).limit(limit)))


def get_or_404(model, record_id: int):
    """The record with this id within the caller's scope (portal/models/scope.py), else 404: another gemeente's
    record answers exactly like one that does not exist. A SELECT, never the identity map, so the scope applies."""
    record = db.session.scalar(select(model).where(model.id == record_id))
    if record is None:
        abort(404)
    return record


def vereis_privacy(user: User | None) -> User:
    """The one privacy role check of services and API adapters: the privacy officer of a gemeente, else 403 (pages
    get the same from their blueprint's guard, before any service runs)."""
    if user is None or user.rol is not Rol.privacy:
        abort(403)
    return user


def get_privacy_record(user: User | None, model, record_id: int):
    """A record of the privacy module (agreement, stop, DPIA, datalek, request …: a `GemeenteRecord`) of the privacy
    officer's own gemeente, else 404; 403 for another role."""
    vereis_privacy(user)
    return get_or_404(model, record_id)


# --- scope of the privacy records (portal/models/scope.py) -------------------------------------------------------


def scope_voor(user: User | None):
    """Whose privacy records a user's work reaches: the own gemeente of its privacy officer and regisseur; none for
    an aanbieder or beheerder (the doors the core asks, stops and agreements, cross gemeenten by their statement's
    `alle_gemeenten`); None without a user (in a request, a query of privacy records then raises)."""
    if user is None:
        return None
    return user.organisatie_id if user.rol in (Rol.privacy, Rol.regisseur) else GEEN


def zet_scope_voor(user: User | None) -> None:
    """Set the request's scope for this user (after login: the session user here, the token's user in the API)."""
    zet_scope(db.session(), scope_voor(user))


def scope_van(user: User | None):
    """A block under the user's scope, for work on her behalf outside a request (the daily digest)."""
    return met_scope(db.session(), scope_voor(user))


def init_app(app: Flask) -> None:
    """The scope once per request, after login; the previous one back at its end (a test's session outlives it)."""

    @app.before_request
    def _scope_van_request():
        g._vorige_scope = zet_scope(db.session(), None)
        # The API sets its caller's scope after its own token and body checks (portal/api/base.py):
        # asking current_user here would parse a JSON body before the API's depth guard.
        if request.endpoint != "static" and request.blueprint != "api" and current_user.is_authenticated:
            zet_scope_voor(current_user)

    @app.teardown_request
    def _herstel_scope(_exc=None):
        if "_vorige_scope" in g and db.session.registry.has():
            zet_scope(db.session(), g.pop("_vorige_scope"))


def get_eigen_batch(user: User, batch_id: int) -> AanleverBatch:
    """One of the aanbieder's own batches, else 404. Its result page and report stay readable under a stop or a
    restriction: for a refused upload they are the refusal itself (`traject_beperkt` per row), of rows she sent."""
    batch = db.session.get(AanleverBatch, batch_id)
    if batch is None or user.rol is not Rol.aanbieder or batch.aanbieder_id != user.organisatie_id:
        abort(404)
    return batch
