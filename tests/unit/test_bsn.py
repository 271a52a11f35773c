"""The BSN guard itself: every elfproef-valid 9-digit number, in any formatting, is found; others are not."""
from hypothesis import given
from hypothesis import strategies as st

from portal import bsn


def _digits_passing_elfproef(draw_digits: list[int]) -> str:
    """Complete 8 drawn digits with the 9th that makes the elfproef hold (None when no digit can)."""
    partial = sum(d * w for d, w in zip(draw_digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True))
    last = partial % 11
    return "".join(map(str, draw_digits)) + str(last) if last < 10 else None


valid_bsn = st.lists(st.integers(0, 9), min_size=8, max_size=8).map(_digits_passing_elfproef).filter(
    lambda v: v is not None and v != "000000000")
separator = st.sampled_from(["", " ", ".", "-"])


@st.composite
def formatted_bsn(draw):
    digits = draw(valid_bsn)
    return "".join(d + (draw(separator) if i < 8 else "") for i, d in enumerate(digits))


@given(formatted_bsn(), st.text(alphabet="abc xyz;:", max_size=5), st.text(alphabet="abc xyz;:", max_size=5))
def test_a_valid_bsn_in_any_formatting_and_context_is_found(value, before, after):
    assert bsn.elfproef(value.replace(" ", "").replace(".", "").replace("-", ""))
    assert bsn.contains_bsn(f"{before}{value}{after}")
    assert bsn.scan({"veld": [1, {"diep": f"{before}{value}"}]})


@given(st.integers(100_000_000, 999_999_999))
def test_nine_digits_are_flagged_exactly_when_the_elfproef_holds(number):
    assert bsn.contains_bsn(str(number)) == bsn.elfproef(str(number))


def test_longer_digit_runs_dates_and_amounts_are_not_a_bsn():
    for value in ("1234567890", "2026-01-05", "12,5", "0612345678", "", None, 12.5):
        assert not bsn.contains_bsn(value)


def test_the_vectorised_guard_agrees_with_the_scalar_one():
    import pandas as pd
    values = ["111222333", "111 222 333", "abc", "123456789", "12,5", "1112.22.333"]
    mask = bsn.contains_bsn_series(pd.Series(values, dtype="string"))
    assert mask.tolist() == [bsn.contains_bsn(v) for v in values]
