"""The BSN guard: one validator that every input path (form field, JSON body, uploaded cell) runs.

A value that holds a 9-digit number passing the elfproef is refused. The value itself is never stored,
logged or echoed: callers report `MASK` instead.
"""
import re

import pandas as pd

MASK = "*********"
CODE = "bsn_niet_toegestaan"
MESSAGE = ("Deze cel bevat een burgerservicenummer (BSN). Een BSN mag nooit in het portaal komen: "
           "gebruik alleen het traject-ID.")

# Nine digits, optionally separated by single dots, spaces or dashes, not part of a longer digit run.
_CANDIDATE = re.compile(r"(?<![0-9])[0-9](?:[ .\-]?[0-9]){8}(?![0-9])")
_SEPARATORS = str.maketrans("", "", " .-")
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def elfproef(digits: str) -> bool:
    """The BSN elfproef on exactly nine digits (the all-zero number is not a BSN)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11 == 0


def contains_bsn(value: object) -> bool:
    """True when the value, in any formatting, holds a 9-digit number that passes the elfproef."""
    if value is None:
        return False
    text = str(value)
    if len(text) < 9:
        return False
    return any(elfproef(m.group().translate(_SEPARATORS)) for m in _CANDIDATE.finditer(text))


def contains_bsn_series(column: pd.Series) -> pd.Series:
    """Vectorised guard for an uploaded column of strings: a boolean mask of cells that hold a BSN.

    The regex pre-filter runs in pandas; only candidate cells (rare in real data) get the elfproef in Python.
    """
    text = column.astype("string").fillna("")
    candidates = text.str.contains(_CANDIDATE.pattern, regex=True)
    result = pd.Series(False, index=column.index)
    if candidates.any():
        result[candidates] = text[candidates].map(contains_bsn).astype(bool)
    return result


def scan(data: object) -> bool:
    """True when any string or number inside a JSON-like structure (dicts, lists, scalars) holds a BSN."""
    if isinstance(data, dict):
        return any(scan(k) or scan(v) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return any(scan(item) for item in data)
    if isinstance(data, bool):
        return False
    return contains_bsn(data)
