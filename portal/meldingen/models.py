"""What the digest keeps per user: the categories she switched off, and one digest record per (user, day) whose
status makes a run idempotent and lets a run after an SMTP failure send what is still waiting."""
import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models import User
from portal.timeutil import utcnow


class DigestStatus(str, enum.Enum):
    wachtend = "wachtend"    # made, not yet handed to the mail server (again after a failed connection)
    verzonden = "verzonden"  # accepted by the mail server
    mislukt = "mislukt"      # the mail server refused this message (the address): not retried that day
    vervangen = "vervangen"  # still waiting when a later day's run came: that day's counts (if any) replace it


class MeldingAfmelding(db.Model):
    """A category of the digest the user switched off on her "Meldingen" page (no row: the category is on)."""

    __tablename__ = "melding_afmelding"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    categorie: Mapped[str] = mapped_column(String(40), primary_key=True)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Digest(db.Model):
    """The digest of one user for one day: its counts per category (never a trajectory ID) and how sending went."""

    __tablename__ = "melding_digest"
    __table_args__ = (UniqueConstraint("user_id", "dag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    dag: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=DigestStatus.wachtend.value)
    aantallen: Mapped[dict] = mapped_column(JSON)  # categorie -> count
    pogingen: Mapped[int] = mapped_column(Integer, default=0)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    laatste_poging: Mapped[datetime | None] = mapped_column(DateTime)
    verzonden_op: Mapped[datetime | None] = mapped_column(DateTime)
    fout: Mapped[str | None] = mapped_column(String(200))  # the kind of failure, for the operator

    user: Mapped[User] = relationship()
