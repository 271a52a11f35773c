"""The verwerkingsregister: an activity is stable per gemeente; every change to it is a new, immutable version.

Versions are never updated or deleted, so a processing log entry that cites a version id keeps pointing at exactly
what the register said when the processing happened.
"""
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dpia.register.codes import Bestuursorgaan, Grondslag, RegisterStatus
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.models.scope import GemeenteRecord
from portal.timeutil import utcnow


def _enum(cls, length: int):
    return Enum(cls, native_enum=False, length=length, validate_strings=True)


class Verwerkingsactiviteit(GemeenteRecord, db.Model):
    """One processing activity of one gemeente. `code` is the portal's own activity (an `Activiteit` value) under
    which the portal logs; activities the privacy officer adds have none."""

    __tablename__ = "verwerkingsactiviteit"
    __table_args__ = (UniqueConstraint("gemeente_id", "code", name="uq_verwerkingsactiviteit_gemeente_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    code: Mapped[str | None] = mapped_column(String(60))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    gemeente: Mapped[Organisatie] = relationship()
    versies: Mapped[list["ActiviteitVersie"]] = relationship(
        back_populates="activiteit", order_by="ActiviteitVersie.versie", lazy="selectin")

    @property
    def nieuwste(self) -> "ActiviteitVersie":
        return self.versies[-1]

    @property
    def in_kracht(self) -> "ActiviteitVersie | None":
        """The newest version that was decided (vastgesteld, or vervallen after it), or None before any decision.
        A pending draft of an edit does not replace what was vastgesteld."""
        for versie in reversed(self.versies):
            if versie.status in (RegisterStatus.vastgesteld, RegisterStatus.vervallen):
                return versie
        return None

    @property
    def geldende(self) -> "ActiviteitVersie":
        """The version that processing is attributed to: the one in force, or before any decision the newest."""
        return self.in_kracht or self.versies[-1]


class ActiviteitVersie(db.Model):
    """One version of an activity: the AVG art. 30 lid 1 fields, its status in the workflow, who made it when."""

    __tablename__ = "activiteit_versie"
    __table_args__ = (UniqueConstraint("activiteit_id", "versie", name="uq_activiteit_versie_activiteit_versie"),)

    id: Mapped[int] = mapped_column(primary_key=True)  # the stable id that log entries cite
    activiteit_id: Mapped[int] = mapped_column(ForeignKey("verwerkingsactiviteit.id"), index=True)
    versie: Mapped[int] = mapped_column(Integer)
    status: Mapped[RegisterStatus] = mapped_column(_enum(RegisterStatus, 20), default=RegisterStatus.draft)

    naam: Mapped[str] = mapped_column(String(200))
    doel: Mapped[str | None] = mapped_column(Text)
    grondslag: Mapped[Grondslag | None] = mapped_column(_enum(Grondslag, 1))
    grondslag_artikel: Mapped[str | None] = mapped_column(Text)
    verantwoordelijke_bestuursorgaan: Mapped[Bestuursorgaan | None] = mapped_column(_enum(Bestuursorgaan, 60))
    categorieen_betrokkenen: Mapped[str | None] = mapped_column(Text)  # one category per line
    categorieen_persoonsgegevens: Mapped[str | None] = mapped_column(Text)  # one category per line
    bijzondere_categorieen: Mapped[list] = mapped_column(JSON, default=list)  # BijzondereCategorie values
    uitzondering_art9: Mapped[str | None] = mapped_column(Text)
    ontvangers: Mapped[str | None] = mapped_column(Text)  # one per line
    verwerkers: Mapped[str | None] = mapped_column(Text)  # one per line
    doorgifte_buiten_eer: Mapped[bool] = mapped_column(Boolean, default=False)
    doorgifte_waarborgen: Mapped[str | None] = mapped_column(Text)
    bewaartermijn: Mapped[str | None] = mapped_column(Text)
    # Whole years after the end of what the data belongs to (the traject, the account, the request): what
    # `portal retention` computes with; the text above says it for people.
    bewaartermijn_jaren: Mapped[int | None] = mapped_column(Integer)
    beveiligingsmaatregelen: Mapped[str | None] = mapped_column(Text)
    eigenaar: Mapped[str | None] = mapped_column(String(200))
    dpia: Mapped[str | None] = mapped_column(String(255))  # reference to the DPIA, free text for now

    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gewijzigd_door: Mapped[str] = mapped_column(String(255))  # e-mail, or "systeem"

    activiteit: Mapped[Verwerkingsactiviteit] = relationship(back_populates="versies")

    def __repr__(self) -> str:
        return f"<ActiviteitVersie {self.activiteit_id} v{self.versie} {self.status.value}>"
