"""Organisations: gemeenten (by CBS code) and aanbieders (by a short code), the tenants of the portal."""
from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.codes import Onderdeel, OrganisatieType
from portal.extensions import db


class Organisatie(db.Model):
    __tablename__ = "organisatie"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    type: Mapped[OrganisatieType] = mapped_column(Enum(OrganisatieType, native_enum=False, length=20))
    naam: Mapped[str] = mapped_column(String(200))
    # Comma-separated onderdelen an aanbieder offers (empty for a gemeente).
    onderdelen_csv: Mapped[str] = mapped_column(String(40), default="")

    @property
    def onderdelen(self) -> list[Onderdeel]:
        return self.onderdelen_van(self.onderdelen_csv)

    @onderdelen.setter
    def onderdelen(self, values: list[Onderdeel | str]) -> None:
        self.onderdelen_csv = ",".join(sorted(Onderdeel(v).value for v in values))

    @staticmethod
    def onderdelen_van(onderdelen_csv: str) -> list[Onderdeel]:
        """The onderdelen of a stored `onderdelen_csv` (for a read of the column without the entity)."""
        return [Onderdeel(o) for o in onderdelen_csv.split(",") if o]

    @property
    def is_gemeente(self) -> bool:
        return self.type is OrganisatieType.gemeente

    def __repr__(self) -> str:
        return f"<Organisatie {self.code}>"
