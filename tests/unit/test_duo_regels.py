"""DUO's rules as pure functions: the hour buckets at the PIP-datum's boundaries per doelgroep and leerroute, rounding
down, `bekend_tot` exclusive, `actie` over a value's life, the verwijtbaar window on both sides and every controle."""
from datetime import date

import pytest

from portal.duo import regels
from portal.duo.regels import Periode

PIP = date(2025, 3, 3)


def taal(start, eind, uren, onderdeel="taal"):
    return Periode(onderdeel, date.fromisoformat(start), date.fromisoformat(eind), uren)


def test_a_period_ending_the_day_before_the_pip_datum_is_brede_intake():
    u = regels.uren([taal("2025-02-01", "2025-03-02", 20)], "asielstatushouder", "b1", PIP)
    assert (u.bredeintake_taallesknm, u.participatietaalles, u.over_pip) == (20, 0, False)
    assert u.bekend_tot == date(2025, 3, 3)


def test_a_period_starting_on_the_pip_datum_is_participatietaalles():
    u = regels.uren([taal("2025-03-03", "2025-03-31", 30)], "asielstatushouder", "b1", PIP)
    assert (u.bredeintake_taallesknm, u.participatietaalles, u.over_pip) == (0, 30, False)
    assert u.bekend_tot == date(2025, 4, 1)


def test_a_period_spanning_the_pip_datum_counts_in_neither_bucket_and_is_flagged():
    u = regels.uren([taal("2025-03-01", "2025-03-31", 30), taal("2025-04-01", "2025-04-30", 5)],
                    "asielstatushouder", "b1", PIP)
    assert (u.bredeintake_taallesknm, u.participatietaalles, u.over_pip) == (0, 5, True)
    assert u.bekend_tot == date(2025, 5, 1)


def test_hours_are_rounded_down_to_whole_hours():
    bijna = regels.uren([taal("2025-04-01", "2025-04-30", 0.99)], "asielstatushouder", "b1", PIP)
    assert bijna.participatietaalles == 0
    parts = [taal("2025-04-01", "2025-04-10", 0.1), taal("2025-04-11", "2025-04-20", 0.2),
             taal("2025-04-21", "2025-04-30", 0.7)]
    assert regels.uren(parts, "asielstatushouder", "b1", PIP).participatietaalles == 1
    assert regels.hele_uren(122.99) == 122


@pytest.mark.parametrize("doelgroep", ["gezinsmigrant", "overige_migrant"])
def test_other_doelgroepen_have_no_hours_for_duo(doelgroep):
    assert regels.uren([taal("2025-04-01", "2025-04-30", 10)], doelgroep, "b1", PIP) == regels.GEEN_UREN


@pytest.mark.parametrize("leerroute, activiteiten", [("z_route", 7), ("b1", None), ("onderwijsroute", None)])
def test_map_and_pvt_hours_are_participatieactiviteiten_on_the_z_route_only(leerroute, activiteiten):
    perioden = [taal("2025-04-01", "2025-04-30", 10), taal("2025-02-01", "2025-02-28", 3.5, "map"),
                taal("2025-05-01", "2025-05-31", 3.6, "pvt")]
    u = regels.uren(perioden, "asielstatushouder", leerroute, PIP)
    assert u.participatieactiviteiten == activiteiten and u.participatietaalles == 10
    assert u.bekend_tot == (date(2025, 6, 1) if leerroute == "z_route" else date(2025, 5, 1))


def test_actie_follows_a_value_over_its_life():
    d, later = date(2026, 6, 1), date(2026, 6, 3)
    assert regels.actie(d, None) == "nieuw"
    assert regels.actie(d, d) == "geen"
    assert regels.actie(later, d) == "wijzigen"
    assert regels.actie(None, d) == "intrekken"
    assert regels.actie(None, None) == "geen"


EINDE = date(2026, 9, 1)  # termijn_einde, exclusive


@pytest.mark.parametrize("waarde, dag, toegestaan", [
    ("Ja", date(2026, 8, 31), False), ("Ja", date(2026, 9, 1), True),
    ("Nee", date(2026, 6, 30), False), ("Nee", date(2026, 7, 1), True), ("Nee", date(2026, 10, 1), True),
])
def test_the_verwijtbaar_window_on_both_sides(waarde, dag, toegestaan):
    assert regels.verwijtbaar_toegestaan(waarde, EINDE, dag) is toegestaan


def _controles(**kwargs):
    args = dict(leerroute="b1", status="actief", termijn_start=date(2025, 3, 3), termijn_einde=EINDE,
                dag=date(2026, 6, 15), map_datum=None, pvt_datum=None, zroute_datum=None, map_verwijtbaar=None,
                pvt_verwijtbaar=None, over_pip=False)
    return regels.controles(**{**args, **kwargs})


def test_every_controle_code_is_raised_by_its_own_cause_only():
    assert _controles() == []
    assert _controles(map_datum=date(2025, 3, 2)) == ["datum_voor_termijn"]
    assert _controles(map_datum=date(2025, 3, 3)) == []
    assert _controles(leerroute="z_route", pvt_datum=date(2026, 5, 2), zroute_datum=date(2026, 5, 1)) == ["na_zroute"]
    assert _controles(leerroute="z_route", pvt_datum=date(2026, 5, 1), zroute_datum=date(2026, 5, 1)) == []
    assert _controles(dag=EINDE) == ["verwijtbaar_ontbreekt"]
    assert _controles(dag=EINDE, map_verwijtbaar="Nee", pvt_verwijtbaar="Ja") == []
    assert _controles(dag=EINDE, leerroute="onderwijsroute", pvt_verwijtbaar="Nee") == []
    assert _controles(dag=EINDE, status="beeindigd") == []
    assert _controles(over_pip=True) == ["periode_over_pip"]
    assert _controles(leerroute="onderwijsroute", map_datum=date(2026, 1, 5)) == ["map_niet_vereist"]
    assert set(regels.CONTROLES) == {"datum_voor_termijn", "na_zroute", "verwijtbaar_ontbreekt", "periode_over_pip",
                                     "map_niet_vereist"}
