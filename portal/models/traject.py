"""Trajectories (pseudonymous, never a BSN, name, address or birth date) and their assignments to aanbieders."""
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, DateTime, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.codes import Doelgroep, ExamenNiveau, Leerroute, Onderdeel, RedenEinde, TermijnBron, TrajectStatus
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.voortgang import DuoRegistratie, SignaalInstellingen


def _enum(cls):
    return Enum(cls, native_enum=False, length=30, validate_strings=True)


class Traject(db.Model):
    """A trajectory over its life (interface.md v1.1): every change by a regisseur raises `versie` and keeps the old
    values in TrajectVersie; the termijn is estimated from the PIP-datum until DUO's dates are typed in."""

    __tablename__ = "traject"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # the pseudonymous traject_id
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    doelgroep: Mapped[Doelgroep] = mapped_column(_enum(Doelgroep))
    leerroute: Mapped[Leerroute] = mapped_column(_enum(Leerroute))
    pip_datum: Mapped[date] = mapped_column(Date)
    intensiteit_uren: Mapped[int | None] = mapped_column(Integer)
    datum_aanbod: Mapped[date | None] = mapped_column(Date)
    status: Mapped[TrajectStatus] = mapped_column(_enum(TrajectStatus), default=TrajectStatus.actief)
    niveau: Mapped[ExamenNiveau | None] = mapped_column(_enum(ExamenNiveau))
    termijn_start: Mapped[date] = mapped_column(Date)
    termijn_einde: Mapped[date] = mapped_column(Date)  # exclusive, as DUO gives it
    termijn_bron: Mapped[TermijnBron] = mapped_column(_enum(TermijnBron), default=TermijnBron.geschat)
    verlengingsgrond: Mapped[str | None] = mapped_column(String(200))
    einde_plicht: Mapped[date | None] = mapped_column(Date)
    reden_einde: Mapped[RedenEinde | None] = mapped_column(_enum(RedenEinde))
    versie: Mapped[int] = mapped_column(Integer, default=1)
    # The Z-route completed (DUO's datumAfrondingZroute), set by the regisseur, and when that was last changed.
    zroute_afronding: Mapped[date | None] = mapped_column(Date)
    zroute_gewijzigd_op: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    gemeente: Mapped[Organisatie] = relationship(lazy="joined")
    toewijzingen: Mapped[list["Toewijzing"]] = relationship(
        back_populates="traject", cascade="all, delete-orphan", order_by="Toewijzing.startdatum")
    versies: Mapped[list["TrajectVersie"]] = relationship(
        back_populates="traject", cascade="all, delete-orphan", order_by="TrajectVersie.versie")
    # read-only: what the regisseur's trajectory page shows (with the trajectory, in one statement); rows are
    # written and removed through DuoRegistratie itself (and the database's ON DELETE CASCADE)
    duo_registraties: Mapped[list["DuoRegistratie"]] = relationship(viewonly=True,
                                                                     order_by="DuoRegistratie.onderdeel")
    # read-only: the gemeente's signal thresholds (None: it saved none), for the same page and statement
    signaal_instellingen: Mapped["SignaalInstellingen | None"] = relationship(
        primaryjoin="foreign(Traject.gemeente_id) == remote(SignaalInstellingen.gemeente_id)", viewonly=True,
        uselist=False)

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
    reden_einde: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    traject: Mapped[Traject] = relationship(back_populates="toewijzingen")
    aanbieder: Mapped[Organisatie] = relationship(lazy="joined")

    def actief_op(self, dag: date) -> bool:
        return self.startdatum <= dag and (self.einddatum is None or dag <= self.einddatum)


class TrajectVersie(db.Model):
    """One change of a trajectory by a regisseur: the version it made, why, and every changed field as [old, new]
    (JSON-ready values), so the history shows what the trajectory was before."""

    __tablename__ = "traject_versie"
    __table_args__ = (UniqueConstraint("traject_id", "versie"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[str] = mapped_column(ForeignKey("traject.id", ondelete="CASCADE"))
    versie: Mapped[int] = mapped_column(Integer)  # the version this change made (2 for the first change)
    tijdstip: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gebruiker: Mapped[str] = mapped_column(String(255))  # e-mail of the regisseur
    reden: Mapped[str] = mapped_column(String(1000))
    wijzigingen: Mapped[dict] = mapped_column(JSON)

    traject: Mapped[Traject] = relationship(back_populates="versies")
