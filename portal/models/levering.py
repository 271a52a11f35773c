"""Deliveries of aanleverformaat v1 (aanwezigheid, toets, afronding), their correction history and upload batches.

Each soort has its natural key as a unique constraint; a changed row for an existing key replaces the current
values and the previous ones go to `levering_historie`. Columns carry the names of the delivery format.
"""
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Enum, ForeignKey, Integer, LargeBinary, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.codes import (
    AfrondingOnderdeel,
    AfrondingReden,
    AfrondingStatus,
    Niveau,
    Onderdeel,
    ToetsResultaat,
    Vaardigheid,
    Verwijtbaar,
    VerzuimReden,
)
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.timeutil import utcnow


def _enum(cls):
    return Enum(cls, native_enum=False, length=30, validate_strings=True)


def _uren():
    return Numeric(8, 2, asdecimal=False)


class AanleverBatch(db.Model):
    """One delivery: who delivered which file, when, through which channel, and its report."""

    __tablename__ = "aanlever_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    aanbieder_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    gebruiker: Mapped[str] = mapped_column(String(255))
    soort: Mapped[str] = mapped_column(String(20))
    kanaal: Mapped[str] = mapped_column(String(20))  # upload, api, cli, formulier
    bestandsnaam: Mapped[str | None] = mapped_column(String(255))
    ontvangen_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(20))  # accepted, rejected, partial
    rows: Mapped[int] = mapped_column(Integer, default=0)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    corrected: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # the report's entries; messages never hold a BSN
    # Errors beyond report.MAX_ERRORS: counted, not stored.
    meer_fouten: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A rejected upload's rows with every BSN masked, kept so the aanbieder can download the report or deliver
    # only the good rows; cleared once that is done.
    bewaard_csv: Mapped[bytes | None] = mapped_column(LargeBinary)

    aanbieder: Mapped[Organisatie] = relationship()


class _Levering:
    """Columns every delivery record has: its trajectory, who delivered it in which batch, and its version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # No separate index on traject_id: each table's natural-key unique constraint starts with it.
    traject_id: Mapped[str] = mapped_column(ForeignKey("traject.id", ondelete="CASCADE"))
    aanbieder_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("aanlever_batch.id"), index=True)
    versie: Mapped[int] = mapped_column(Integer, default=1)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gewijzigd_door: Mapped[str] = mapped_column(String(255))


class Aanwezigheid(_Levering, db.Model):
    __tablename__ = "aanwezigheid"
    __table_args__ = (UniqueConstraint("traject_id", "onderdeel", "periode_start", "periode_eind",
                                       name="uq_aanwezigheid_sleutel"),)

    onderdeel: Mapped[Onderdeel] = mapped_column(_enum(Onderdeel))
    periode_start: Mapped[date] = mapped_column(Date)
    periode_eind: Mapped[date] = mapped_column(Date)
    uren_gepland: Mapped[float] = mapped_column(_uren())
    uren_aanwezig: Mapped[float] = mapped_column(_uren())
    uren_verzuim_geoorloofd: Mapped[float] = mapped_column(_uren())
    uren_verzuim_ongeoorloofd: Mapped[float] = mapped_column(_uren())
    verzuim_reden: Mapped[VerzuimReden | None] = mapped_column(_enum(VerzuimReden))
    aantal_keer_verzuim: Mapped[int | None] = mapped_column(Integer)


class Toets(_Levering, db.Model):
    __tablename__ = "toets"
    __table_args__ = (UniqueConstraint("traject_id", "datum", "vaardigheid", name="uq_toets_sleutel"),)

    datum: Mapped[date] = mapped_column(Date)
    vaardigheid: Mapped[Vaardigheid] = mapped_column(_enum(Vaardigheid))
    niveau: Mapped[Niveau] = mapped_column(_enum(Niveau))
    resultaat: Mapped[ToetsResultaat] = mapped_column(_enum(ToetsResultaat))
    score: Mapped[float | None] = mapped_column(Numeric(5, 2, asdecimal=False))


class Afronding(_Levering, db.Model):
    __tablename__ = "afronding"
    __table_args__ = (UniqueConstraint("traject_id", "onderdeel", name="uq_afronding_sleutel"),)

    onderdeel: Mapped[AfrondingOnderdeel] = mapped_column(_enum(AfrondingOnderdeel))
    datum: Mapped[date] = mapped_column(Date)
    status: Mapped[AfrondingStatus] = mapped_column(_enum(AfrondingStatus))
    reden: Mapped[AfrondingReden | None] = mapped_column(_enum(AfrondingReden))
    verwijtbaar: Mapped[Verwijtbaar | None] = mapped_column(_enum(Verwijtbaar))


class LeveringHistorie(db.Model):
    """A replaced version of a delivery record: its values before the correction, and who replaced them when."""

    __tablename__ = "levering_historie"

    id: Mapped[int] = mapped_column(primary_key=True)
    soort: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    traject_id: Mapped[str] = mapped_column(ForeignKey("traject.id", ondelete="CASCADE"), index=True)
    versie: Mapped[int] = mapped_column(Integer)
    waarden: Mapped[dict] = mapped_column(JSON)
    geleverd_door: Mapped[str] = mapped_column(String(255))
    geleverd_op: Mapped[datetime] = mapped_column(DateTime)
    vervangen_door: Mapped[str] = mapped_column(String(255))
    vervangen_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    batch_id: Mapped[int] = mapped_column(ForeignKey("aanlever_batch.id"))


MODELS: dict[str, type[Any]] = {"aanwezigheid": Aanwezigheid, "toets": Toets, "afronding": Afronding}
