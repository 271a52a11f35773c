"""The signals engine: every signal of design.md, computed set-wise for a scope of trajectories on a given day.

Signals are not stored; they follow from the deliveries, the trajectory fields, the gemeente's thresholds
(SignaalInstellingen) and the DUO registrations, for the day asked (`timeutil.today()` in the app). So a signal
opens on the first day its rule holds, and closes as soon as its cause is gone or the regisseur acted.

Each rule is a pure function over DataFrames (unit-testable without a database); `bereken` runs the few set-wise
queries of queries.py once for the whole scope and applies every rule. Every signal has:

- `datum`: the first day its rule holds (for data-driven signals: the end of the period that shows it),
- `deadline`: the day by which the regisseur must have acted, or None when the signal asks for no deadline,
- `te_laat`: the deadline has passed (shown as an error badge).
"""
from __future__ import annotations

import enum
from collections import namedtuple
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, wraps
from typing import Any

import holidays
import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta
from sqlalchemy import Select

from portal.codes import DuoOnderdeel, Onderdeel, labels
from portal.duo import export as duo_export
from portal.timeutil import nl_number
from portal.voortgang import queries, uren


class SignaalType(str, enum.Enum):
    ongeoorloofd_verzuim = "ongeoorloofd_verzuim"
    duo_registratie = "duo_registratie"
    vertraagde_start = "vertraagde_start"
    afschalen_mogelijk = "afschalen_mogelijk"
    geen_aanlevering = "geen_aanlevering"
    leerroute_wissel = "leerroute_wissel"
    map_pvt_niet_afgerond = "map_pvt_niet_afgerond"
    termijn_in_gevaar = "termijn_in_gevaar"


LABELS = {
    SignaalType.ongeoorloofd_verzuim: "Ongeoorloofd verzuim",
    SignaalType.duo_registratie: "DUO-registratie",
    SignaalType.vertraagde_start: "Vertraagde start",
    SignaalType.afschalen_mogelijk: "Afschalen mogelijk",
    SignaalType.geen_aanlevering: "Geen aanlevering",
    SignaalType.leerroute_wissel: "Leerroute-wissel",
    SignaalType.map_pvt_niet_afgerond: "MAP/PVT niet afgerond",
    SignaalType.termijn_in_gevaar: "Termijn in gevaar",
}
ONDERDEEL_LABELS = labels(Onderdeel, DuoOnderdeel)

# Terms set by law or by interface.md, not by the gemeente.
DUO_WERKDAGEN = 10           # register an afgeronde MAP or PVT in DUO by the 10th werkdag after its datum
LEERROUTE_WISSEL_MAANDEN = 18  # the leerroute can change within 1.5 years after termijn_start
MAP_PVT_MAANDEN = 2          # DUO asks whether MAP/PVT not afgerond is verwijtbaar from 2 months before the end
# The legal norms a gemeente's thresholds may only make stricter (design.md): the inburgeringsaanbod is due within
# 3 months after the PIP-datum; afschalen B1 -> A2 is possible from 600 taal hours after it.
WET_VERTRAAGDE_START_MAANDEN = 3
WET_AFSCHALEN_UREN = 600
ASIEL = "asielstatushouder"

KOLOMMEN = ["type", "traject_id", "onderdeel", "datum", "deadline", "getal", "noemer", "aantal", "peildatum", "naam"]


# --- werkdagen -----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _feestdagen(van: int, tot: int) -> np.ndarray:
    """Dutch public holidays (the `holidays` package, NL) of the years van..tot, as datetime64[D]."""
    return np.array(sorted(holidays.country_holidays("NL", years=range(van, tot + 1))), dtype="datetime64[D]")


def werkdag_deadlines(datums, werkdagen: int = DUO_WERKDAGEN) -> np.ndarray:
    """For each date, the `werkdagen`-th werkdag after it (the day itself not counted); Saturdays, Sundays and Dutch
    public holidays are no werkdagen. Rolling a non-werkdag back first makes "after a Saturday" count from the
    Monday, exactly like "after the Friday before"."""
    days = np.asarray(datums, dtype="datetime64[D]")
    if days.size == 0:
        return days
    years = days.astype("datetime64[Y]").astype(int) + 1970
    feestdagen = _feestdagen(int(years.min()), int(years.max()) + 1)
    return np.busday_offset(days, werkdagen, roll="backward", holidays=feestdagen)


def duo_deadline(datum: date) -> date:
    """The DUO-registratie deadline of an afronding on `datum` (interface.md: 19-12-2025 -> 07-01-2026)."""
    return werkdag_deadlines(np.array([datum], dtype="datetime64[D]"))[0].item()


# --- thresholds and windows ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vensters:
    """The date windows the data-driven rules look at, for one day and one gemeente's thresholds."""

    dag: date
    verzuim_vanaf: date  # first day of the last `verzuim_weken` weeks
    maand_vanaf: date    # first day of the last month

    @classmethod
    def voor(cls, dag: date, inst) -> Vensters:
        return cls(dag, dag - timedelta(weeks=inst.verzuim_weken) + timedelta(days=1),
                   dag - relativedelta(months=1) + timedelta(days=1))


def regels(inst) -> dict[SignaalType, str]:
    """The rule of each signal in words, with this gemeente's thresholds."""
    return {
        SignaalType.ongeoorloofd_verzuim:
            f"Ongeoorloofd verzuim is {inst.verzuim_percentage} % of meer van de geplande uren in de laatste "
            f"{inst.verzuim_weken} weken, of de deelnemer verzuimde ongeoorloofd {inst.verzuim_aantal_keer} keer of "
            "vaker in de laatste maand (per onderdeel, over de geleverde perioden die in die weken eindigen).",
        SignaalType.duo_registratie:
            f"MAP, PVT of Z-route is afgerond: registreer dat in het DUO-portaal binnen {DUO_WERKDAGEN} werkdagen "
            "na de afronding (weekend en Nederlandse feestdagen tellen niet mee). Open tot u de registratie "
            "vastlegt; wijzigt of vervalt de afronding daarna, dan opent het signaal opnieuw, met een termijn vanaf "
            "de wijziging.",
        SignaalType.vertraagde_start:
            f"Asielstatushouder zonder inburgeringsaanbod, {vertraagde_start_maanden(inst)} maanden na de PIP-datum "
            "(gezinsmigranten en overige migranten krijgen geen inburgeringsaanbod).",
        SignaalType.afschalen_mogelijk:
            f"Asielstatushouder op de B1-route met examenniveau B1 en {afschalen_uren(inst)} of meer taaluren "
            "aanwezig na de PIP-datum: de gemeente mag het niveau verlagen naar A2 (een wijziging van het PIP). "
            "Sluit zodra het niveau A2 is.",
        SignaalType.geen_aanlevering:
            f"Een lopende toewijzing zonder geleverde aanwezigheid in de laatste {inst.geen_aanlevering_weken} "
            "weken.",
        SignaalType.leerroute_wissel:
            f"B1-route of Z-route: de termijn om van leerroute te wisselen ({LEERROUTE_WISSEL_MAANDEN} maanden na de "
            f"start van de inburgeringstermijn) sluit binnen {inst.leerroute_wissel_weken} weken. De onderwijsroute "
            "kan de hele termijn wisselen.",
        SignaalType.map_pvt_niet_afgerond:
            f"De inburgeringstermijn eindigt binnen {MAP_PVT_MAANDEN} maanden en MAP of PVT is niet afgerond (MAP "
            "niet voor de onderwijsroute): DUO vraagt of dat verwijtbaar is.",
        SignaalType.termijn_in_gevaar:
            f"Asielstatushouder met een intensiteit: minder dan {inst.termijn_maanden} maanden tot het einde van de "
            f"inburgeringstermijn en minder dan {inst.termijn_percentage} % van de intensiteit aan taaluren "
            "aanwezig. Na het einde van de termijn blijft het signaal open, als verlopen.",
    }


# --- the rules (pure) ---------------------------------------------------------------------------------------------
#
# Each rule returns a frame of KOLOMMEN: the signal, and the facts behind it (`getal`, `noemer`, `aantal`,
# `peildatum`, `naam`, meaning per type) from which `toelichting` words it for the signals that are shown.


_NAT = np.datetime64("NaT", "ns")


def _dt(values) -> np.ndarray:
    """Any dates (a datetime64 Series or array, date objects, strings) as a datetime64[ns] array."""
    if isinstance(values, pd.Series | pd.Index) and pd.api.types.is_datetime64_any_dtype(values):
        return values.to_numpy(dtype="datetime64[ns]")
    if isinstance(values, np.ndarray) and np.issubdtype(values.dtype, np.datetime64):
        return values.astype("datetime64[ns]")
    return pd.to_datetime(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype="datetime64[ns]")


Kolommen = dict[str, np.ndarray]  # a rule's signals as one array per column of KOLOMMEN


def _signalen(soort: SignaalType, t: pd.DataFrame | np.ndarray, onderdeel, datum, deadline=None, *, getal=None,
              noemer=None, aantal=None, peildatum=None, naam=None) -> Kolommen | None:
    """The columns of KOLOMMEN for the rows of `t` (one signal each; or their traject_ids) as plain arrays, None for
    no rows: thousands of signals per gemeente pass through here on every caseload, and `bereken` builds one frame
    of all rules' arrays (a frame per rule and their concatenation cost pandas more than the rules themselves)."""
    return None if len(t) == 0 else _kolommen(soort, t, onderdeel, datum, deadline, getal, noemer, aantal,
                                               peildatum, naam)


def _bouwen(soort, t, onderdeel, datum, deadline, getal, noemer, aantal, peildatum, naam) -> pd.DataFrame:
    return pd.DataFrame(_kolommen(soort, t, onderdeel, datum, deadline, getal, noemer, aantal, peildatum, naam),
                        columns=KOLOMMEN)


def _kolommen(soort, t, onderdeel, datum, deadline, getal, noemer, aantal, peildatum, naam) -> Kolommen:
    n = len(t)
    ids = t["traject_id"].to_numpy(dtype=object) if isinstance(t, pd.DataFrame) else np.asarray(t, dtype=object)

    def values(given, dtype, missing):
        if given is None or isinstance(given, str):
            return np.full(n, missing if given is None else given, dtype=dtype)
        return np.asarray(given, dtype=dtype)

    def dates(given):
        return np.full(n, _NAT) if given is None else _dt(given)

    return {
        "type": np.full(n, soort.value, dtype=object), "traject_id": ids,
        "onderdeel": values(onderdeel.to_numpy() if isinstance(onderdeel, pd.Series) else onderdeel, object, None),
        "datum": dates(datum), "deadline": dates(deadline),
        "getal": values(getal, float, np.nan), "noemer": values(noemer, float, np.nan),
        "aantal": values(aantal, float, np.nan), "peildatum": dates(peildatum), "naam": values(naam, object, None),
    }


def _samen(delen: list[Kolommen]) -> Kolommen:
    """Several rules' columns one after the other (as pd.concat of their frames, without the frames)."""
    return delen[0] if len(delen) == 1 else {k: np.concatenate([d[k] for d in delen]) for k in KOLOMMEN}


def _regel(rule):
    """A rule written over arrays (returning Kolommen, or None for no signal) as the public rule returning its
    frame of KOLOMMEN (the engine's empty frame for none); `rule.kolommen` is the arrays' version, for `bereken`."""
    @wraps(rule)
    def als_frame(*args, **kwargs) -> pd.DataFrame:
        kolommen = rule(*args, **kwargs)
        return _leeg() if kolommen is None else pd.DataFrame(kolommen, columns=KOLOMMEN)

    als_frame.kolommen = rule  # type: ignore[attr-defined]
    return als_frame


@lru_cache(maxsize=1)
def _leeg_frame() -> pd.DataFrame:
    return _bouwen(SignaalType.duo_registratie, pd.DataFrame({"traject_id": []}), None, [], None, None, None, None,
                   None, None)


def _leeg() -> pd.DataFrame:
    """An empty signals frame (a copy: building one from nothing costs pandas more than the rules it stands for)."""
    return _leeg_frame().copy()


def _actief(trajecten: pd.DataFrame) -> pd.DataFrame:
    """The active trajectories (the frame itself when all are: every rule asks, and bereken has already filtered)."""
    actief = trajecten["status"].to_numpy() == "actief"
    return trajecten if actief.all() else trajecten[actief]


def _asiel(trajecten: pd.DataFrame) -> pd.DataFrame:
    """Active trajectories of asielstatushouders: only they get an inburgeringsaanbod and report taal to the
    gemeente (seed 001 §3.4.4)."""
    t = _actief(trajecten)
    return _waar(t, t["doelgroep"].to_numpy() == ASIEL)


def _waar(t: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of `t` where `mask` holds: `t` itself when it holds for all (bereken hands the asielstatushouders'
    rules their rows already chosen; a frame's take costs pandas more than these rules' own work)."""
    return t if mask.all() else t[mask]


def vertraagde_start_maanden(inst) -> int:
    """The gemeente's threshold, never looser than the law (a stored value from before the rule is capped)."""
    return min(inst.vertraagde_start_maanden, WET_VERTRAAGDE_START_MAANDEN)


def afschalen_uren(inst) -> int:
    return max(inst.afschalen_uren, WET_AFSCHALEN_UREN)


def _in(frame: pd.DataFrame, trajecten: pd.DataFrame) -> pd.DataFrame:
    """The rows of `frame` whose trajectory is an active one of `trajecten`."""
    return frame[frame["traject_id"].isin(_actief(trajecten)["traject_id"]).to_numpy()]


def _percentage_gehaald(deel, geheel, percentage) -> pd.Series:
    """deel >= percentage % of geheel (> 0), compared on rounded products so 4 of 40 is exactly 10 %."""
    return (geheel > 0) & ((deel * 100).round(6) >= (geheel * percentage).round(6))


def _percentage_gehaald_een(deel: float, geheel: float, percentage) -> bool:
    """`_percentage_gehaald` for one pair of numbers (numpy's rounding, as the Series version), without building
    two Series for each signal that is explained."""
    deel, geheel = np.float64(deel), np.float64(geheel)
    return bool(geheel > 0 and np.round(deel * 100, 6) >= np.round(geheel * percentage, 6))


@_regel
def ongeoorloofd_verzuim(venster: pd.DataFrame, trajecten: pd.DataFrame, inst) -> Kolommen | None:
    """Per active trajectory and onderdeel: ongeoorloofd >= verzuim_percentage % of gepland over the periods that
    end in the last verzuim_weken weeks, or >= verzuim_aantal_keer absences in the periods that end in the last
    month (a period is delivered once it has ended: these are the periods of those weeks known on the day).
    `venster` is queries.verzuim_venster for the same day's windows; dated by the end of the last period with
    unexcused absence. Facts: getal = ongeoorloofd, noemer = gepland (weeks window), aantal = absences (month)."""
    if venster.empty:
        return None
    per = _in(venster, trajecten)
    hit = (_percentage_gehaald(per["ongeoorloofd"], per["gepland"], inst.verzuim_percentage)
           | (per["keer"] >= inst.verzuim_aantal_keer)).to_numpy()
    per = per[hit]
    return _signalen(SignaalType.ongeoorloofd_verzuim, per, per["onderdeel"], per["laatste_eind"],
                     getal=per["ongeoorloofd"], noemer=per["gepland"], aantal=per["keer"])


@_regel
def duo_registratie(afrondingen: pd.DataFrame, dag: date) -> Kolommen | None:
    """Every MAP, PVT or Z-route result (dated on or before `dag`) still to send to DUO: new, changed or withdrawn
    since it was marked as sent; deadline the DUO_WERKDAGEN-th werkdag after its datum (for a change: the day of the
    change). `afrondingen` is portal.duo.export.te_versturen."""
    if afrondingen.empty:
        return None
    datum = _dt(afrondingen["datum"])
    keep = datum <= np.datetime64(dag, "ns")
    open_, datum = afrondingen[keep], datum[keep]
    deadline = werkdag_deadlines(datum.astype("datetime64[D]")).astype("datetime64[ns]")
    naam = open_["actie"] if "actie" in open_ else None
    return _signalen(SignaalType.duo_registratie, open_, open_["onderdeel"], datum, deadline, naam=naam)


@_regel
def vertraagde_start(trajecten: pd.DataFrame, dag: date, inst) -> Kolommen | None:
    """An active asielstatushouder's trajectory without datum_aanbod, more than vertraagde_start_maanden after its
    PIP-datum (other doelgroepen get no inburgeringsaanbod); deadline the last day the aanbod was due (so it is late
    from the first day). Facts: peildatum = PIP-datum."""
    t = _asiel(trajecten)
    t = t[t["datum_aanbod"].isna().to_numpy()]
    if t.empty:
        return None
    uiterlijk = (t["pip_datum"] + pd.DateOffset(months=vertraagde_start_maanden(inst))).to_numpy()
    hit = uiterlijk < np.datetime64(dag, "ns")
    return _signalen(SignaalType.vertraagde_start, t["traject_id"].to_numpy()[hit], None,
                     uiterlijk[hit] + np.timedelta64(1, "D"), uiterlijk[hit],
                     peildatum=t["pip_datum"].to_numpy()[hit])


def afschalen_kandidaten(trajecten: pd.DataFrame, inst) -> pd.DataFrame:
    """The trajectories for which afschalen can hold: an active asielstatushouder on the B1-route with niveau B1,
    with at least afschalen_uren taal hours in all (the hours after the PIP-datum are never more)."""
    t = _asiel(trajecten)
    return _waar(t, ((t["leerroute"].to_numpy() == "b1") & (t["niveau"].to_numpy() == "B1")
                     & (t["taal_aanwezig"].round(2) >= afschalen_uren(inst)).to_numpy()))


@_regel
def afschalen_mogelijk(trajecten: pd.DataFrame, inst) -> Kolommen | None:
    """An active asielstatushouder on the B1-route with niveau B1 and >= afschalen_uren taal hours present after
    the PIP-datum (`taal_na_pip`; without that column, all taal hours): the gemeente may lower the niveau to A2,
    which closes the signal. Dated by the end of the last taal period delivered (the data that shows it). Facts:
    getal = taal hours after the PIP-datum, noemer = intensiteit."""
    t = afschalen_kandidaten(trajecten, inst)
    if t.empty:
        return None
    uren_na_pip = t["taal_na_pip"] if "taal_na_pip" in t else t["taal_aanwezig"]
    hit = (uren_na_pip.astype(float).fillna(0).round(2) >= afschalen_uren(inst)).to_numpy()
    t, uren_na_pip = t[hit], uren_na_pip[hit]
    return _signalen(SignaalType.afschalen_mogelijk, t, "taal", t["taal_tot"], getal=uren_na_pip,
                     noemer=t["intensiteit"])


@_regel
def geen_aanlevering(toewijzingen: pd.DataFrame, trajecten: pd.DataFrame, dag: date, inst) -> Kolommen | None:
    """An active assignment (started, not ended) of an active trajectory whose aanbieder delivered no attendance for
    that onderdeel ending in the last geen_aanlevering_weken weeks: raised geen_aanlevering_weken after the later
    of its start and the end of its last period (`laatste_eind` of queries.toewijzingen). Facts: naam = aanbieder,
    peildatum = end of its last period (when after the start)."""
    if toewijzingen.empty:
        return None
    weken = np.timedelta64(7 * inst.geen_aanlevering_weken, "D")
    today = np.datetime64(dag, "ns")
    t = _in(toewijzingen, trajecten)
    start, eind, laatst = _dt(t["startdatum"]), _dt(t["einddatum"]), _dt(t["laatste_eind"])
    sinds = np.where(np.isnat(laatst) | (laatst < start), start, laatst)
    hit = (start <= today) & (np.isnat(eind) | (eind >= today)) & (sinds + weken <= today)
    laatst = np.where(laatst >= start, laatst, _NAT)
    return _signalen(SignaalType.geen_aanlevering, t["traject_id"].to_numpy()[hit], t["onderdeel"].to_numpy()[hit],
                     sinds[hit] + weken, peildatum=laatst[hit], naam=t["aanbieder"].to_numpy()[hit])


@_regel
def leerroute_wissel(trajecten: pd.DataFrame, dag: date, inst) -> Kolommen | None:
    """An active trajectory on the B1-route or the Z-route whose leerroute window (LEERROUTE_WISSEL_MAANDEN after
    termijn_start) closes within leerroute_wissel_weken weeks; deadline the closing day, gone after it. The
    onderwijsroute may change during the whole termijn."""
    t = _actief(trajecten)
    t = t[t["leerroute"].to_numpy() != "onderwijsroute"]
    sluit = (t["termijn_start"] + pd.DateOffset(months=LEERROUTE_WISSEL_MAANDEN)).to_numpy()
    vanaf = sluit - np.timedelta64(7 * inst.leerroute_wissel_weken, "D")
    today = np.datetime64(dag, "ns")
    hit = (vanaf <= today) & (today <= sluit)
    return _signalen(SignaalType.leerroute_wissel, t["traject_id"].to_numpy()[hit], None, vanaf[hit], sluit[hit])


@_regel
def termijn_in_gevaar(trajecten: pd.DataFrame, dag: date, inst) -> Kolommen | None:
    """An active asielstatushouder with an intensiteit, from termijn_maanden before termijn_einde on, while taal
    hours present are below termijn_percentage % of the intensiteit; deadline the last day of the termijn
    (termijn_einde is exclusive; late after it). Facts: getal = taal hours, noemer = intensiteit."""
    t = _asiel(trajecten)
    t = _waar(t, (t["intensiteit"].fillna(0) > 0).to_numpy())
    if t.empty:
        return None
    einde = t["termijn_einde"]
    vanaf = (einde - pd.DateOffset(months=inst.termijn_maanden)).to_numpy()
    weinig = ~_percentage_gehaald(t["taal_aanwezig"], t["intensiteit"], inst.termijn_percentage).to_numpy()
    hit = (vanaf <= np.datetime64(dag, "ns")) & weinig
    laatste_dag = einde.to_numpy()[hit] - np.timedelta64(1, "D")
    return _signalen(SignaalType.termijn_in_gevaar, t["traject_id"].to_numpy()[hit], "taal", vanaf[hit], laatste_dag,
                     getal=t["taal_aanwezig"].to_numpy()[hit], noemer=t["intensiteit"].to_numpy()[hit])


@_regel
def map_pvt_niet_afgerond(trajecten: pd.DataFrame, afgerond: pd.DataFrame, dag: date) -> Kolommen | None:
    """Per active trajectory and onderdeel MAP and PVT (MAP not on the onderwijsroute, where it is not required):
    from MAP_PVT_MAANDEN before termijn_einde on, while that onderdeel is not afgerond — DUO will ask whether that
    is verwijtbaar. Deadline the last day of the termijn; open (late) after it until it is afgerond or the
    trajectory ends. `afgerond` is queries.afgeronde_map_pvt."""
    t = _actief(trajecten)
    vanaf = (t["termijn_einde"] - pd.DateOffset(months=MAP_PVT_MAANDEN)).to_numpy()
    binnen = vanaf <= np.datetime64(dag, "ns")
    if not binnen.any():
        return None
    ids, vanaf = t["traject_id"].to_numpy()[binnen], vanaf[binnen]
    laatste_dag = t["termijn_einde"].to_numpy()[binnen] - np.timedelta64(1, "D")
    leerroute = t["leerroute"].to_numpy()[binnen]
    parts: list[Kolommen] = []
    for onderdeel in ("map", "pvt"):
        eigen = np.ones(len(ids), dtype=bool) if onderdeel == "pvt" else leerroute != "onderwijsroute"
        klaar = set(afgerond.loc[afgerond["onderdeel"] == onderdeel, "traject_id"])
        eigen &= np.fromiter((i not in klaar for i in ids), dtype=bool, count=len(ids))
        deel = _signalen(SignaalType.map_pvt_niet_afgerond, ids[eigen], onderdeel, vanaf[eigen], laatste_dag[eigen])
        if deel is not None:  # None: no row
            parts.append(deel)
    return _samen(parts) if parts else None


# --- in words -----------------------------------------------------------------------------------------------------


def _uren(value: float) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _nl(value) -> str:
    return "" if value is None or pd.isna(value) else value.strftime("%d-%m-%Y")


def toelichting(s, inst) -> str:
    """One signal (a row of a signals frame, or a Signaal) explained with its facts, in Dutch."""
    soort = SignaalType(s.type)
    onderdeel = ONDERDEEL_LABELS.get(s.onderdeel, s.onderdeel or "")
    if soort is SignaalType.ongeoorloofd_verzuim:
        delen = []
        if _percentage_gehaald_een(s.getal, s.noemer, inst.verzuim_percentage):
            delen.append(f"{_uren(s.getal)} van {_uren(s.noemer)} geplande uren ongeoorloofd "
                         f"({nl_number(100 * s.getal / s.noemer, 1)} %) in de laatste {inst.verzuim_weken} weken")
        if s.aantal >= inst.verzuim_aantal_keer:
            delen.append(f"{int(s.aantal)} keer ongeoorloofd verzuim in de laatste maand")
        return f"{onderdeel}: " + "; ".join(delen)
    if soort is SignaalType.duo_registratie:
        if s.naam in ("wijzigen", "intrekken"):
            wat = "wijzigen" if s.naam == "wijzigen" else "intrekken"
            return (f"{onderdeel} gewijzigd op {_nl(s.datum)} na de DUO-registratie; {wat} in het DUO-portaal "
                    f"uiterlijk {_nl(s.deadline)}")
        return f"{onderdeel} afgerond op {_nl(s.datum)}; registreren in het DUO-portaal uiterlijk {_nl(s.deadline)}"
    if soort is SignaalType.vertraagde_start:
        return f"PIP-datum {_nl(s.peildatum)}; nog geen inburgeringsaanbod (was uiterlijk {_nl(s.deadline)})"
    if soort is SignaalType.afschalen_mogelijk:
        intensiteit = f", intensiteit {_uren(s.noemer)} uur" if pd.notna(s.noemer) else ""
        return f"{_uren(s.getal)} taaluren aanwezig na de PIP-datum (drempel {afschalen_uren(inst)}){intensiteit}"
    if soort is SignaalType.geen_aanlevering:
        if pd.notna(s.peildatum):
            return f"{onderdeel} bij {s.naam}: laatste aanwezigheid t/m {_nl(s.peildatum)}"
        start = s.datum - pd.Timedelta(weeks=inst.geen_aanlevering_weken)
        return f"{onderdeel} bij {s.naam}: geen aanwezigheid sinds de start op {_nl(start)}"
    if soort is SignaalType.leerroute_wissel:
        return f"Wisselen van leerroute kan tot en met {_nl(s.deadline)}"
    if soort is SignaalType.map_pvt_niet_afgerond:
        return (f"{onderdeel} is niet afgerond en de termijn eindigt na {_nl(s.deadline)}: DUO vraagt of dat "
                "verwijtbaar is")
    return (f"Termijn loopt tot en met {_nl(s.deadline)}; {_uren(s.getal)} van {_uren(s.noemer)} taaluren aanwezig "
            f"({nl_number(100 * s.getal / s.noemer, 1)} %)")


# --- all of them, for a scope --------------------------------------------------------------------------------------


def afronden(signalen: pd.DataFrame, dag: date) -> pd.DataFrame:
    """Add `te_laat`, and order by deadline (earliest first, none last), then datum, traject and type."""
    order, te_laat = _volgorde(signalen["type"].to_numpy(), signalen["traject_id"].to_numpy(),
                               signalen["datum"].to_numpy(dtype="datetime64[ns]"),
                               signalen["deadline"].to_numpy(dtype="datetime64[ns]"), dag)
    return signalen.assign(te_laat=te_laat).iloc[order].reset_index(drop=True)


def _volgorde(soort: np.ndarray, traject_id: np.ndarray, datum: np.ndarray, deadline: np.ndarray,
              dag: date) -> tuple[np.ndarray, np.ndarray]:
    """The signals' order (deadline, earliest first and none last, then datum, traject and type) as positions, and
    `te_laat` per signal in the given order: the one definition of both, for a frame (`afronden`) and for the
    engine's arrays (`_afgerond`)."""
    missing = np.isnat(deadline)
    te_laat = ~missing & (deadline < np.datetime64(dag, "ns"))
    order = np.lexsort((soort.astype(str), traject_id.astype(str), datum.view("i8"),
                        np.where(missing, np.iinfo(np.int64).max, deadline.view("i8"))))
    return order, te_laat


def bereken(scope: Select, dag: date, inst, trajecten: pd.DataFrame | None = None) -> pd.DataFrame:
    """The open signals of every trajectory in `scope` on `dag`. Pass the caseload's hours aggregate when it has it,
    so it is not read twice."""
    if trajecten is None:
        uren.bijwerken()
        trajecten = queries.trajecten_met_uren(scope)
    trajecten = _actief(trajecten)  # every rule looks at active trajectories only: filter once, not in each rule
    asiel = _asiel(trajecten)  # and three at the asielstatushouders' only (which they then take as they are)
    toewijzingen = queries.toewijzingen(scope, actief_op=dag,
                                        stil_sinds=dag - timedelta(weeks=inst.geen_aanlevering_weken))
    vensters = Vensters.voor(dag, inst)
    # each rule's arrays (`kolommen`: what the public rule makes its frame of), made into one frame at the end
    parts = [
        ongeoorloofd_verzuim.kolommen(
            queries.verzuim_venster(scope, dag, vensters.verzuim_vanaf, vensters.maand_vanaf), trajecten, inst),
        duo_registratie.kolommen(duo_export.te_versturen(scope, dag), dag),
        vertraagde_start.kolommen(asiel, dag, inst),
        afschalen_mogelijk.kolommen(_met_taal_na_pip(asiel, inst), inst),
        geen_aanlevering.kolommen(toewijzingen, trajecten, dag, inst),
        leerroute_wissel.kolommen(trajecten, dag, inst),
        map_pvt_niet_afgerond.kolommen(trajecten, queries.afgeronde_map_pvt(scope), dag),
        termijn_in_gevaar.kolommen(asiel, dag, inst),
    ]
    parts = [p for p in parts if p is not None]
    if not parts:
        return afronden(_leeg(), dag)
    return _afgerond(*_samen_als_frames(parts), dag)


def _afgerond(kolommen: Kolommen, objecten: set[str], dag: date) -> pd.DataFrame:
    """`afronden` of the frame of these columns (`objecten`: the text columns of object dtype), made from the
    arrays: te_laat added, rows in its order."""
    order, te_laat = _volgorde(kolommen["type"], kolommen["traject_id"], kolommen["datum"], kolommen["deadline"], dag)
    data: dict = {k: kolommen[k][order] for k in KOLOMMEN}
    for k in _TEKST:
        if k in objecten:  # a column of object dtype, as pd.concat made it: no inference
            data[k] = pd.Series(data[k], dtype=object)
    data["te_laat"] = te_laat[order]
    return pd.DataFrame(data, columns=[*KOLOMMEN, "te_laat"])


_TEKST = ("type", "traject_id", "onderdeel", "naam")


def _samen_als_frames(delen: list[Kolommen]) -> tuple[Kolommen, set[str]]:
    """`_samen`, with the text columns as the concatenation of the parts' frames makes them (what `bereken` gave
    when each rule made its frame): a part's frame reads a column with any text as a str column (its None as NaN)
    and an all-None one as object; the concatenation is str only where every part's is (else object). Returns the
    columns and the names of those of object dtype."""
    objecten: set[str] = set()
    eigen = []
    for deel in delen:
        deel = dict(deel)
        for k in _TEKST:
            leeg = np.fromiter((v is None for v in deel[k]), dtype=bool, count=len(deel[k]))
            if leeg.all():
                objecten.add(k)
            elif leeg.any():
                deel[k] = np.where(leeg, np.nan, deel[k])
        eigen.append(deel)
    return _samen(eigen), objecten


def _met_taal_na_pip(trajecten: pd.DataFrame, inst) -> pd.DataFrame:
    """The afschalen candidates with their taal hours after the PIP-datum (one query, for the few candidates)."""
    kandidaten = afschalen_kandidaten(trajecten, inst)
    if kandidaten.empty:
        return kandidaten  # afschalen_mogelijk finds no candidate in it either
    uren_na_pip = queries.taal_na_pip(kandidaten["traject_id"])
    return kandidaten.assign(taal_na_pip=kandidaten["traject_id"].map(uren_na_pip).astype(float).fillna(0.0))


@dataclass(frozen=True)
class Signaal:
    """One open signal as pages and exports show it: plain Python values and its explanation."""

    type: str
    traject_id: str
    onderdeel: str | None
    datum: date | None
    deadline: date | None
    te_laat: bool
    toelichting: str

    @property
    def label(self) -> str:
        return LABELS[SignaalType(self.type)]

    @property
    def onderdeel_label(self) -> str:
        return ONDERDEEL_LABELS.get(self.onderdeel, "") if self.onderdeel else ""

    @property
    def badge(self) -> str:
        """The badge type: error when late, info for a chance (afschalen), warning for the rest."""
        return "error" if self.te_laat else "info" if self.type == SignaalType.afschalen_mogelijk.value else "warning"


def _date(value) -> date | None:
    return None if pd.isna(value) else value.date()


def als_lijst(signalen: pd.DataFrame, inst, posities: np.ndarray | None = None) -> list[Signaal]:
    """The signals of a frame (best a small one: the shown rows), or of its rows at `posities`, with their
    explanations."""
    return [Signaal(r.type, r.traject_id, r.onderdeel if isinstance(r.onderdeel, str) else None,
                    _date(r.datum), _date(r.deadline), bool(r.te_laat), toelichting(r, inst))
            for r in _rijen(signalen, posities)]


@lru_cache(maxsize=16)
def _rij(velden: tuple[str, ...]) -> Any:  # a named tuple class with these fields
    return namedtuple("Rij", velden, rename=True)


def _rijen(frame: pd.DataFrame, posities: np.ndarray | None = None) -> list:
    """The rows of a frame, or its rows at `posities`, as `itertuples(index=False)` gives them: the same scalars
    (Python's, dates as Timestamps) in a named tuple. Without the class and the Series pandas makes per call, which
    cost a trajectory page more than explaining its few rows of the gemeente's signals (~0.2 ms)."""
    kolommen = []
    for naam in frame.columns:
        kolom = frame[naam]
        waarden = kolom.array if kolom.dtype.kind == "M" else kolom.to_numpy()
        if posities is not None:
            waarden = waarden[posities]
        kolommen.append(waarden.tolist() if isinstance(waarden, np.ndarray) else waarden)
    return list(map(_rij(tuple(frame.columns))._make, zip(*kolommen, strict=True)))


def als_json(signalen: pd.DataFrame) -> list[dict]:
    """The signals as interface.md names them (plus `te_laat`)."""
    frame = signalen.assign(datum=signalen["datum"].dt.strftime("%Y-%m-%d"),
                            deadline=signalen["deadline"].dt.strftime("%Y-%m-%d"))
    return [{"type": t, "traject_id": i, "onderdeel": o if isinstance(o, str) else None, "datum": d,
             "deadline": x if isinstance(x, str) else None, "te_laat": bool(late)}
            for t, i, o, d, x, late in zip(frame["type"], frame["traject_id"], frame["onderdeel"], frame["datum"],
                                           frame["deadline"], frame["te_laat"], strict=True)]
