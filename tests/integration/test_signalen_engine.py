"""signalen.bereken builds one frame of every rule's arrays: it gives exactly what the rules' own frames, concatenated
and ordered by `afronden`, give (rows, order, dtypes and values), on the seven-signal fixture (here) and on the demo
(tests/integration/test_demo_doelgroep.py)."""
from datetime import date

from sqlalchemy import select

from portal.models import Traject
from portal.voortgang.services import instellingen_voor
from tests.helpers.signalen_engine import gelijk


def test_the_engine_gives_the_signals_of_the_rules_frames_exactly_for_the_seven_trajectories(regie, zeven):
    inst = instellingen_voor(regie.gemeente.id)
    scope = select(Traject).where(Traject.gemeente_id == regie.gemeente.id)
    assert gelijk(scope, date(2026, 6, 15), inst) >= 7
    for traject in vars(zeven).values():  # a scope of one: one rule's signals, or none
        gelijk(scope.where(Traject.id == traject.id), date(2026, 6, 15), inst)
    gelijk(scope, date(2020, 1, 1), inst)  # no signal at all
