"""The processing log (VNG Logging Verwerkingen): append-only entries chained by keyed hash (HMAC)."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class LogEntry(db.Model):
    """One processing of one trajectory. Plain strings, not foreign keys: the entry outlives users and erasures.
    The one exception is the register version it was made under: versions are never changed or deleted."""

    __tablename__ = "verwerkingslog"

    id: Mapped[int] = mapped_column(primary_key=True)
    tijdstip: Mapped[datetime] = mapped_column(DateTime, index=True)
    gebruiker: Mapped[str] = mapped_column(String(255))  # e-mail, or "systeem" for scheduled work
    organisatie: Mapped[str] = mapped_column(String(20))  # code of the user's organisation
    gemeente: Mapped[str] = mapped_column(String(20), index=True)  # code of the trajectory's gemeente
    traject_id: Mapped[str] = mapped_column(String(16), index=True)
    actie: Mapped[str] = mapped_column(String(20))
    verwerkingsactiviteit: Mapped[str] = mapped_column(String(60))
    # The register version in force for (gemeente, activity) at that moment; None for entries made before the
    # register existed, or for a gemeente without that activity.
    activiteit_versie_id: Mapped[int | None] = mapped_column(ForeignKey("activiteit_versie.id"), index=True)
    toelichting: Mapped[str | None] = mapped_column(String(255))
    # Fingerprint of the key whose HMAC-SHA256 chains this entry; None for entries from before the keyed log, which
    # are chained with plain SHA-256 (portal/verwerkingslog.py).
    sleutel_id: Mapped[str | None] = mapped_column(String(16))
    vorige_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
