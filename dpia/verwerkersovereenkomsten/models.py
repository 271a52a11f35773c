"""Verwerkersovereenkomst (AVG art. 28) between an aanbieder and a gemeente: the signed document, its dates and terms.

The stored `status` is the document's life cycle: concept -> getekend -> beeindigd. `verlopen` is never stored: it
follows from the end date and the day asked about (`status_op`), so it cannot lag behind the clock. A renewal is a
new agreement (`vervangt_id` points at the one it follows): each signed document keeps the period it covered.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Enum, ForeignKey, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dpia.activiteiten import label
from portal.codes import VoStatus
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.models.scope import GemeenteRecord
from portal.timeutil import utcnow


class Verwerkersovereenkomst(GemeenteRecord, db.Model):
    __tablename__ = "verwerkersovereenkomst"

    id: Mapped[int] = mapped_column(primary_key=True)
    aanbieder_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    status: Mapped[VoStatus] = mapped_column(Enum(VoStatus, native_enum=False, length=20), default=VoStatus.concept)
    getekend_op: Mapped[date | None] = mapped_column(Date)
    startdatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    evaluatiedatum: Mapped[date | None] = mapped_column(Date)
    # Names of the subprocessors (subverwerkers) the aanbieder may engage, one per entry.
    subverwerkers: Mapped[list] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    auditrecht: Mapped[str | None] = mapped_column(Text)
    # Codes of portal.codes.Activiteit that this agreement covers.
    activiteiten: Mapped[list] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    notities: Mapped[str | None] = mapped_column(Text)
    # Ended (beeindigd) as of this day: valid until the day before.
    beeindigd_op: Mapped[date | None] = mapped_column(Date)
    beeindigd_reden: Mapped[str | None] = mapped_column(Text)
    vervangt_id: Mapped[int | None] = mapped_column(ForeignKey("verwerkersovereenkomst.id"))
    gewijzigd_op: Mapped[datetime | None] = mapped_column(DateTime)
    gewijzigd_door: Mapped[str | None] = mapped_column(String(255))

    aanbieder: Mapped[Organisatie] = relationship(foreign_keys=[aanbieder_id])
    gemeente: Mapped[Organisatie] = relationship(foreign_keys=[gemeente_id])
    vervangt: Mapped["Verwerkersovereenkomst | None"] = relationship(remote_side=[id])

    def status_op(self, dag: date) -> VoStatus:
        """The status on `dag`: the stored life cycle, with `verlopen` once the end date has passed."""
        if self.status is VoStatus.concept:
            return VoStatus.concept
        if self.status is VoStatus.beeindigd and (self.beeindigd_op is None or dag >= self.beeindigd_op):
            return VoStatus.beeindigd
        if self.status is VoStatus.verlopen or dag > self.einddatum:
            return VoStatus.verlopen
        return VoStatus.getekend

    def geldig_op(self, dag: date) -> bool:
        """Signed, started, not past its end date and not ended: the aanbieder may process the gemeente's data."""
        return self.status_op(dag) is VoStatus.getekend and self.startdatum <= dag

    @property
    def activiteit_labels(self) -> list[str]:
        return [label(code) for code in self.activiteiten or []]

