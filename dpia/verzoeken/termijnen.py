"""The answer term of a data-subject request (AVG art. 12(3)): one calendar month after receipt, extendable once
by two months. Calendar arithmetic by dateutil's relativedelta, which keeps the day number or falls back to the
month's last day (received 31 January: due 28 or 29 February)."""
import datetime as dt

from dateutil.relativedelta import relativedelta

TERMIJN = relativedelta(months=1)
VERLENGING = relativedelta(months=2)
BEZWAARTERMIJN_WEKEN = 6  # Awb art. 6:7


def deadline(ontvangen: dt.date) -> dt.date:
    """One calendar month after receipt: the same day number, or the month's last day where it does not exist."""
    return ontvangen + TERMIJN


def verlengde_deadline(ontvangen: dt.date) -> dt.date:
    """The extended deadline: two months added to the original deadline (interface.md)."""
    return deadline(ontvangen) + VERLENGING


def verlenging_mogelijk(ontvangen: dt.date, vandaag: dt.date) -> bool:
    """An extension must be sent within the first month, so until the original deadline itself."""
    return vandaag <= deadline(ontvangen)


def dagen_over(deadline_: dt.date, vandaag: dt.date) -> int:
    """Calendar days until the deadline; negative once it has passed."""
    return (deadline_ - vandaag).days
