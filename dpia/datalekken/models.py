"""A datalek (AVG art. 33/34) of one gemeente: the incident, its 72-hour notification deadline, the decisions, and the
trajectories it touched. Timestamps are stored as naive UTC (like the rest of the portal) and shown in Dutch time."""
from datetime import date, datetime, timedelta

from sqlalchemy import Boolean, Date, DateTime, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dpia.datalekken.codes import Informeren, Soort
from dpia.verwerkingsstop.models import Verwerkingsstop
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.models.scope import GemeenteRecord
from portal.timeutil import utcnow

MELDTERMIJN = timedelta(hours=72)  # art. 33(1): within 72 hours after becoming aware, calendar hours


def _enum(cls, length: int = 30):
    return Enum(cls, native_enum=False, length=length, validate_strings=True)


class Datalek(GemeenteRecord, db.Model):
    __tablename__ = "datalek"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    titel: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str] = mapped_column(Text)
    soort: Mapped[Soort | None] = mapped_column(_enum(Soort, 30))
    ontdekt_op: Mapped[datetime] = mapped_column(DateTime)
    gemeld_intern_op: Mapped[datetime | None] = mapped_column(DateTime)  # reported to the privacy officer
    gemeld_ap: Mapped[bool] = mapped_column(Boolean, default=False)
    gemeld_ap_op: Mapped[datetime | None] = mapped_column(DateTime)
    ap_kenmerk: Mapped[str | None] = mapped_column(String(60))
    niet_melden_reden: Mapped[str | None] = mapped_column(Text)  # why the AP is not notified (art. 33(5) record)
    betrokkenen_informeren: Mapped[Informeren] = mapped_column(_enum(Informeren, 20), default=Informeren.nog_besluiten)
    betrokkenen_reden: Mapped[str | None] = mapped_column(Text)
    betrokkenen_geinformeerd_op: Mapped[date | None] = mapped_column(Date)
    maatregelen: Mapped[str | None] = mapped_column(Text)
    # the selection of the affected trajectories (see services.selecteer)
    selectie_aanbieder_id: Mapped[int | None] = mapped_column(ForeignKey("organisatie.id"))
    selectie_batch_id: Mapped[int | None] = mapped_column(ForeignKey("aanlever_batch.id"))
    selectie_activiteit: Mapped[str | None] = mapped_column(String(60))
    selectie_van: Mapped[date | None] = mapped_column(Date)
    selectie_tot: Mapped[date | None] = mapped_column(Date)
    verwerkingsstop_id: Mapped[int | None] = mapped_column(ForeignKey("verwerkingsstop.id"), index=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gewijzigd_door: Mapped[str] = mapped_column(String(255))

    gemeente: Mapped[Organisatie] = relationship(foreign_keys=[gemeente_id])
    selectie_aanbieder: Mapped[Organisatie | None] = relationship(foreign_keys=[selectie_aanbieder_id])
    verwerkingsstop: Mapped[Verwerkingsstop | None] = relationship()
    trajecten: Mapped[list["DatalekTraject"]] = relationship(back_populates="datalek", cascade="all, delete-orphan",
                                                             order_by="DatalekTraject.traject_id")

    @property
    def deadline(self) -> datetime:
        """The AP notification deadline: discovered + 72 calendar hours (weekends and holidays count)."""
        return self.ontdekt_op + MELDTERMIJN


class DatalekTraject(db.Model):
    """A trajectory the datalek touched, as the selection found it. The traject id is kept as a string (like the
    processing log): the record outlives a trajectory's erasure."""

    __tablename__ = "datalek_traject"
    __table_args__ = (UniqueConstraint("datalek_id", "traject_id", name="uq_datalek_traject_datalek_traject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    datalek_id: Mapped[int] = mapped_column(ForeignKey("datalek.id", ondelete="CASCADE"), index=True)
    traject_id: Mapped[str] = mapped_column(String(16))
    organisaties: Mapped[str | None] = mapped_column(String(255))  # who processed it, comma-separated codes
    verwerkingen: Mapped[int] = mapped_column(Integer, default=0)

    datalek: Mapped[Datalek] = relationship(back_populates="trajecten")
