"""The privacy module's part of `portal demo` (the door's demo_overeenkomsten and demo_vullen)."""
from datetime import date, timedelta

from dpia.beoordelingen import demo as dpia_demo
from dpia.datalekken import demo as datalekken_demo
from dpia.verwerkersovereenkomsten.services import register_getekend
from dpia.verzoeken import demo as verzoeken_demo


def overeenkomsten(orgs: dict, dag: date) -> None:
    """Every demo aanbieder has a signed agreement with both demo gemeenten, from before the first delivery."""
    for gemeente in ("GM0928", "GM0917"):
        for code in ("TAALKR", "MAPLIM", "INTEGRA"):
            register_getekend(orgs[code], orgs[gemeente], dag - timedelta(days=400), dag + timedelta(days=700))


def vullen(users: dict, orgs: dict, dag: date) -> None:
    """DPIA's, data leaks and requests of the demo gemeenten, after their trajectories exist."""
    for feature in (dpia_demo, datalekken_demo, verzoeken_demo):
        feature.vul(users, orgs, dag)
