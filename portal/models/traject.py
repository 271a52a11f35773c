"""Trajectories (pseudonymous, never a BSN, name, address or birth date) and their assignments to aanbieders."""
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.codes import Doelgroep, Leerroute, Onderdeel, TrajectStatus
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.timeutil import utcnow


def _enum(cls):
    return Enum(cls, native_enum=False, length=30, validate_strings=True)


class Traject(db.Model):
    __tablename__ = "traject"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # the pseudonymous traject_id
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    doelgroep: Mapped[Doelgroep] = mapped_column(_enum(Doelgroep))
    leerroute: Mapped[Leerroute] = mapped_column(_enum(Leerroute))
    pip_datum: Mapped[date] = mapped_column(Date)
    intensiteit_uren: Mapped[int | None] = mapped_column(Integer)
    datum_aanbod: Mapped[date | None] = mapped_column(Date)
    status: Mapped[TrajectStatus] = mapped_column(_enum(TrajectStatus), default=TrajectStatus.actief)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    gemeente: Mapped[Organisatie] = relationship(lazy="joined")
    toewijzingen: Mapped[list["Toewijzing"]] = relationship(
        back_populates="traject", cascade="all, delete-orphan", order_by="Toewijzing.startdatum")

    def __repr__(self) -> str:
        return f"<Traject {self.id}>"


class Toewijzing(db.Model):
    """Trajectory x onderdeel -> aanbieder, from startdatum until einddatum (open when None)."""

    __tablename__ = "toewijzing"

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[str] = mapped_column(ForeignKey("traject.id", ondelete="CASCADE"), index=True)
    onderdeel: Mapped[Onderdeel] = mapped_column(_enum(Onderdeel))
    aanbieder_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    startdatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    traject: Mapped[Traject] = relationship(back_populates="toewijzingen")
    aanbieder: Mapped[Organisatie] = relationship(lazy="joined")

    def actief_op(self, dag: date) -> bool:
        return self.startdatum <= dag and (self.einddatum is None or dag <= self.einddatum)
