"""The answer term of a data-subject request: one calendar month after receipt, the same day number or the month's
last day, and an extension of two months on top of that deadline."""
from datetime import date

import pytest

from dpia.verzoeken import termijnen


@pytest.mark.parametrize(("ontvangen", "deadline"), [
    (date(2026, 1, 31), date(2026, 2, 28)),   # no 31 February: the month's last day
    (date(2028, 1, 31), date(2028, 2, 29)),   # leap year
    (date(2028, 1, 29), date(2028, 2, 29)),
    (date(2026, 1, 29), date(2026, 2, 28)),
    (date(2026, 3, 31), date(2026, 4, 30)),
    (date(2026, 2, 28), date(2026, 3, 28)),   # the same day number, not the month's end
    (date(2026, 12, 15), date(2027, 1, 15)),  # over the turn of the year
])
def test_the_deadline_is_one_calendar_month_after_receipt(ontvangen, deadline):
    assert termijnen.deadline(ontvangen) == deadline


@pytest.mark.parametrize(("ontvangen", "verlengd"), [
    (date(2026, 1, 31), date(2026, 4, 28)),   # two months on top of 28 February
    (date(2026, 6, 30), date(2026, 9, 30)),
    (date(2027, 11, 30), date(2028, 2, 29)),  # lands on a leap day
    (date(2026, 11, 30), date(2027, 2, 28)),
])
def test_an_extension_adds_two_months_to_the_deadline(ontvangen, verlengd):
    assert termijnen.verlengde_deadline(ontvangen) == verlengd


def test_an_extension_is_possible_until_the_original_deadline_and_not_after():
    assert termijnen.verlenging_mogelijk(date(2026, 1, 31), date(2026, 2, 28))
    assert not termijnen.verlenging_mogelijk(date(2026, 1, 31), date(2026, 3, 1))


def test_days_left_turn_negative_once_the_deadline_passed():
    assert termijnen.dagen_over(date(2026, 6, 15), date(2026, 6, 10)) == 5
    assert termijnen.dagen_over(date(2026, 6, 15), date(2026, 6, 17)) == -2
