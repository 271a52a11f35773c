"""Searching trajectories by ID: what a list page says when the typed ID cannot exist because its check character
does not fit, and which of the user's own trajectories it was probably meant to be."""
from __future__ import annotations

from dataclasses import dataclass, field

from portal import access
from portal.extensions import db
from portal.models import Traject, User
from portal.trajecten import ids


@dataclass(frozen=True)
class Typefout:
    """A searched ID whose check character is wrong, and the visible trajectories one typing error away."""

    gezocht: str
    bedoeld: list[str] = field(default_factory=list)


def typefout(user: User, zoek: str | None) -> Typefout | None:
    """None unless `zoek` is a whole ID with a wrong check character. Only IDs of trajectories the user may see
    and process now (none under a verwerkingsstop) are suggested; they are shown, so their read is logged. An ID
    that merely passes the check is never offered, because the page would be guessing."""
    if not zoek or not ids.controleteken_fout(zoek):
        return None
    kandidaten = ids.verbeteringen(zoek)
    scope = access.zonder_verwerkingsstop(user, access.visible_trajecten(user))
    bestaand = list(db.session.scalars(scope.where(Traject.id.in_(kandidaten)).order_by(Traject.id))) if kandidaten \
        else []
    if bestaand:
        access.log_read(user, bestaand)
    return Typefout(ids.normalise(ids.compact(zoek)), [t.id for t in bestaand])
