"""Restriction of processing (AVG art. 18) per trajectory: which trajectories are restricted.

The door through which the portal asks: the import service (`beperkte_ids`, deliveries refused as
`traject_beperkt`) and portal/access.py (`niet_beperkt`, the trajectory hidden from every role but the gemeente's
privacy officer). Setting and lifting a restriction is in services.py.
"""
from sqlalchemy import ColumnElement, exists, select

from dpia.verzoeken.models import TrajectBeperking
from portal.extensions import db

CHUNK = 2_000


def _actief():
    return TrajectBeperking.opgeheven_op.is_(None)


def beperkte_ids(traject_ids: set[str]) -> set[str]:
    """The ids among `traject_ids` whose processing is restricted now."""
    ids = sorted(traject_ids)
    result: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        result.update(db.session.scalars(select(TrajectBeperking.traject_id).distinct().where(
            _actief(), TrajectBeperking.traject_id.in_(ids[start:start + CHUNK]))))
    return result


def is_beperkt(traject_id: str) -> bool:
    return bool(beperkte_ids({traject_id}))


def actieve_beperking(traject_id: str) -> TrajectBeperking | None:
    return db.session.scalar(select(TrajectBeperking).where(_actief(), TrajectBeperking.traject_id == traject_id)
                             .order_by(TrajectBeperking.id.desc()).limit(1))


def niet_beperkt(traject_id_column) -> ColumnElement[bool]:
    """A WHERE clause: the trajectory whose id is in `traject_id_column` has no restriction in force."""
    return ~exists().where(TrajectBeperking.traject_id == traject_id_column, _actief())
