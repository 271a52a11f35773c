"""THE place that decides who may see or change what: role guards, scoped queries, and logged reads.

Every page, API endpoint, export and CLI command that touches trajectory data asks this module. A trajectory
the caller may not see raises 404, exactly like one that does not exist; a caller without the role gets 403.
Reads of trajectory data are logged here, so no view can forget it.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Blueprint, abort
from flask_security import current_user
from sqlalchemy import Select, exists, func, select

from portal import verwerkingslog
from portal.codes import Actie, Activiteit, OrganisatieType, Rol
from portal.extensions import db
from portal.models import AanleverBatch, LeveringHistorie, Organisatie, Toewijzing, Traject, User
from portal.models.levering import MODELS

# Under which register activity each role reads trajectory data.
ACTIVITEIT_VAN_ROL = {
    Rol.aanbieder: Activiteit.voortgangsrapportage,
    Rol.regisseur: Activiteit.signalering_regie,
    Rol.privacy: Activiteit.gegevensbeschermingsverzoeken,
}


def guard_blueprint(bp: Blueprint, *roles: Rol, user_loader: Callable[[], User | None] | None = None) -> None:
    """Role check once per blueprint: unauthenticated -> login (or 401 via the loader), wrong role -> 403."""
    allowed = {Rol(r) for r in roles}

    @bp.before_request
    def _check_role():
        user = user_loader() if user_loader else (current_user if current_user.is_authenticated else None)
        if user is None:
            abort(401)
        if user.rol not in allowed:
            abort(403)


def has_role(user: User | None, *roles: Rol) -> bool:
    return user is not None and user.rol in roles


def activiteit_voor(user: User) -> Activiteit:
    try:
        return ACTIVITEIT_VAN_ROL[user.rol]
    except KeyError:
        abort(403)


def _scope(user: User) -> object:
    """The WHERE clause that limits trajectories to what this user may see."""
    rol = user.rol
    if rol in (Rol.regisseur, Rol.privacy):
        return Traject.gemeente_id == user.organisatie_id
    if rol is Rol.aanbieder:
        return exists().where(Toewijzing.traject_id == Traject.id, Toewijzing.aanbieder_id == user.organisatie_id)
    return False  # beheerder and unknown roles: no trajectory content (scheiding van taken)


def visible_trajecten(user: User) -> Select:
    """All trajectories the user may see, as a query to refine (filters, sorting). Reading its rows is not logged:
    use `list_trajecten` or `get_traject` for anything that is shown or returned."""
    return select(Traject).where(_scope(user))


@dataclass
class Page:
    items: list[Traject]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_trajecten(user: User, *, zoek: str | None = None, filters: dict | None = None, page: int = 1,
                   per_page: int = 50) -> Page:
    """A page of visible trajectories, newest first; each one shown is logged as read."""
    query = visible_trajecten(user)
    if zoek:
        query = query.where(Traject.id.contains(zoek.strip().upper()))
    for name, value in (filters or {}).items():
        if value:
            query = query.where(getattr(Traject, name) == value)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = max(1, page)
    items = db.session.scalars(
        query.order_by(Traject.created_at.desc(), Traject.id).offset((page - 1) * per_page).limit(per_page)).all()
    log_read(user, items)
    return Page(items, total or 0, page, per_page)


def get_traject(user: User, traject_id: str, *, log: bool = True) -> Traject:
    """The trajectory if the user may see it, else 404; the read is logged."""
    traject = db.session.scalar(visible_trajecten(user).where(Traject.id == traject_id))
    if traject is None:
        abort(404)
    if log:
        log_read(user, [traject])
    return traject


def zichtbare_toewijzingen(user: User, traject: Traject) -> list[Toewijzing]:
    """Assignments on a visible trajectory; an aanbieder sees only its own onderdelen."""
    if user.rol is Rol.aanbieder:
        return [t for t in traject.toewijzingen if t.aanbieder_id == user.organisatie_id]
    return list(traject.toewijzingen)


def log_read(user: User, trajecten: Iterable[Traject], actie: Actie = Actie.lezen) -> None:
    verwerkingslog.record(user, actie, activiteit_voor(user), ((t.id, t.gemeente.code) for t in trajecten))


def aanbieders() -> list[Organisatie]:
    """The aanbieders a regisseur may assign (organisations are not tenant data)."""
    return list(db.session.scalars(
        select(Organisatie).where(Organisatie.type == OrganisatieType.aanbieder).order_by(Organisatie.naam)))


def zichtbare_leveringen(user: User, traject: Traject) -> dict[str, list]:
    """Delivery records of a visible trajectory per soort; an aanbieder sees only what its organisation delivered.
    Call after `get_traject`, which logged the read."""
    result = {}
    for soort, model in MODELS.items():
        query = select(model).where(model.traject_id == traject.id)
        if user.rol is Rol.aanbieder:
            query = query.where(model.aanbieder_id == user.organisatie_id)
        order = model.periode_start if soort == "aanwezigheid" else model.datum
        result[soort] = list(db.session.scalars(query.order_by(order)))
    return result


def zichtbare_historie(user: User, traject: Traject, leveringen: dict[str, list] | None = None) -> list[LeveringHistorie]:
    """Replaced versions of the visible delivery records of a trajectory, newest first (pass the result of
    `zichtbare_leveringen` when the caller has it, to save its queries)."""
    leveringen = leveringen if leveringen is not None else zichtbare_leveringen(user, traject)
    visible = {(soort, r.id) for soort, records in leveringen.items() for r in records}
    rows = db.session.scalars(select(LeveringHistorie).where(LeveringHistorie.traject_id == traject.id)
                              .order_by(LeveringHistorie.vervangen_op.desc(), LeveringHistorie.id.desc()))
    return [h for h in rows if (h.soort, h.record_id) in visible]


def eigen_batches(user: User, limit: int = 100) -> list[AanleverBatch]:
    """An aanbieder's own upload history, newest first."""
    if user.rol is not Rol.aanbieder:
        abort(403)
    return list(db.session.scalars(select(AanleverBatch).where(AanleverBatch.aanbieder_id == user.organisatie_id)
                                   .order_by(AanleverBatch.id.desc()).limit(limit)))


def get_eigen_batch(user: User, batch_id: int) -> AanleverBatch:
    """One of the aanbieder's own batches, else 404."""
    batch = db.session.get(AanleverBatch, batch_id)
    if batch is None or user.rol is not Rol.aanbieder or batch.aanbieder_id != user.organisatie_id:
        abort(404)
    return batch
