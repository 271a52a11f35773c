"""Data-subject requests, the trajectories they concern, what was done on them, their documents, the restrictions
they set and the corrections they made.

Links to a trajectory are foreign keys with ON DELETE CASCADE: an erasure takes them along, so nothing of an erased
trajectory stays behind here. What a request did stays in `verzoek_actie`, which names no trajectory.
"""
import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Enum, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dpia.verzoeken import termijnen
from dpia.verzoeken.codes import (
    GESLOTEN,
    ActieType,
    IdentiteitMethode,
    Kanaal,
    VerzoekStatus,
    VerzoekType,
    WisGrond,
    label,
)
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.models.scope import GemeenteRecord
from portal.timeutil import utcnow


def _enum(cls):
    return Enum(cls, native_enum=False, length=30, validate_strings=True)


class Verzoek(GemeenteRecord, db.Model):
    """One request of a data subject to a gemeente, from receipt to the (locked) answer letter."""

    __tablename__ = "verzoek"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    type: Mapped[VerzoekType] = mapped_column(_enum(VerzoekType))
    status: Mapped[VerzoekStatus] = mapped_column(_enum(VerzoekStatus), default=VerzoekStatus.ontvangen)
    ontvangen: Mapped[dt.date] = mapped_column(Date)
    kanaal: Mapped[Kanaal | None] = mapped_column(_enum(Kanaal))
    identiteit_methode: Mapped[IdentiteitMethode | None] = mapped_column(_enum(IdentiteitMethode))
    identiteit_door: Mapped[str | None] = mapped_column(String(255))
    identiteit_op: Mapped[dt.date | None] = mapped_column(Date)
    verlengd_op: Mapped[dt.date | None] = mapped_column(Date)
    verlenging_reden: Mapped[str | None] = mapped_column(Text)
    notities: Mapped[str | None] = mapped_column(Text)
    afgesloten_op: Mapped[dt.date | None] = mapped_column(Date)
    brief_tekst: Mapped[str | None] = mapped_column(Text)
    brief_definitief_op: Mapped[dt.datetime | None] = mapped_column(DateTime)
    brief_definitief_door: Mapped[str | None] = mapped_column(String(255))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    aangemaakt_door: Mapped[str] = mapped_column(String(255))

    gemeente: Mapped[Organisatie] = relationship()
    trajecten: Mapped[list["VerzoekTraject"]] = relationship(
        back_populates="verzoek", cascade="all, delete-orphan", order_by="VerzoekTraject.traject_id")
    acties: Mapped[list["VerzoekActie"]] = relationship(
        back_populates="verzoek", cascade="all, delete-orphan", order_by="VerzoekActie.id")
    documenten: Mapped[list["VerzoekDocument"]] = relationship(
        back_populates="verzoek", cascade="all, delete-orphan", order_by="VerzoekDocument.id")

    @property
    def traject_ids(self) -> list[str]:
        return [t.traject_id for t in self.trajecten]

    @property
    def oorspronkelijke_deadline(self) -> dt.date:
        return termijnen.deadline(self.ontvangen)

    @property
    def deadline(self) -> dt.date:
        if self.verlengd_op is not None:
            return termijnen.verlengde_deadline(self.ontvangen)
        return self.oorspronkelijke_deadline

    @property
    def open(self) -> bool:
        return self.status not in GESLOTEN

    @property
    def brief_definitief(self) -> bool:
        return self.brief_definitief_op is not None

    @property
    def type_label(self) -> str:
        return label(self.type)

    @property
    def status_label(self) -> str:
        return label(self.status)


class VerzoekTraject(db.Model):
    """A trajectory of the gemeente that a request concerns."""

    __tablename__ = "verzoek_traject"
    __table_args__ = (UniqueConstraint("verzoek_id", "traject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    verzoek_id: Mapped[int] = mapped_column(ForeignKey("verzoek.id", ondelete="CASCADE"), index=True)
    traject_id: Mapped[str] = mapped_column(ForeignKey("traject.id", ondelete="CASCADE"), index=True)

    verzoek: Mapped[Verzoek] = relationship(back_populates="trajecten")


class VerzoekActie(db.Model):
    """What was done for a request, when and by whom. Names no trajectory: it outlives an erasure (the processing
    log holds which trajectories were processed)."""

    __tablename__ = "verzoek_actie"

    id: Mapped[int] = mapped_column(primary_key=True)
    verzoek_id: Mapped[int] = mapped_column(ForeignKey("verzoek.id", ondelete="CASCADE"), index=True)
    actie: Mapped[ActieType] = mapped_column(_enum(ActieType))
    grond: Mapped[WisGrond | None] = mapped_column(_enum(WisGrond))
    aantal_trajecten: Mapped[int] = mapped_column(Integer, default=0)
    samenvatting: Mapped[str] = mapped_column(Text)
    uitgevoerd_op: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    uitgevoerd_door: Mapped[str] = mapped_column(String(255))

    verzoek: Mapped[Verzoek] = relationship(back_populates="acties")

    @property
    def label(self) -> str:
        return label(self.actie)


class VerzoekDocument(db.Model):
    """A file that belongs to a request (the letter of the data subject, a scan), kept in the database."""

    __tablename__ = "verzoek_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    verzoek_id: Mapped[int] = mapped_column(ForeignKey("verzoek.id", ondelete="CASCADE"), index=True)
    bestandsnaam: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(100))
    grootte: Mapped[int] = mapped_column(Integer)
    inhoud: Mapped[bytes] = mapped_column(LargeBinary)
    toegevoegd_op: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    toegevoegd_door: Mapped[str] = mapped_column(String(255))

    verzoek: Mapped[Verzoek] = relationship(back_populates="documenten")


class TrajectBeperking(db.Model):
    """A restriction of processing (AVG art. 18) of one trajectory, set for a request, in force until lifted:
    no deliveries, and nobody but the gemeente's privacy officer sees the trajectory (portal/access.py)."""

    __tablename__ = "traject_beperking"

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[str] = mapped_column(ForeignKey("traject.id", ondelete="CASCADE"), index=True)
    verzoek_id: Mapped[int | None] = mapped_column(ForeignKey("verzoek.id", ondelete="SET NULL"), index=True)
    gestart_op: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    gestart_door: Mapped[str] = mapped_column(String(255))
    opgeheven_op: Mapped[dt.datetime | None] = mapped_column(DateTime)
    opgeheven_door: Mapped[str | None] = mapped_column(String(255))


class Rectificatie(db.Model):
    """A correction made by the privacy officer for a request: which field of which record, its old and new value.
    For a delivery the replaced version is also kept in `levering_historie` (`historie_id`), as for any
    correction; for a field of the trajectory itself this row is the version."""

    __tablename__ = "rectificatie"

    id: Mapped[int] = mapped_column(primary_key=True)
    verzoek_id: Mapped[int] = mapped_column(ForeignKey("verzoek.id", ondelete="CASCADE"), index=True)
    traject_id: Mapped[str] = mapped_column(ForeignKey("traject.id", ondelete="CASCADE"), index=True)
    soort: Mapped[str] = mapped_column(String(20))  # traject, aanwezigheid, toets, afronding
    record_id: Mapped[str] = mapped_column(String(20))
    veld: Mapped[str] = mapped_column(String(60))
    oude_waarde: Mapped[dict] = mapped_column(JSON)   # {"waarde": ...}: JSON keeps None, numbers and text apart
    nieuwe_waarde: Mapped[dict] = mapped_column(JSON)
    historie_id: Mapped[int | None] = mapped_column(ForeignKey("levering_historie.id", ondelete="CASCADE"))
    gewijzigd_op: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    gewijzigd_door: Mapped[str] = mapped_column(String(255))
