"""The DUO export for a regisseur: built for the caller's gemeente, logged as `exporteren` per trajectory under the
register activity of the DUO chain."""
from __future__ import annotations

from datetime import date

from portal import access, verwerkingslog
from portal.codes import Actie, Activiteit, Rol
from portal.duo import export
from portal.errors import ServiceError
from portal.models import User
from portal.timeutil import today

ACTIVITEIT = Activiteit.duo_keten
FILTERS = ("alle", "actie", "controles")


def _regisseur(user: User) -> None:
    if user is None or user.rol is not Rol.regisseur:
        raise ServiceError("verboden", "Alleen een regisseur van de gemeente mag dit.", status=403)


def heeft_actie(element: dict) -> bool:
    return any(element[deel]["actie"] != "geen" for deel in ("map", "pvt", "zroute"))


def exporteer(user: User, filter_: str = "alle", dag: date | None = None) -> tuple[date, list[dict]]:
    """(peildatum, the export's trajecten) of the regisseur's gemeente, optionally only those with an `actie` other
    than `geen` or with open `controles`; every trajectory returned is logged as `exporteren`."""
    _regisseur(user)
    dag = dag or today()
    trajecten = export.bereken(access.visible_trajecten(user), dag)
    if filter_ == "actie":
        trajecten = [e for e in trajecten if heeft_actie(e)]
    elif filter_ == "controles":
        trajecten = [e for e in trajecten if e["controles"]]
    gemeente = user.organisatie.code
    verwerkingslog.record(user, Actie.exporteren, ACTIVITEIT, [(e["traject_id"], gemeente) for e in trajecten])
    return dag, trajecten
