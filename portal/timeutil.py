"""The portal's clock: one place to ask for today, so tests and demos can freeze it (PORTAL_TODAY)."""
from datetime import UTC, date, datetime

from flask import current_app, has_app_context


def utcnow() -> datetime:
    """Naive UTC timestamp, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    frozen = current_app.config.get("PORTAL_TODAY") if has_app_context() else None
    if frozen:
        return frozen if isinstance(frozen, date) else date.fromisoformat(str(frozen))
    return date.today()


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
