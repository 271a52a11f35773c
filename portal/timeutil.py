"""The portal's clock: one place to ask for today and now, so tests and demos can freeze them (PORTAL_TODAY,
PORTAL_NOW), and to turn stored naive-UTC timestamps into Dutch local time and back."""
from datetime import UTC, date, datetime
from typing import overload
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

TIJDZONE = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """Naive UTC timestamp, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    frozen = current_app.config.get("PORTAL_TODAY") if has_app_context() else None
    if frozen:
        return frozen if isinstance(frozen, date) else date.fromisoformat(str(frozen))
    return date.today()


def now() -> datetime:
    """Now, as naive UTC, consistent with `today()`: PORTAL_NOW (a local ISO datetime) freezes it exactly; with only
    PORTAL_TODAY frozen, it is that day at the current local time of day."""
    frozen = current_app.config.get("PORTAL_NOW") if has_app_context() else None
    if frozen:
        return naar_utc(frozen if isinstance(frozen, datetime) else datetime.fromisoformat(str(frozen)))
    echt = utcnow()
    dag = today()
    hier = echt.replace(tzinfo=UTC).astimezone(TIJDZONE)
    if hier.date() == dag:
        return echt
    return naar_utc(datetime.combine(dag, hier.time().replace(tzinfo=None)))


def naar_utc(lokaal: datetime) -> datetime:
    """A Dutch local time (naive, as a form gives it) as naive UTC."""
    if lokaal.tzinfo is None:
        lokaal = lokaal.replace(tzinfo=TIJDZONE)
    return lokaal.astimezone(UTC).replace(tzinfo=None)


@overload
def lokaal(value: datetime) -> datetime: ...
@overload
def lokaal(value: None) -> None: ...
@overload
def lokaal(value: datetime | None) -> datetime | None: ...
def lokaal(value: datetime | None) -> datetime | None:
    """Naive UTC as naive Dutch local time (for forms)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).astimezone(TIJDZONE).replace(tzinfo=None)


def nl_datetime(value: datetime | None) -> str:
    """A stored (naive UTC) timestamp as Dutch local time: dd-mm-jjjj uu:mm."""
    return lokaal(value).strftime("%d-%m-%Y %H:%M") if value else ""


def nl_date(value: date | datetime | None) -> str:
    """dd-mm-jjjj, the format the UI speaks."""
    return value.strftime("%d-%m-%Y") if value else ""


def nl_number(value: float | int | None, decimals: int = 1) -> str:
    """Decimal comma, no thousands separator."""
    if value is None:
        return ""
    if decimals == 0 or float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.{decimals}f}".replace(".", ",")
