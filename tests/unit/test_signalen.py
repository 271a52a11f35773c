"""The signals engine's rules as pure functions over frames: each signal is raised on the first day its rule holds and
not one day before, closes when its cause is gone, and DUO deadlines count werkdagen around Dutch holidays."""
from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta

from portal.models.voortgang import STANDAARD_INSTELLINGEN
from portal.voortgang import signalen
from portal.voortgang.queries import TRAJECT_KOLOMMEN
from portal.voortgang.signalen import SignaalType, Vensters, duo_deadline, werkdag_deadlines

INST = SimpleNamespace(**STANDAARD_INSTELLINGEN)


def _ts(value):
    return pd.Timestamp(value) if value is not None else pd.NaT


def trajecten(*rows: dict) -> pd.DataFrame:
    """A frame shaped like queries.trajecten_met_uren."""
    defaults = {"traject_id": "T1", "leerroute": "b1", "doelgroep": "asielstatushouder", "status": "actief",
                "pip_datum": date(2025, 1, 6), "intensiteit": 800.0, "datum_aanbod": date(2025, 2, 1),
                "perioden": 0, "gepland": 0.0, "aanwezig": 0.0, "geoorloofd": 0.0, "ongeoorloofd": 0.0,
                "taal_aanwezig": 0.0, "taal_tot": None, "laatste_aanlevering": None, "niveau": "B1"}
    rows = [{**defaults, **row} for row in rows]
    for row in rows:  # the termijn as the portal estimates it until DUO's dates are typed in
        row.setdefault("termijn_start", row["pip_datum"])
        row.setdefault("termijn_einde", row["termijn_start"] + relativedelta(years=3))
        if row["leerroute"] != "b1":
            row["niveau"] = None
    extra = [k for row in rows for k in row if k not in TRAJECT_KOLOMMEN]  # taal_na_pip, as bereken adds it
    frame = pd.DataFrame(rows, columns=[*TRAJECT_KOLOMMEN, *dict.fromkeys(extra)])
    for column in ("pip_datum", "datum_aanbod", "taal_tot", "laatste_aanlevering", "termijn_start", "termijn_einde"):
        frame[column] = pd.to_datetime(frame[column].map(_ts))
    frame["intensiteit"] = frame["intensiteit"].astype(float)
    return frame


def toewijzingen(*rows: dict) -> pd.DataFrame:
    """A frame shaped like queries.toewijzingen."""
    defaults = {"traject_id": "T1", "onderdeel": "taal", "aanbieder_id": 1, "aanbieder": "Taalhuis",
                "startdatum": date(2026, 1, 5), "einddatum": None, "laatste_eind": None}
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    for column in ("startdatum", "einddatum", "laatste_eind"):
        frame[column] = pd.to_datetime(frame[column].map(_ts))
    return frame


def venster(*rows: dict) -> pd.DataFrame:
    """A frame shaped like queries.verzuim_venster."""
    defaults = {"traject_id": "T1", "onderdeel": "taal", "gepland": 40.0, "ongeoorloofd": 0.0, "keer": 0,
                "laatste_eind": date(2026, 5, 31)}
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame["laatste_eind"] = pd.to_datetime(frame["laatste_eind"].map(_ts))
    return frame


def afrondingen(*rows: dict) -> pd.DataFrame:
    defaults = {"traject_id": "T1", "onderdeel": "map", "datum": date(2025, 12, 19)}
    frame = pd.DataFrame([{**defaults, **row} for row in rows], columns=["traject_id", "onderdeel", "datum"])
    frame["datum"] = pd.to_datetime(frame["datum"].map(_ts))
    return frame


def afgerond(frame: pd.DataFrame, dag: date) -> list[dict]:
    """The signals as the API shows them (with te_laat), for compact assertions."""
    return signalen.als_json(signalen.afronden(frame, dag))


# --- werkdagen ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("afronding", "deadline", "why"), [
    (date(2025, 12, 19), date(2026, 1, 7), "interface.md: Christmas (25, 26 Dec) and New Year (1 Jan) skipped"),
    (date(2025, 12, 24), date(2026, 1, 12), "afronding on Christmas Eve, a werkdag itself"),
    (date(2026, 3, 27), date(2026, 4, 14), "Easter: Good Friday 3 Apr and Easter Monday 6 Apr skipped"),
    (date(2026, 4, 17), date(2026, 5, 4), "King's Day on Monday 27 April 2026 skipped"),
    (date(2025, 4, 24), date(2025, 5, 9), "King's Day on Saturday 26 April 2025 (27th a Sunday), Liberation Day 2025"),
    (date(2026, 6, 5), date(2026, 6, 19), "a Friday: two weekends"),
    (date(2026, 6, 13), date(2026, 6, 26), "a Saturday counts from the Monday"),
    (date(2026, 6, 14), date(2026, 6, 26), "a Sunday likewise"),
    (date(2026, 4, 6), date(2026, 4, 20), "on Easter Monday itself: counts from the Tuesday"),
    (date(2026, 12, 18), date(2027, 1, 5), "deadline in the next year: its holidays count too"),
])
def test_the_duo_deadline_is_the_tenth_werkdag_after_the_afronding(afronding, deadline, why):
    assert duo_deadline(afronding) == deadline, why


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday_and_is_then_no_werkdag():
    import holidays
    for year in (2025, 2031):
        assert date(year, 4, 26) in holidays.country_holidays("NL", years=year)
        assert date(year, 4, 27).weekday() == 6
    assert date(2026, 4, 27) in holidays.country_holidays("NL", years=2026)


def test_werkdag_deadlines_are_computed_for_many_dates_at_once():
    days = pd.to_datetime(["2025-12-19", "2026-03-27"]).to_numpy().astype("datetime64[D]")
    assert [d.item() for d in werkdag_deadlines(days)] == [date(2026, 1, 7), date(2026, 4, 14)]
    assert len(werkdag_deadlines(days[:0])) == 0


# --- the windows ----------------------------------------------------------------------------------------------------


def test_the_windows_are_the_last_four_weeks_and_the_last_month_including_today():
    v = Vensters.voor(date(2026, 6, 15), INST)
    assert (v.verzuim_vanaf, v.maand_vanaf) == (date(2026, 5, 19), date(2026, 5, 16))
    assert Vensters.voor(date(2026, 3, 31), INST).maand_vanaf == date(2026, 3, 1)  # 28 Feb + 1 day


# --- each rule ------------------------------------------------------------------------------------------------------


def test_duo_registratie_opens_on_the_afronding_day_and_is_late_after_its_deadline():
    frame = afrondingen({"datum": date(2025, 12, 19)})
    assert signalen.duo_registratie(frame, date(2025, 12, 18)).empty
    assert afgerond(signalen.duo_registratie(frame, date(2025, 12, 19)), date(2025, 12, 19)) == [
        {"type": "duo_registratie", "traject_id": "T1", "onderdeel": "map", "datum": "2025-12-19",
         "deadline": "2026-01-07", "te_laat": False}]
    on_deadline = signalen.duo_registratie(frame, date(2026, 1, 7))
    assert afgerond(on_deadline, date(2026, 1, 7))[0]["te_laat"] is False
    assert afgerond(signalen.duo_registratie(frame, date(2026, 1, 8)), date(2026, 1, 8))[0]["te_laat"] is True


def test_vertraagde_start_is_raised_the_day_after_three_months_without_aanbod():
    frame = trajecten({"pip_datum": date(2025, 1, 6), "datum_aanbod": None})
    assert signalen.vertraagde_start(frame, date(2025, 4, 6), INST).empty
    raised = afgerond(signalen.vertraagde_start(frame, date(2025, 4, 7), INST), date(2025, 4, 7))
    assert raised == [{"type": "vertraagde_start", "traject_id": "T1", "onderdeel": None, "datum": "2025-04-07",
                       "deadline": "2025-04-06", "te_laat": True}]


def test_vertraagde_start_closes_with_an_aanbod_or_when_the_trajectory_is_no_longer_active():
    for row in ({"datum_aanbod": date(2025, 6, 1)}, {"datum_aanbod": None, "status": "beeindigd"}):
        assert signalen.vertraagde_start(trajecten(row), date(2026, 6, 15), INST).empty


def test_three_months_after_the_end_of_november_is_the_end_of_february():
    frame = trajecten({"pip_datum": date(2025, 11, 30), "datum_aanbod": None})
    assert signalen.vertraagde_start(frame, date(2026, 2, 28), INST).empty
    assert len(signalen.vertraagde_start(frame, date(2026, 3, 1), INST)) == 1


def test_afschalen_mogelijk_from_600_taal_hours_on_the_b1_route_only():
    rows = trajecten({"traject_id": "B1-599", "taal_aanwezig": 599.99},
                     {"traject_id": "B1-600", "taal_aanwezig": 600.0, "taal_tot": date(2026, 5, 31)},
                     {"traject_id": "Z-900", "leerroute": "z_route", "taal_aanwezig": 900.0},
                     {"traject_id": "B1-KLAAR", "taal_aanwezig": 900.0, "status": "afgerond"})
    raised = afgerond(signalen.afschalen_mogelijk(rows, INST), date(2026, 6, 15))
    assert raised == [{"type": "afschalen_mogelijk", "traject_id": "B1-600", "onderdeel": "taal",
                       "datum": "2026-05-31", "deadline": None, "te_laat": False}]


def test_leerroute_wissel_is_raised_eight_weeks_before_the_window_closes_and_gone_after():
    frame = trajecten({"pip_datum": date(2025, 1, 6)})  # window closes 06-07-2026
    assert signalen.leerroute_wissel(frame, date(2026, 5, 10), INST).empty
    raised = afgerond(signalen.leerroute_wissel(frame, date(2026, 5, 11), INST), date(2026, 5, 11))
    assert raised == [{"type": "leerroute_wissel", "traject_id": "T1", "onderdeel": None, "datum": "2026-05-11",
                       "deadline": "2026-07-06", "te_laat": False}]
    assert len(signalen.leerroute_wissel(frame, date(2026, 7, 6), INST)) == 1
    assert signalen.leerroute_wissel(frame, date(2026, 7, 7), INST).empty


def test_termijn_in_gevaar_six_months_before_the_end_below_half_the_intensiteit():
    frame = trajecten({"pip_datum": date(2023, 7, 1), "intensiteit": 800.0, "taal_aanwezig": 399.5})
    assert signalen.termijn_in_gevaar(frame, date(2025, 12, 31), INST).empty
    raised = afgerond(signalen.termijn_in_gevaar(frame, date(2026, 1, 1), INST), date(2026, 1, 1))
    # termijn_einde 2026-07-01 is exclusive: the last day of the termijn, the deadline, is 30 June
    assert raised == [{"type": "termijn_in_gevaar", "traject_id": "T1", "onderdeel": "taal", "datum": "2026-01-01",
                       "deadline": "2026-06-30", "te_laat": False}]
    assert afgerond(signalen.termijn_in_gevaar(frame, date(2026, 6, 30), INST), date(2026, 6, 30))[0]["te_laat"] \
        is False
    late = afgerond(signalen.termijn_in_gevaar(frame, date(2026, 7, 1), INST), date(2026, 7, 1))
    assert late[0]["te_laat"] is True


def test_termijn_in_gevaar_closes_at_half_the_intensiteit_and_needs_an_intensiteit():
    dag = date(2026, 3, 1)
    assert signalen.termijn_in_gevaar(trajecten({"pip_datum": date(2023, 7, 1), "taal_aanwezig": 400.0}), dag,
                                      INST).empty
    assert signalen.termijn_in_gevaar(trajecten({"pip_datum": date(2023, 7, 1), "intensiteit": None,
                                                 "leerroute": "onderwijsroute"}), dag, INST).empty


def test_ongeoorloofd_verzuim_from_ten_percent_of_gepland_or_three_absences():
    frame = venster({"traject_id": "PCT-9", "ongeoorloofd": 3.99},
                    {"traject_id": "PCT-10", "ongeoorloofd": 4.0, "laatste_eind": date(2026, 6, 7)},
                    {"traject_id": "KEER-2", "ongeoorloofd": 1.0, "keer": 2},
                    {"traject_id": "KEER-3", "ongeoorloofd": 1.0, "keer": 3, "laatste_eind": date(2026, 6, 14)})
    rows = trajecten(*({"traject_id": t} for t in frame["traject_id"]))
    raised = afgerond(signalen.ongeoorloofd_verzuim(frame, rows, INST), date(2026, 6, 15))
    assert [(s["traject_id"], s["onderdeel"], s["datum"]) for s in raised] == [
        ("PCT-10", "taal", "2026-06-07"), ("KEER-3", "taal", "2026-06-14")]


def test_ongeoorloofd_verzuim_only_for_active_trajectories():
    frame = venster({"ongeoorloofd": 20.0})
    assert signalen.ongeoorloofd_verzuim(frame, trajecten({"status": "afgerond"}), INST).empty


def test_geen_aanlevering_five_weeks_after_the_last_period_and_not_one_day_before():
    frame = toewijzingen({"startdatum": date(2026, 1, 5), "laatste_eind": date(2026, 5, 10)})
    rows = trajecten({})
    assert signalen.geen_aanlevering(frame, rows, date(2026, 6, 13), INST).empty
    raised = afgerond(signalen.geen_aanlevering(frame, rows, date(2026, 6, 14), INST), date(2026, 6, 14))
    assert raised == [{"type": "geen_aanlevering", "traject_id": "T1", "onderdeel": "taal", "datum": "2026-06-14",
                       "deadline": None, "te_laat": False}]


def test_geen_aanlevering_counts_from_the_start_when_nothing_was_delivered():
    frame = toewijzingen({"startdatum": date(2026, 5, 11), "laatste_eind": None})
    assert signalen.geen_aanlevering(frame, trajecten({}), date(2026, 6, 14), INST).empty
    assert len(signalen.geen_aanlevering(frame, trajecten({}), date(2026, 6, 15), INST)) == 1
    before_start = toewijzingen({"startdatum": date(2026, 6, 1), "laatste_eind": date(2026, 3, 31)})
    assert signalen.geen_aanlevering(before_start, trajecten({}), date(2026, 7, 5), INST).empty
    assert len(signalen.geen_aanlevering(before_start, trajecten({}), date(2026, 7, 6), INST)) == 1


def test_geen_aanlevering_only_while_the_assignment_runs():
    rows = trajecten({})
    ended = toewijzingen({"startdatum": date(2026, 1, 5), "einddatum": date(2026, 6, 14), "laatste_eind": None})
    assert len(signalen.geen_aanlevering(ended, rows, date(2026, 6, 14), INST)) == 1
    assert signalen.geen_aanlevering(ended, rows, date(2026, 6, 15), INST).empty


def test_thresholds_come_from_the_gemeente():
    strenger = SimpleNamespace(**{**STANDAARD_INSTELLINGEN, "verzuim_percentage": 5, "afschalen_uren": 700})
    assert len(signalen.ongeoorloofd_verzuim(venster({"ongeoorloofd": 2.0}), trajecten({}), strenger)) == 1
    assert signalen.ongeoorloofd_verzuim(venster({"ongeoorloofd": 2.0}), trajecten({}), INST).empty
    assert signalen.afschalen_mogelijk(trajecten({"taal_aanwezig": 650.0}), strenger).empty
    assert len(signalen.afschalen_mogelijk(trajecten({"taal_aanwezig": 650.0}), INST)) == 1


def test_a_threshold_looser_than_the_law_counts_as_the_legal_norm():
    losser = SimpleNamespace(**{**STANDAARD_INSTELLINGEN, "vertraagde_start_maanden": 6, "afschalen_uren": 500})
    assert signalen.afschalen_mogelijk(trajecten({"taal_aanwezig": 550.0}), losser).empty
    raised = signalen.vertraagde_start(trajecten({"datum_aanbod": None}), date(2025, 4, 7), losser)
    assert len(raised) == 1  # PIP 06-01-2025: due 06-04-2025 by law, whatever the gemeente stored


# --- per doelgroep and leerroute (design.md's "applies to") ---------------------------------------------------------

DOELGROEPEN = ("asielstatushouder", "gezinsmigrant", "overige_migrant")
LEERROUTES = ("b1", "onderwijsroute", "z_route")


@pytest.mark.parametrize("doelgroep", DOELGROEPEN)
@pytest.mark.parametrize("leerroute", LEERROUTES)
def test_vertraagde_start_only_for_asielstatushouders_on_every_route(doelgroep, leerroute):
    frame = trajecten({"doelgroep": doelgroep, "leerroute": leerroute, "datum_aanbod": None,
                       "pip_datum": date(2023, 3, 15)})
    # 3 months to the day: 15-06-2023 is the last day the aanbod is due; the signal opens on the 16th
    assert signalen.vertraagde_start(frame, date(2023, 6, 15), INST).empty
    raised = signalen.vertraagde_start(frame, date(2023, 6, 16), INST)
    assert len(raised) == (1 if doelgroep == "asielstatushouder" else 0)


@pytest.mark.parametrize("doelgroep", DOELGROEPEN)
@pytest.mark.parametrize("leerroute", LEERROUTES)
@pytest.mark.parametrize("niveau", ["B1", "A2"])
def test_afschalen_mogelijk_only_for_an_asielstatushouder_on_the_b1_route_with_niveau_b1(doelgroep, leerroute,
                                                                                        niveau):
    frame = trajecten({"doelgroep": doelgroep, "leerroute": leerroute, "niveau": niveau, "taal_aanwezig": 600.0,
                       "taal_na_pip": 600.0, "taal_tot": date(2026, 5, 31)})
    expected = doelgroep == "asielstatushouder" and leerroute == "b1" and niveau == "B1"
    assert len(signalen.afschalen_mogelijk(frame, INST)) == (1 if expected else 0)


def test_afschalen_mogelijk_counts_only_taal_hours_after_the_pip_datum_from_600_00():
    assert signalen.afschalen_mogelijk(trajecten({"taal_aanwezig": 640.0, "taal_na_pip": 599.99}), INST).empty
    assert len(signalen.afschalen_mogelijk(trajecten({"taal_aanwezig": 640.0, "taal_na_pip": 600.00}), INST)) == 1


@pytest.mark.parametrize("doelgroep", DOELGROEPEN)
@pytest.mark.parametrize("leerroute", LEERROUTES)
def test_leerroute_wissel_for_the_b1_and_z_route_from_termijn_start_not_the_onderwijsroute(doelgroep, leerroute):
    # DUO's termijn starts later than the PIP-datum: the 18 months run from termijn_start (01-03-2025 -> 01-09-2026)
    frame = trajecten({"doelgroep": doelgroep, "leerroute": leerroute, "pip_datum": date(2025, 1, 6),
                       "termijn_start": date(2025, 3, 1)})
    raised = signalen.leerroute_wissel(frame, date(2026, 9, 1), INST)
    assert len(raised) == (0 if leerroute == "onderwijsroute" else 1)
    if len(raised):
        assert afgerond(raised, date(2026, 9, 1))[0]["deadline"] == "2026-09-01"
    assert signalen.leerroute_wissel(frame, date(2026, 9, 2), INST).empty


@pytest.mark.parametrize("doelgroep", DOELGROEPEN)
@pytest.mark.parametrize("leerroute", LEERROUTES)
def test_termijn_in_gevaar_only_for_asielstatushouders_with_an_intensiteit(doelgroep, leerroute):
    intensiteit = {"b1": 600.0, "z_route": 800.0, "onderwijsroute": None}[leerroute]
    frame = trajecten({"doelgroep": doelgroep, "leerroute": leerroute, "intensiteit": intensiteit,
                       "pip_datum": date(2023, 3, 15), "taal_aanwezig": 10.0})
    raised = signalen.termijn_in_gevaar(frame, date(2026, 3, 14), INST)
    expected = doelgroep == "asielstatushouder" and intensiteit is not None
    assert len(raised) == (1 if expected else 0)
    if expected:  # PIP 15-03-2023: termijn_einde 15-03-2026 is exclusive, the last day 14-03-2026
        assert afgerond(raised, date(2026, 3, 14))[0] | {} == {
            "type": "termijn_in_gevaar", "traject_id": "T1", "onderdeel": "taal", "datum": "2025-09-15",
            "deadline": "2026-03-14", "te_laat": False}
        assert afgerond(raised, date(2026, 3, 15))[0]["te_laat"] is True


def test_termijn_in_gevaar_follows_an_extended_termijn():
    frame = trajecten({"pip_datum": date(2023, 3, 15), "termijn_einde": date(2027, 3, 15), "taal_aanwezig": 10.0})
    assert signalen.termijn_in_gevaar(frame, date(2026, 3, 14), INST).empty


@pytest.mark.parametrize("doelgroep", DOELGROEPEN)
@pytest.mark.parametrize("leerroute", LEERROUTES)
def test_map_pvt_niet_afgerond_two_months_before_termijn_einde_and_no_map_on_the_onderwijsroute(doelgroep,
                                                                                               leerroute):
    frame = trajecten({"doelgroep": doelgroep, "leerroute": leerroute, "pip_datum": date(2023, 3, 15)})
    geen = pd.DataFrame({"traject_id": [], "onderdeel": []})
    assert signalen.map_pvt_niet_afgerond(frame, geen, date(2026, 1, 14)).empty
    raised = afgerond(signalen.map_pvt_niet_afgerond(frame, geen, date(2026, 1, 15)), date(2026, 1, 15))
    expected = ["pvt"] if leerroute == "onderwijsroute" else ["map", "pvt"]
    assert sorted(s["onderdeel"] for s in raised) == expected
    assert {s["deadline"] for s in raised} == {"2026-03-14"}


def test_map_pvt_niet_afgerond_closes_when_it_is_afgerond():
    frame = trajecten({"pip_datum": date(2023, 3, 15)})
    klaar = pd.DataFrame({"traject_id": ["T1"], "onderdeel": ["map"]})
    raised = afgerond(signalen.map_pvt_niet_afgerond(frame, klaar, date(2026, 2, 1)), date(2026, 2, 1))
    assert [s["onderdeel"] for s in raised] == ["pvt"]
    assert signalen.map_pvt_niet_afgerond(trajecten({"pip_datum": date(2023, 3, 15), "status": "beeindigd"}),
                                          klaar, date(2026, 2, 1)).empty


@pytest.mark.parametrize("doelgroep", DOELGROEPEN)
def test_verzuim_duo_and_geen_aanlevering_apply_to_every_doelgroep(doelgroep):
    t = trajecten({"doelgroep": doelgroep})
    assert len(signalen.ongeoorloofd_verzuim(venster({"ongeoorloofd": 6.0}), t, INST)) == 1
    assert len(signalen.geen_aanlevering(toewijzingen({"onderdeel": "map", "laatste_eind": date(2026, 4, 30)}), t,
                                         date(2026, 6, 15), INST)) == 1


_GEEN = pd.DataFrame({"traject_id": [], "onderdeel": []})
_LEGE_INVOER = {  # rule -> (a call that signals nothing, a call that signals), from the tests above
    "duo_registratie": (lambda: signalen.duo_registratie(afrondingen({}), date(2025, 12, 18)),
                        lambda: signalen.duo_registratie(afrondingen({}), date(2025, 12, 19))),
    "duo_registratie, nothing to send": (lambda: signalen.duo_registratie(afrondingen(), date(2025, 12, 19)),
                                         lambda: signalen.duo_registratie(afrondingen({}), date(2025, 12, 19))),
    "vertraagde_start": (
        lambda: signalen.vertraagde_start(trajecten({"datum_aanbod": None}), date(2025, 4, 6), INST),
        lambda: signalen.vertraagde_start(trajecten({"datum_aanbod": None}), date(2025, 4, 7), INST)),
    "vertraagde_start, an aanbod": (
        lambda: signalen.vertraagde_start(trajecten({}), date(2025, 4, 7), INST),
        lambda: signalen.vertraagde_start(trajecten({"datum_aanbod": None}), date(2025, 4, 7), INST)),
    "afschalen_mogelijk": (lambda: signalen.afschalen_mogelijk(trajecten({"taal_aanwezig": 599.99}), INST),
                           lambda: signalen.afschalen_mogelijk(trajecten({"taal_aanwezig": 600.0}), INST)),
    "leerroute_wissel": (lambda: signalen.leerroute_wissel(trajecten({}), date(2026, 5, 10), INST),
                         lambda: signalen.leerroute_wissel(trajecten({}), date(2026, 5, 11), INST)),
    "termijn_in_gevaar": (
        lambda: signalen.termijn_in_gevaar(trajecten({"pip_datum": date(2023, 7, 1), "taal_aanwezig": 399.5}),
                                           date(2025, 12, 31), INST),
        lambda: signalen.termijn_in_gevaar(trajecten({"pip_datum": date(2023, 7, 1), "taal_aanwezig": 399.5}),
                                           date(2026, 1, 1), INST)),
    "termijn_in_gevaar, no intensiteit": (
        lambda: signalen.termijn_in_gevaar(trajecten({"pip_datum": date(2023, 7, 1), "intensiteit": None}),
                                           date(2026, 1, 1), INST),
        lambda: signalen.termijn_in_gevaar(trajecten({"pip_datum": date(2023, 7, 1)}), date(2026, 1, 1), INST)),
    "ongeoorloofd_verzuim": (
        lambda: signalen.ongeoorloofd_verzuim(venster({"ongeoorloofd": 3.99}), trajecten({}), INST),
        lambda: signalen.ongeoorloofd_verzuim(venster({"ongeoorloofd": 4.0}), trajecten({}), INST)),
    "ongeoorloofd_verzuim, no window": (
        lambda: signalen.ongeoorloofd_verzuim(venster({}).iloc[:0], trajecten({}), INST),
        lambda: signalen.ongeoorloofd_verzuim(venster({"ongeoorloofd": 4.0}), trajecten({}), INST)),
    "geen_aanlevering": (
        lambda: signalen.geen_aanlevering(toewijzingen({"laatste_eind": date(2026, 5, 10)}), trajecten({}),
                                          date(2026, 6, 13), INST),
        lambda: signalen.geen_aanlevering(toewijzingen({"laatste_eind": date(2026, 5, 10)}), trajecten({}),
                                          date(2026, 6, 14), INST)),
    "geen_aanlevering, no assignment": (
        lambda: signalen.geen_aanlevering(toewijzingen({}).iloc[:0], trajecten({}), date(2026, 6, 14), INST),
        lambda: signalen.geen_aanlevering(toewijzingen({"laatste_eind": date(2026, 5, 10)}), trajecten({}),
                                          date(2026, 6, 14), INST)),
    "map_pvt_niet_afgerond": (
        lambda: signalen.map_pvt_niet_afgerond(trajecten({"pip_datum": date(2023, 3, 15)}), _GEEN, date(2026, 1, 14)),
        lambda: signalen.map_pvt_niet_afgerond(trajecten({"pip_datum": date(2023, 3, 15)}), _GEEN,
                                               date(2026, 1, 15))),
    "map_pvt_niet_afgerond, both afgerond": (
        lambda: signalen.map_pvt_niet_afgerond(trajecten({"pip_datum": date(2023, 3, 15)}),
                                               pd.DataFrame({"traject_id": ["T1", "T1"], "onderdeel": ["map", "pvt"]}),
                                               date(2026, 2, 1)),
        lambda: signalen.map_pvt_niet_afgerond(trajecten({"pip_datum": date(2023, 3, 15)}), _GEEN,
                                               date(2026, 2, 1))),
}


@pytest.mark.parametrize("geval", list(_LEGE_INVOER))
def test_a_rule_that_signals_nothing_gives_the_engines_empty_frame(geval):
    """Rules stop early when nothing can hold (most of them over a trajectory page's scope of one): what they give
    then is the frame a scope without any signal gets (columns and types), and the call that signals has them."""
    niets, iets = (maak() for maak in _LEGE_INVOER[geval])
    assert niets.empty and len(iets)
    assert list(niets.columns) == list(iets.columns) == signalen.KOLOMMEN
    pd.testing.assert_frame_equal(niets, signalen._leeg())
    # the dates and numbers have one type either way (text columns are inferred as str once they hold any)
    datums_en_getallen = [k for k in signalen.KOLOMMEN if k not in ("type", "traject_id", "onderdeel", "naam")]
    assert niets[datums_en_getallen].dtypes.to_dict() == iets[datums_en_getallen].dtypes.to_dict()


# --- all together, and in words -------------------------------------------------------------------------------------


def test_signals_are_ordered_by_deadline_and_late_ones_are_marked():
    frame = pd.concat([
        signalen.leerroute_wissel(trajecten({"traject_id": "W", "pip_datum": date(2025, 1, 6)}), date(2026, 6, 15),
                                  INST),
        signalen.vertraagde_start(trajecten({"traject_id": "V", "datum_aanbod": None}), date(2026, 6, 15), INST),
        signalen.afschalen_mogelijk(trajecten({"traject_id": "A", "taal_aanwezig": 700.0}), INST),
    ], ignore_index=True)
    ordered = afgerond(frame, date(2026, 6, 15))
    assert [(s["traject_id"], s["te_laat"]) for s in ordered] == [("V", True), ("W", False), ("A", False)]


def test_each_signal_is_explained_in_dutch_with_its_facts():
    dag = date(2026, 6, 15)
    frames = {
        "verzuim": signalen.ongeoorloofd_verzuim(venster({"ongeoorloofd": 6.0, "keer": 3}), trajecten({}), INST),
        "duo": signalen.duo_registratie(afrondingen({}), dag),
        "start": signalen.vertraagde_start(trajecten({"datum_aanbod": None}), dag, INST),
        "afschalen": signalen.afschalen_mogelijk(trajecten({"taal_aanwezig": 612.5}), INST),
        "geen": signalen.geen_aanlevering(toewijzingen({"laatste_eind": date(2026, 4, 30)}), trajecten({}), dag, INST),
        "wissel": signalen.leerroute_wissel(trajecten({}), dag, INST),
        "termijn": signalen.termijn_in_gevaar(trajecten({"pip_datum": date(2023, 7, 1), "taal_aanwezig": 210.0}),
                                              dag, INST),
    }
    text = {k: signalen.als_lijst(signalen.afronden(v, dag), INST)[0].toelichting for k, v in frames.items()}
    assert text["verzuim"] == ("Taal: 6 van 40 geplande uren ongeoorloofd (15 %) in de laatste 4 weken; "
                               "3 keer ongeoorloofd verzuim in de laatste maand")
    assert text["duo"] == "MAP afgerond op 19-12-2025; registreren in het DUO-portaal uiterlijk 07-01-2026"
    assert text["start"] == "PIP-datum 06-01-2025; nog geen inburgeringsaanbod (was uiterlijk 06-04-2025)"
    assert text["afschalen"] == "612,5 taaluren aanwezig na de PIP-datum (drempel 600), intensiteit 800 uur"
    assert text["geen"] == "Taal bij Taalhuis: laatste aanwezigheid t/m 30-04-2026"
    assert text["wissel"] == "Wisselen van leerroute kan tot en met 06-07-2026"
    assert text["termijn"] == "Termijn loopt tot en met 30-06-2026; 210 van 800 taaluren aanwezig (26,2 %)"
    assert signalen.als_lijst(signalen.afronden(frames["duo"], dag), INST)[0].badge == "error"  # late since January
    assert signalen.als_lijst(signalen.afronden(frames["wissel"], dag), INST)[0].badge == "warning"
    assert signalen.als_lijst(signalen.afronden(frames["start"], dag), INST)[0].badge == "error"
    assert signalen.als_lijst(signalen.afronden(frames["afschalen"], dag), INST)[0].badge == "info"


def test_a_signals_rows_are_read_as_pandas_itertuples_gives_them_all_or_at_positions():
    """The explanations read the engine's rows without pandas' itertuples: the same values of the same Python and
    pandas types (missing numbers NaN, missing dates NaT, dates as Timestamps), for a frame or the rows at positions."""
    dag = date(2026, 6, 15)
    frame = signalen.afronden(pd.concat([
        signalen.ongeoorloofd_verzuim(venster({"traject_id": "A", "ongeoorloofd": 6.0, "keer": 3}),
                                      trajecten({"traject_id": "A"}), INST),
        signalen.duo_registratie(afrondingen({"traject_id": "B"}), dag),
        signalen.vertraagde_start(trajecten({"traject_id": "C", "datum_aanbod": None}), dag, INST),
        signalen.geen_aanlevering(toewijzingen({"traject_id": "A"}), trajecten({"traject_id": "A"}), dag, INST),
    ], ignore_index=True), dag)
    assert len(frame) == 4 and frame["peildatum"].isna().any() and frame["getal"].isna().any()

    def zelfde(rijen, verwacht):
        assert [tuple(map(repr, r)) for r in rijen] == [tuple(map(repr, r)) for r in verwacht]
        assert [tuple(map(type, r)) for r in rijen] == [tuple(map(type, r)) for r in verwacht]
        assert [r._fields for r in rijen] == [r._fields for r in verwacht]

    zelfde(signalen._rijen(frame), list(frame.itertuples(index=False)))
    posities = np.flatnonzero(frame["traject_id"].to_numpy() == "A")
    assert len(posities) == 2
    zelfde(signalen._rijen(frame, posities), list(frame.iloc[posities].itertuples(index=False)))
    assert signalen.als_lijst(frame, INST, posities) == signalen.als_lijst(frame.iloc[posities], INST)
    assert signalen._rijen(frame.iloc[:0]) == []


def test_every_signal_type_has_a_label_and_a_rule_with_the_thresholds():
    rules = signalen.regels(INST)
    assert set(rules) == set(SignaalType) == set(signalen.LABELS)
    assert "10 %" in rules[SignaalType.ongeoorloofd_verzuim] and "600" in rules[SignaalType.afschalen_mogelijk]
