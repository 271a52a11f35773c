"""A verwerkingsstop: one processing activity halted for one gemeente, from `gestart_op` until it is lifted."""
import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dpia.activiteiten import label
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.models.scope import GemeenteRecord
from portal.timeutil import nl_datetime as lokaal
from portal.timeutil import utcnow


class Verwerkingsstop(GemeenteRecord, db.Model):
    __tablename__ = "verwerkingsstop"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    activiteit: Mapped[str] = mapped_column(String(60))  # a code of portal.codes.Activiteit
    reden: Mapped[str] = mapped_column(Text)
    gestart_op: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    gestart_door: Mapped[str] = mapped_column(String(255))
    opgeheven_op: Mapped[dt.datetime | None] = mapped_column(DateTime)
    opgeheven_door: Mapped[str | None] = mapped_column(String(255))
    opheffing_reden: Mapped[str | None] = mapped_column(Text)

    gemeente: Mapped[Organisatie] = relationship()

    @property
    def actief(self) -> bool:
        return self.opgeheven_op is None

    @property
    def activiteit_label(self) -> str:
        return label(self.activiteit)

    def uitleg(self) -> str:
        """Why a processing is refused, in Dutch, for the 423 page and the API message."""
        return (f"De privacy officer van {self.gemeente.naam} heeft de verwerking '{self.activiteit_label}' op "
                f"{lokaal(self.gestart_op)} stopgezet. Reden: {self.reden.rstrip('.')}. Zolang deze verwerkingsstop "
                f"geldt, kunt u gegevens van trajecten van {self.gemeente.naam} onder deze verwerking niet inzien, "
                f"aanleveren of wijzigen. Uw poging is vastgelegd in het verwerkingslogboek.")
