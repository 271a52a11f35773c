"""The named door through which the portal asks whether an aanbieder may process a gemeente's data."""
from datetime import date

from sqlalchemy import select

from dpia.verwerkersovereenkomsten.models import Verwerkersovereenkomst
from portal.codes import VoStatus
from portal.extensions import db
from portal.models.organisatie import Organisatie


def register_getekend(aanbieder: Organisatie, gemeente: Organisatie, start: date, eind: date,
                      getekend_op: date | None = None) -> Verwerkersovereenkomst:
    if aanbieder.is_gemeente or not gemeente.is_gemeente:
        raise ValueError("Een verwerkersovereenkomst is tussen een aanbieder en een gemeente.")
    if eind < start:
        raise ValueError("De einddatum ligt voor de startdatum.")
    vo = Verwerkersovereenkomst(aanbieder=aanbieder, gemeente=gemeente, status=VoStatus.getekend,
                                getekend_op=getekend_op or start, startdatum=start, einddatum=eind)
    db.session.add(vo)
    db.session.flush()
    return vo


def gemeenten_met_geldige_vo(aanbieder_id: int, dag: date) -> set[int]:
    """The ids of the gemeenten with which this aanbieder has a signed, current agreement on `dag`."""
    rows = db.session.scalars(
        select(Verwerkersovereenkomst.gemeente_id).where(
            Verwerkersovereenkomst.aanbieder_id == aanbieder_id,
            Verwerkersovereenkomst.status == VoStatus.getekend,
            Verwerkersovereenkomst.startdatum <= dag,
            Verwerkersovereenkomst.einddatum >= dag))
    return set(rows)
