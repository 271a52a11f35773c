"""The processing log (VNG Logging Verwerkingen): append-only entries chained by hash."""
from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class LogEntry(db.Model):
    """One processing of one trajectory. Plain strings, not foreign keys: the entry outlives users and erasures."""

    __tablename__ = "verwerkingslog"

    id: Mapped[int] = mapped_column(primary_key=True)
    tijdstip: Mapped[datetime] = mapped_column(DateTime, index=True)
    gebruiker: Mapped[str] = mapped_column(String(255))  # e-mail, or "systeem" for scheduled work
    organisatie: Mapped[str] = mapped_column(String(20))  # code of the user's organisation
    gemeente: Mapped[str] = mapped_column(String(20), index=True)  # code of the trajectory's gemeente
    traject_id: Mapped[str] = mapped_column(String(16), index=True)
    actie: Mapped[str] = mapped_column(String(20))
    verwerkingsactiviteit: Mapped[str] = mapped_column(String(60))
    toelichting: Mapped[str | None] = mapped_column(String(255))
    vorige_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
