"""Verwerkersovereenkomst (AVG art. 28) between an aanbieder and a gemeente; the register issue extends it."""
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Enum, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.codes import VoStatus
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.timeutil import utcnow


class Verwerkersovereenkomst(db.Model):
    __tablename__ = "verwerkersovereenkomst"

    id: Mapped[int] = mapped_column(primary_key=True)
    aanbieder_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    status: Mapped[VoStatus] = mapped_column(Enum(VoStatus, native_enum=False, length=20), default=VoStatus.concept)
    getekend_op: Mapped[date | None] = mapped_column(Date)
    startdatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    aanbieder: Mapped[Organisatie] = relationship(foreign_keys=[aanbieder_id])
    gemeente: Mapped[Organisatie] = relationship(foreign_keys=[gemeente_id])

    def geldig_op(self, dag: date) -> bool:
        return self.status is VoStatus.getekend and self.startdatum <= dag <= self.einddatum
