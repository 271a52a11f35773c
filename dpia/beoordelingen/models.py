"""A DPIA of one gemeente: answers (parts 1 and 2), measures and risks (part 3), action plan and validation (part 4).

A DPIA is one version of a series (`reeks_id`: the id of its first version). A validated version is locked; a change
starts a new version that copies everything, so the old one stays readable as it was validated.
"""
from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, DateTime, Enum, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dpia.beoordelingen.codes import ActieStatus, Beoordeling, DpiaStatus, FgOordeel, Niveau
from dpia.register.models import Verwerkingsactiviteit
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.models.scope import GemeenteRecord
from portal.timeutil import utcnow


def _enum(cls, length: int = 30):
    return Enum(cls, native_enum=False, length=length, validate_strings=True)


dpia_activiteit = Table(
    "dpia_activiteit", db.metadata,
    Column("dpia_id", ForeignKey("dpia.id", ondelete="CASCADE"), primary_key=True),
    Column("activiteit_id", ForeignKey("verwerkingsactiviteit.id"), primary_key=True),
)

dpia_risico_maatregel = Table(
    "dpia_risico_maatregel", db.metadata,
    Column("risico_id", ForeignKey("dpia_risico.id", ondelete="CASCADE"), primary_key=True),
    Column("maatregel_id", ForeignKey("dpia_maatregel.id", ondelete="CASCADE"), primary_key=True),
)


class _Beoordeelbaar:
    """The review of one item (answer, measure, risk): Acceptabel / Te verbeteren / Te corrigeren, with a comment."""

    beoordeling: Mapped[Beoordeling | None] = mapped_column(_enum(Beoordeling, 20))
    beoordeling_toelichting: Mapped[str | None] = mapped_column(Text)


class Dpia(GemeenteRecord, db.Model):
    __tablename__ = "dpia"
    __table_args__ = (UniqueConstraint("reeks_id", "versie", name="uq_dpia_reeks_versie"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    reeks_id: Mapped[int | None] = mapped_column(Integer, index=True)  # id of the first version
    versie: Mapped[int] = mapped_column(Integer, default=1)
    vorige_id: Mapped[int | None] = mapped_column(ForeignKey("dpia.id"))
    titel: Mapped[str] = mapped_column(String(200))
    status: Mapped[DpiaStatus] = mapped_column(_enum(DpiaStatus, 20), default=DpiaStatus.concept)
    # PIA-informatie (part 4): the people, the FG's advice and the data subjects' opinion
    auteur: Mapped[str | None] = mapped_column(String(200))
    beoordelaar: Mapped[str | None] = mapped_column(String(200))
    validator: Mapped[str | None] = mapped_column(String(200))
    fg_naam: Mapped[str | None] = mapped_column(String(200))
    fg_advies: Mapped[str | None] = mapped_column(Text)
    fg_oordeel: Mapped[FgOordeel | None] = mapped_column(_enum(FgOordeel, 30))
    betrokkenen_gevraagd: Mapped[bool] = mapped_column(Boolean, default=False)
    betrokkenen_mening: Mapped[str | None] = mapped_column(Text)
    # the decision
    besluit_op: Mapped[date | None] = mapped_column(Date)
    besluit_door: Mapped[str | None] = mapped_column(String(255))
    besluit_reden: Mapped[str | None] = mapped_column(Text)

    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gewijzigd_door: Mapped[str] = mapped_column(String(255))

    gemeente: Mapped[Organisatie] = relationship()
    vorige: Mapped["Dpia | None"] = relationship(remote_side=[id])
    activiteiten: Mapped[list[Verwerkingsactiviteit]] = relationship(secondary=dpia_activiteit)
    antwoorden: Mapped[list["DpiaAntwoord"]] = relationship(back_populates="dpia", cascade="all, delete-orphan",
                                                            order_by="DpiaAntwoord.id")
    maatregelen: Mapped[list["DpiaMaatregel"]] = relationship(back_populates="dpia", cascade="all, delete-orphan",
                                                              order_by="DpiaMaatregel.volgorde")
    risicos: Mapped[list["DpiaRisico"]] = relationship(back_populates="dpia", cascade="all, delete-orphan",
                                                       order_by="DpiaRisico.volgorde")
    acties: Mapped[list["DpiaActie"]] = relationship(back_populates="dpia", cascade="all, delete-orphan",
                                                     order_by="DpiaActie.deadline")

    @property
    def vergrendeld(self) -> bool:
        return self.status in (DpiaStatus.gevalideerd, DpiaStatus.vervangen)

    def antwoord(self, sleutel: str) -> "DpiaAntwoord | None":
        return next((a for a in self.antwoorden if a.sleutel == sleutel), None)


class DpiaAntwoord(_Beoordeelbaar, db.Model):
    """The answer to one question of the template (parts 1 and 2), by its key in dpia.beoordelingen.sjabloon."""

    __tablename__ = "dpia_antwoord"
    __table_args__ = (UniqueConstraint("dpia_id", "sleutel", name="uq_dpia_antwoord_dpia_sleutel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dpia_id: Mapped[int] = mapped_column(ForeignKey("dpia.id", ondelete="CASCADE"), index=True)
    sleutel: Mapped[str] = mapped_column(String(60))
    tekst: Mapped[str | None] = mapped_column(Text)

    dpia: Mapped[Dpia] = relationship(back_populates="antwoorden")


class DpiaMaatregel(_Beoordeelbaar, db.Model):
    """A planned or existing measure: from the catalogue (BIO / ISO 27002 code) or added by the gemeente."""

    __tablename__ = "dpia_maatregel"

    id: Mapped[int] = mapped_column(primary_key=True)
    dpia_id: Mapped[int] = mapped_column(ForeignKey("dpia.id", ondelete="CASCADE"), index=True)
    volgorde: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str | None] = mapped_column(String(20))
    naam: Mapped[str] = mapped_column(String(200))
    beschrijving: Mapped[str | None] = mapped_column(Text)

    dpia: Mapped[Dpia] = relationship(back_populates="maatregelen")

    @property
    def label(self) -> str:
        return f"{self.code} {self.naam}" if self.code else self.naam


class DpiaRisico(_Beoordeelbaar, db.Model):
    """A risk to the data subjects, with its gauges before (ernst, waarschijnlijkheid) and after the action plan."""

    __tablename__ = "dpia_risico"

    id: Mapped[int] = mapped_column(primary_key=True)
    dpia_id: Mapped[int] = mapped_column(ForeignKey("dpia.id", ondelete="CASCADE"), index=True)
    volgorde: Mapped[int] = mapped_column(Integer, default=0)
    sleutel: Mapped[str | None] = mapped_column(String(40))  # a standard risk of the template, else None
    letter: Mapped[str] = mapped_column(String(4))  # its mark on the risk map
    naam: Mapped[str] = mapped_column(String(200))
    gevolgen: Mapped[str | None] = mapped_column(Text)  # one per line
    dreigingen: Mapped[str | None] = mapped_column(Text)  # one per line
    bronnen: Mapped[str | None] = mapped_column(Text)  # one per line
    ernst: Mapped[Niveau | None] = mapped_column(_enum(Niveau, 20))
    ernst_toelichting: Mapped[str | None] = mapped_column(Text)
    waarschijnlijkheid: Mapped[Niveau | None] = mapped_column(_enum(Niveau, 20))
    waarschijnlijkheid_toelichting: Mapped[str | None] = mapped_column(Text)
    ernst_na: Mapped[Niveau | None] = mapped_column(_enum(Niveau, 20))
    waarschijnlijkheid_na: Mapped[Niveau | None] = mapped_column(_enum(Niveau, 20))

    dpia: Mapped[Dpia] = relationship(back_populates="risicos")
    maatregelen: Mapped[list[DpiaMaatregel]] = relationship(secondary=dpia_risico_maatregel,
                                                            order_by="DpiaMaatregel.volgorde")

    @property
    def gescoord(self) -> bool:
        return self.ernst is not None and self.waarschijnlijkheid is not None


class DpiaActie(db.Model):
    """One action of the action plan: what is to be improved, by whom, by when."""

    __tablename__ = "dpia_actie"

    id: Mapped[int] = mapped_column(primary_key=True)
    dpia_id: Mapped[int] = mapped_column(ForeignKey("dpia.id", ondelete="CASCADE"), index=True)
    onderwerp: Mapped[str] = mapped_column(String(300))  # the question, measure or risk it improves
    omschrijving: Mapped[str] = mapped_column(Text)
    eigenaar: Mapped[str] = mapped_column(String(200))
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[ActieStatus] = mapped_column(_enum(ActieStatus, 20), default=ActieStatus.open)
    afgerond_op: Mapped[date | None] = mapped_column(Date)

    dpia: Mapped[Dpia] = relationship(back_populates="acties")

    def te_laat(self, dag: date) -> bool:
        return self.status is ActieStatus.open and self.deadline < dag
