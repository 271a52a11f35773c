"""Restriction of processing (AVG art. 18) per trajectory: which trajectories are restricted.

The door through which the portal asks: the import service (`beperkte_ids`, deliveries refused as
`traject_beperkt`) and portal/access.py (`niet_beperkt`, the trajectory hidden from every role but the gemeente's
privacy officer). Setting and lifting a restriction is in services.py.
"""
from sqlalchemy import ColumnElement, exists, select

from dpia.verzoeken.models import TrajectBeperking
from portal.extensions import db


def _actief():
    return TrajectBeperking.opgeheven_op.is_(None)


def beperkte_ids(traject_ids: set[str]) -> set[str]:
    """The ids among `traject_ids` whose processing is restricted now. Restrictions in force are few (each lasts
    while one data subject's dispute is settled), so all of them are read and intersected: cheaper than thousands of
    ids as bound parameters when a large delivery asks."""
    if not traject_ids:
        return set()
    return set(db.session.scalars(select(TrajectBeperking.traject_id).where(_actief()))) & set(traject_ids)


def actieve_beperking(traject_id: str) -> TrajectBeperking | None:
    return db.session.scalar(select(TrajectBeperking).where(_actief(), TrajectBeperking.traject_id == traject_id)
                             .order_by(TrajectBeperking.id.desc()).limit(1))


def niet_beperkt(traject_id_column) -> ColumnElement[bool]:
    """A WHERE clause: the trajectory whose id is in `traject_id_column` has no restriction in force."""
    return ~exists().where(TrajectBeperking.traject_id == traject_id_column, _actief())
