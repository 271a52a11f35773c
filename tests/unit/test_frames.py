"""The signals engine's small-frame shortcuts give exactly what the pandas versions give."""
import itertools

import numpy as np
import pandas as pd

from portal.voortgang.queries import SMALL, _datums
from portal.voortgang.signalen import _percentage_gehaald, _percentage_gehaald_een

VALUES = ["2025-01-03", "2024-02-29", "2025-01-03 12:34:56", "2025-01-03 12:34:56.123456", "2025-01-03 00:00:00.5",
          None, "1900-01-01", "9999-12-31", "2025-01-03 12:34:56+00:00", "2025-01-03T12:34:56"]


def _outcome(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 (compared, not swallowed)
        return type(error)


def test_date_columns_parse_to_the_same_values_and_unit_as_pandas():
    for n in range(4):
        for combo in itertools.product(VALUES, repeat=n):
            column = pd.Series(combo, dtype=object, name="datum")
            ours, theirs = _outcome(_datums, column), _outcome(pd.to_datetime, column, format="ISO8601")
            if isinstance(theirs, type):  # pandas refuses it (mixed time zones): so do we, the same way
                assert ours is theirs, combo
                continue
            assert ours.dtype == theirs.dtype, combo
            pd.testing.assert_series_equal(ours, theirs, check_exact=True)
    large = pd.Series(["2025-01-03", None] * SMALL, dtype=object)
    pd.testing.assert_series_equal(_datums(large), pd.to_datetime(large, format="ISO8601"), check_exact=True)


def test_one_signal_percentage_is_decided_as_the_rule_decides_it():
    deel = [0, 0.1, 1, 2, 3.99, 4, 4.01, 10, 12.5, 40, np.nan]
    geheel = [0, 1, 3, 10, 40, 40.0, 125, np.nan]
    for percentage in (1, 10, 25, 33, 50, 100):
        for d, g in itertools.product(deel, geheel):
            rule = bool(_percentage_gehaald(pd.Series([d]), pd.Series([g]), percentage).iloc[0])
            assert _percentage_gehaald_een(d, g, percentage) is rule, (d, g, percentage)
    assert _percentage_gehaald_een(4, 40, 10)  # exactly 10 %, despite 4 * 100 / 40 in floating point
