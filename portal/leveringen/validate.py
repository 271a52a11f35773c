"""Checking a parsed delivery against every rule of aanleverformaat v1 that needs no database, column-wise."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from portal import bsn, codes
from portal.leveringen import kolommen
from portal.leveringen.parse import Parsed, distinct_values, required_columns, with_soort
from portal.leveringen.report import Fout, sort_errors
from portal.trajecten.ids import normalise as normalise_traject_id

__all__ = ["EARLIEST_DATE", "MAX_PERIOD_DAYS", "Fout", "Validated", "natural_key_columns", "number_problem",
           "validate"]

EARLIEST_DATE = dt.date(2022, 1, 1)
MAX_PERIOD_DAYS = 31  # counted inclusively: 1 to 31 January is 31 days, so any calendar month fits

# What each column holds, from the one definition (portal.leveringen.kolommen): "id", "date", "hours", "score",
# "count", or the code list. Codes are compared case-insensitively in the spelling of their list (niveau: A2).
_KINDS: dict[str, dict[str, object]] = {soort: {k.naam: k.kind for k in kolommen.kolommen(soort)}
                                         for soort in kolommen.SOORTEN}
_UPPER_CASE_CODES = {k.naam for k in kolommen.alle() if k.codes and all(value.isupper() for value in k.codes)}

_ISO_DATE = r"(?P<y1>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2})"
_DUTCH_DATE = r"(?P<d2>\d{1,2})-(?P<m2>\d{1,2})-(?P<y2>\d{4})"
_DATE = rf"^(?:{_ISO_DATE}|{_DUTCH_DATE})$"
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_NUMBER = r"\d+(?:\.\d{1,2})?"
_WHOLE = r"\d+(?:\.0{1,2})?"


@dataclass
class Validated:
    """A delivery after validation.

    `frame` is typed: traject_id as `trajecten.ids.normalise` spells it, codes in their canonical spelling, dates as
    datetime64 (use `.dt.date` to store), hours and score as float, aantal_keer_verzuim as Int64; a cell with its own
    error is NA. `masked` holds the delivered strings with every BSN cell replaced by `bsn.MASK`: the only copy of the
    input that may be shown or offered for download. `valid_mask[i]` is True when row i has no error (all False after
    a file error).
    """

    soort: str
    frame: pd.DataFrame
    lines: np.ndarray
    errors: list[Fout]
    valid_mask: np.ndarray
    masked: pd.DataFrame
    file_rejected: bool = False  # a file-level error: nothing may be stored, not even with "gedeeltelijk"


def natural_key_columns(soort: str) -> list[str]:
    """The columns whose values identify a record of this soort (a second row with the same key is an error)."""
    return kolommen.sleutel(soort)


def validate(parsed: Parsed, soort: str, today: dt.date) -> Validated:
    """Report every database-free problem of the delivery at once and return its rows typed."""
    parsed = with_soort(parsed, soort)
    raw = parsed.frame.reset_index(drop=True)
    lines = np.asarray(parsed.lines, dtype=np.int64)
    n = len(raw)
    present = set(raw.columns)
    checked = {name: _check_column(raw[name] if name in present else pd.Series("", index=raw.index, dtype=str),
                                   name, kind, today)
               for name, kind in _KINDS[soort].items()}

    report = _Report(n, {name: column.spread(column.status == "bsn") for name, column in checked.items()})
    required = set(required_columns(soort)) & present
    for name, column in checked.items():
        report.add(column.spread(column.status == "bsn"), name, bsn.CODE, bsn.MESSAGE, guard=False)
        if name in required:
            report.add(column.spread(column.status == "empty"), name, "verplicht",
                       f"Vul {name} in: deze kolom is verplicht.")
        for problem, (code, message) in _messages(name, _KINDS[soort][name], today).items():
            report.add(column.spread(column.status == problem), name, code, message)

    frame = pd.DataFrame({name: column.typed() for name, column in checked.items()}, index=raw.index)
    filled = {name: column.spread(column.status != "empty") for name, column in checked.items()}
    groups = {name: checked[name].groups() for name in _grouped_columns(soort)}
    _cross_field_rules(soort, frame, filled, report)
    _duplicates(soort, groups, lines, report)
    if soort == "aanwezigheid":
        _overlaps(groups, lines, report)

    errors, row_has_error = report.errors(lines)
    errors.extend(parsed.row_errors)
    row_has_error |= np.isin(lines, [fout.line for fout in parsed.row_errors])
    errors.extend(parsed.file_errors)
    valid_mask = np.zeros(n, dtype=bool) if parsed.file_errors else ~row_has_error

    masked = raw.astype(object)
    for name in masked.columns:
        hits = checked[name].spread(checked[name].status == "bsn")
        if hits.any():
            masked[name] = masked[name].where(~hits, bsn.MASK)
    return Validated(soort, frame, lines, sort_errors(errors), valid_mask, masked, bool(parsed.file_errors))


def _grouped_columns(soort: str) -> list[str]:
    extra = ["traject_id", "onderdeel", "periode_start", "periode_eind"] if soort == "aanwezigheid" else []
    return list(dict.fromkeys(natural_key_columns(soort) + extra))


# --- collecting errors -------------------------------------------------------------------------------------------


class _Report:
    """Errors as (row positions, column, code, message) parts; a cell holding a BSN gets no other error."""

    def __init__(self, n: int, guarded: dict[str, np.ndarray]):
        self._n = n
        self._guarded = guarded
        self._parts: list[tuple[np.ndarray, str, str, str | Callable[[np.ndarray], list[str]]]] = []

    def add(self, mask: np.ndarray | pd.Series, column: str, code: str,
            message: str | Callable[[np.ndarray], list[str]], *, guard: bool = True) -> None:
        """`message` is one text, or a function from the row positions to one text per row."""
        mask = np.asarray(mask, dtype=bool)
        if guard:
            mask = mask & ~self._guarded[column]
        positions = np.flatnonzero(mask)
        if positions.size:
            self._parts.append((positions, column, code, message))

    def errors(self, lines: np.ndarray) -> tuple[list[Fout], np.ndarray]:
        found: list[Fout] = []
        row_has_error = np.zeros(self._n, dtype=bool)
        for positions, column, code, message in self._parts:
            row_has_error[positions] = True
            texts = [message] * positions.size if isinstance(message, str) else message(positions)
            found.extend(Fout(int(line), column, code, text)
                         for line, text in zip(lines[positions], texts, strict=True))
        return found, row_has_error


def _number_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _safe(message: str, fallback: str) -> str:
    """A message built from numbers must not happen to form a BSN either."""
    return fallback if bsn.contains_bsn(message) else message


# --- per column: every check runs once per distinct value, then spreads over the rows ----------------------------


@dataclass
class _Checked:
    """One column checked per distinct value: `status[k]` and `value[k]` belong to the k-th distinct value."""

    kind: object
    positions: np.ndarray  # row -> index of its distinct value
    status: np.ndarray  # "ok", "empty", "bsn" or a problem named in _messages
    value: np.ndarray

    def spread(self, per_value: np.ndarray) -> np.ndarray:
        return np.asarray(per_value)[self.positions]

    def typed(self) -> pd.Series:
        ok = self.status == "ok"
        if self.kind == "date":
            return pd.Series(np.where(ok, self.value, np.datetime64("NaT")).astype("datetime64[ns]")[self.positions])
        if self.kind in ("hours", "score"):
            return pd.Series(np.where(ok, self.value, np.nan)[self.positions], dtype=float)
        if self.kind == "count":
            return pd.Series(np.where(ok, self.value, np.nan)[self.positions], dtype=float).round().astype("Int64")
        return pd.Series(np.where(ok, self.value, None)[self.positions], dtype=str)  # type: ignore[call-overload]

    def groups(self) -> np.ndarray:
        """An int64 per row that is equal exactly when the typed values are equal; -1 where there is no valid value."""
        ok = self.status == "ok"
        if self.kind == "date":
            per_value = np.where(ok, self.value.astype("datetime64[D]").astype(np.int64), -1)
        else:
            per_value, _ = pd.factorize(pd.Series(np.where(ok, self.value, None),  # type: ignore[call-overload]
                                                  dtype=object))  # type: ignore[arg-type]
        return np.asarray(per_value, dtype=np.int64)[self.positions]


def _check_column(text: pd.Series, name: str, kind: object, today: dt.date) -> _Checked:
    positions, uniques = distinct_values(text)
    distinct = pd.Series(uniques, dtype=str)
    if kind == "id":  # the stored spelling, so "abcd efgh j" and "ABCD-EFGH-J" are one key here and in the database
        value = distinct.map(normalise_traject_id).to_numpy(dtype=object)
        status = np.full(len(distinct), "ok", dtype=object)
    elif kind == "date":
        status, value = _check_dates(distinct, today)
    elif kind in ("hours", "score", "count"):
        status, value = _check_numbers(distinct, kind)
    else:
        allowed = codes.values(kind)  # type: ignore[arg-type]  # the other kinds are code lists (Enum classes)
        normalised = distinct.str.upper() if name in _UPPER_CASE_CODES else distinct.str.lower()
        value = normalised.to_numpy(dtype=object)
        status = np.where(normalised.isin(allowed).to_numpy(), "ok", "unknown").astype(object)
    status = np.asarray(status, dtype=object)
    status[(distinct == "").to_numpy()] = "empty"
    status[bsn.contains_bsn_series(distinct).to_numpy(dtype=bool)] = "bsn"
    return _Checked(kind, np.asarray(positions, dtype=np.intp), status, value)


def _messages(name: str, kind: object, today: dt.date) -> dict[str, tuple[str, str]]:
    """The problems a column of this kind can have, each with its error code and Dutch message."""
    if kind == "id":
        return {}
    if kind == "date":
        return {
            "format": ("datum_ongeldig", f"{name} is geen geldige datum. Schrijf de datum als JJJJ-MM-DD "
                                         "(2026-03-31) of DD-MM-JJJJ (31-03-2026)."),
            "early": ("datum_ongeldig", f"{name} ligt voor {EARLIEST_DATE:%Y-%m-%d}; gegevens van voor 2022 worden "
                                        "niet aangenomen. Controleer de datum (staan dag en jaar goed?)."),
            "future": ("datum_in_toekomst", f"{name} ligt in de toekomst (na {today:%Y-%m-%d}). Lever alleen "
                                            "gegevens aan over wat al gebeurd is, en controleer of dag en maand "
                                            "niet zijn omgewisseld."),
        }
    if kind in ("hours", "score", "count"):
        return {problem: ("getal_ongeldig", message.format(name=name))
                for problem, message in _NUMBER_MESSAGES.items()}
    kies = ", ".join(codes.values(kind))  # type: ignore[arg-type]  # the other kinds are code lists (Enum classes)
    return {"unknown": ("waarde_onbekend", f"{name} heeft een onbekende waarde. Kies uit: {kies}.")}


def _check_dates(values: pd.Series, today: dt.date) -> tuple[np.ndarray, np.ndarray]:
    parts = values.str.extract(_DATE)
    year = pd.to_numeric(parts["y1"].fillna(parts["y2"]), errors="coerce").to_numpy(dtype=float)
    month = pd.to_numeric(parts["m1"].fillna(parts["m2"]), errors="coerce").to_numpy(dtype=float)
    day = pd.to_numeric(parts["d1"].fillna(parts["d2"]), errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        month_ok = (month >= 1) & (month <= 12)
        safe_month = np.where(month_ok, month, 1).astype(int)
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        last_day = _DAYS_IN_MONTH[safe_month - 1] + ((safe_month == 2) & leap)
        calendar_ok = month_ok & (day >= 1) & (day <= last_day)
    early = calendar_ok & (year < EARLIEST_DATE.year)
    buildable = calendar_ok & ~early & (year <= today.year + 1)
    value = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[D]")
    if buildable.any():
        text = [f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
                for y, m, d in zip(year[buildable], month[buildable], day[buildable], strict=True)]
        value[buildable] = np.array(text, dtype="datetime64[D]")
    with np.errstate(invalid="ignore"):
        future = calendar_ok & ~early & (~buildable | (value > np.datetime64(today, "D")))
    status = np.select([~calendar_ok, early, future], ["format", "early", "future"], default="ok").astype(object)
    return status, value


_NUMBER_MESSAGES = {
    "negative": "{name} mag niet negatief zijn: vul 0 of meer in.",
    "decimals": "{name} heeft meer dan 2 decimalen: rond af op ten hoogste 2 decimalen, bijvoorbeeld 12,25.",
    "format": "{name} is geen geldig getal. Schrijf een getal met een decimale komma of punt en zonder "
              "duizendtalscheiding, bijvoorbeeld 12 of 12,5.",
    "range": "{name} moet tussen 0 en 100 liggen.",
    "whole": "{name} moet een heel getal van 0 of meer zijn (het aantal keren verzuim), bijvoorbeeld 2.",
}


def number_problem(column: str, message: str) -> str | None:
    """Which number problem (a key of the number messages: negative, decimals, format, range, whole) an error of
    code `getal_ongeldig` on `column` reports: a web form says the same in its own words."""
    return next((problem for problem, text in _NUMBER_MESSAGES.items() if text.format(name=column) == message), None)


def _check_numbers(values: pd.Series, kind: str) -> tuple[np.ndarray, np.ndarray]:
    text = values.str.replace(",", ".", regex=False)
    number = text.str.fullmatch(_NUMBER).to_numpy(dtype=bool)
    value = pd.to_numeric(text.where(number), errors="coerce").to_numpy(dtype=float)
    negative = text.str.fullmatch(r"-\d+(?:\.\d+)?").to_numpy(dtype=bool)
    if kind == "count":  # anything but a negative number gets the "whole number" advice
        whole = text.str.fullmatch(_WHOLE).to_numpy(dtype=bool)
        conditions, problems = [negative, ~whole], ["negative", "whole"]
    else:
        decimals = text.str.fullmatch(r"\d+\.\d{3,}").to_numpy(dtype=bool)
        conditions, problems = [negative, decimals, ~number], ["negative", "decimals", "format"]
        if kind == "score":
            conditions.append(value > 100)
            problems.append("range")
    with np.errstate(invalid="ignore"):
        status = np.select(conditions, problems, default="ok").astype(object)
    return status, value


# --- rules across columns and rows -------------------------------------------------------------------------------


def _cross_field_rules(soort: str, frame: pd.DataFrame, filled: dict[str, np.ndarray], report: _Report) -> None:
    if soort == "aanwezigheid":
        _period_rules(frame, report)
        _hours_rules(frame, report)
        verzuim = ((frame["uren_verzuim_geoorloofd"] > 0) | (frame["uren_verzuim_ongeoorloofd"] > 0)).to_numpy()
        report.add(verzuim & ~filled["verzuim_reden"], "verzuim_reden", "verplicht",
                   "Vul verzuim_reden in: die is verplicht als er uren verzuim (geoorloofd of ongeoorloofd) zijn. "
                   f"Kies uit: {', '.join(codes.values(codes.VerzuimReden))}.")
    elif soort == "afronding":
        not_completed = (frame["status"].notna() & (frame["status"] != codes.AfrondingStatus.afgerond.value)
                         ).to_numpy(dtype=bool)
        completed = (frame["status"] == codes.AfrondingStatus.afgerond.value).to_numpy(dtype=bool)
        for name, code_list in (("reden", codes.AfrondingReden), ("verwijtbaar", codes.Verwijtbaar)):
            report.add(not_completed & ~filled[name], name, "verplicht",
                       f"Vul {name} in: die is verplicht als de status niet 'afgerond' is. "
                       f"Kies uit: {', '.join(codes.values(code_list))}.")
            report.add(completed & filled[name], name, "reden_niet_toegestaan",
                       f"Laat {name} leeg: een afgerond onderdeel heeft geen {name}.")


def _period_rules(frame: pd.DataFrame, report: _Report) -> None:
    start, end = frame["periode_start"], frame["periode_eind"]
    days = ((end - start).dt.days + 1).to_numpy(dtype=float)
    report.add(days < 1, "periode_eind", "periode_ongeldig",
               "periode_eind ligt voor periode_start. Controleer beide datums.")
    too_long = "Een periode mag ten hoogste 31 dagen zijn (bijvoorbeeld één kalendermaand): splits de periode."
    report.add(days > MAX_PERIOD_DAYS, "periode_eind", "periode_ongeldig",
               lambda rows: [f"De periode is {int(days[i])} dagen. {too_long}" for i in rows])


def _hours_rules(frame: pd.DataFrame, report: _Report) -> None:
    spent = frame["uren_aanwezig"] + frame["uren_verzuim_geoorloofd"] + frame["uren_verzuim_ongeoorloofd"]
    planned = frame["uren_gepland"]
    spent_cents = spent.mul(100).round().to_numpy(dtype=float)
    planned_cents = planned.mul(100).round().to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        over = spent_cents > planned_cents
    general = ("uren_aanwezig + uren_verzuim_geoorloofd + uren_verzuim_ongeoorloofd is meer dan uren_gepland. "
               "Corrigeer de uren.")

    def messages(rows: np.ndarray) -> list[str]:
        return [_safe(f"uren_aanwezig + uren_verzuim_geoorloofd + uren_verzuim_ongeoorloofd is samen "
                      f"{_number_text(spent_cents[i] / 100)} uur, meer dan uren_gepland "
                      f"({_number_text(planned_cents[i] / 100)} uur). Corrigeer de uren.", general) for i in rows]

    report.add(over, "uren_gepland", "uren_ongeldig", messages)

    # No one is planned more than 24 hours on a calendar day (v1.1).
    days = ((frame["periode_eind"] - frame["periode_start"]).dt.days + 1).to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        per_day = (days >= 1) & (planned_cents > days * 24 * 100)
    report.add(per_day & ~over, "uren_gepland", "uren_ongeldig",
               lambda rows: [f"uren_gepland is {_number_text(planned_cents[i] / 100)} uur in {int(days[i])} "
                             f"dag(en): meer dan 24 uur per dag. Corrigeer de uren." for i in rows])


def _duplicates(soort: str, groups: dict[str, np.ndarray], lines: np.ndarray, report: _Report) -> None:
    """A row whose natural key an earlier row of the file already had; rows with an invalid key part are skipped."""
    key = natural_key_columns(soort)
    values = np.column_stack([groups[name] for name in key])
    complete = (values >= 0).all(axis=1)
    keyed = pd.DataFrame(values[complete])
    repeated = keyed.duplicated(keep="first").to_numpy()
    if not repeated.any():
        return
    positions = np.flatnonzero(complete)
    group = keyed.groupby(list(keyed.columns), sort=False).ngroup().to_numpy()
    first = pd.Series(positions).groupby(group).transform("first").to_numpy()
    first_line = np.zeros(len(lines), dtype=np.int64)
    first_line[positions] = lines[first]
    mask = np.zeros(len(lines), dtype=bool)
    mask[positions[repeated]] = True
    names = ", ".join(key[:-1]) + " en " + key[-1] if len(key) > 1 else key[0]
    report.add(mask, key[0], "dubbele_regel",
               lambda rows: [f"Deze regel heeft dezelfde {names} als regel {first_line[i]}. Lever elke "
                             "combinatie maar één keer per bestand aan: verwijder of corrigeer een van beide."
                             for i in rows])


def _overlaps(groups: dict[str, np.ndarray], lines: np.ndarray, report: _Report) -> None:
    """Periods of one traject_id and onderdeel that share a day but have other bounds: every such row is reported.

    Sorted by start, a period overlaps an earlier one exactly when it starts on or before the latest end so far.
    """
    periods = pd.DataFrame({name: groups[name] for name in ("traject_id", "onderdeel", "periode_start",
                                                            "periode_eind")})
    usable = ((periods >= 0).all(axis=1) & (periods["periode_eind"] >= periods["periode_start"])).to_numpy()
    periods = periods[usable]
    periods = periods[~periods.duplicated(keep="first")]
    if len(periods) < 2:
        return
    periods = periods.assign(position=periods.index.to_numpy())
    periods = periods.sort_values(["traject_id", "onderdeel", "periode_start", "periode_eind"], kind="stable")
    new_group = ((periods["traject_id"] != periods["traject_id"].shift())
                 | (periods["onderdeel"] != periods["onderdeel"].shift()))
    group = new_group.cumsum().to_numpy()
    reach = periods["periode_eind"].groupby(group).cummax()
    holder = periods["position"].where(periods["periode_eind"] == reach).groupby(group).ffill()
    hit = (periods["periode_start"] <= reach.groupby(group).shift(1)).to_numpy()
    if not hit.any():
        return
    rows = periods["position"].to_numpy()[hit]
    partners = holder.groupby(group).shift(1).to_numpy()[hit].astype(np.int64)
    pairs = pd.DataFrame({"row": np.concatenate([rows, partners]),
                          "other": lines[np.concatenate([partners, rows])]})
    other_line = pairs.groupby("row")["other"].min()
    mask = np.zeros(len(lines), dtype=bool)
    mask[other_line.index.to_numpy()] = True
    other_of_row = np.zeros(len(lines), dtype=np.int64)
    other_of_row[other_line.index.to_numpy()] = other_line.to_numpy()
    report.add(mask, "periode_start", "overlap",
               lambda rows: [f"Deze periode overlapt met de periode op regel {other_of_row[i]} voor hetzelfde "
                             "traject_id en onderdeel. Pas periode_start of periode_eind aan zodat de periodes "
                             "elkaar niet overlappen." for i in rows])
