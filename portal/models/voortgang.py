"""What the voortgang feature stores: each gemeente's signal thresholds, the DUO registrations a regisseur marked,
and the hours per trajectory kept up to date from the deliveries (the caseload's aggregate).

The signals themselves are never stored: they are computed from the deliveries for a given day
(portal/voortgang/signalen.py), so they open and close with the data.
"""
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.codes import DuoOnderdeel, Onderdeel
from portal.extensions import db
from portal.models.levering import Aanwezigheid
from portal.models.organisatie import Organisatie
from portal.timeutil import utcnow

# The thresholds of design.md, as a gemeente gets them until it changes them on /voortgang/instellingen.
STANDAARD_INSTELLINGEN = {
    "verzuim_percentage": 10,       # ongeoorloofd >= this % of gepland ...
    "verzuim_weken": 4,             # ... over the last this many weeks
    "verzuim_aantal_keer": 3,       # or >= this many absences (aantal_keer_verzuim) in the last month
    "vertraagde_start_maanden": 3,  # no inburgeringsaanbod within this many months after the PIP-datum
    "afschalen_uren": 600,          # B1-route with >= this many taal hours present
    "geen_aanlevering_weken": 5,    # an active assignment without aanwezigheid for this many weeks
    "leerroute_wissel_weken": 8,    # the leerroute window closes within this many weeks
    "termijn_maanden": 6,           # this many months before the end of the termijn ...
    "termijn_percentage": 50,       # ... and taal hours present below this % of the intensiteit
}


class SignaalInstellingen(db.Model):
    """One gemeente's signal thresholds; a gemeente without a row uses STANDAARD_INSTELLINGEN."""

    __tablename__ = "signaal_instellingen"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), unique=True)
    verzuim_percentage: Mapped[int] = mapped_column(Integer, default=STANDAARD_INSTELLINGEN["verzuim_percentage"])
    verzuim_weken: Mapped[int] = mapped_column(Integer, default=STANDAARD_INSTELLINGEN["verzuim_weken"])
    verzuim_aantal_keer: Mapped[int] = mapped_column(Integer, default=STANDAARD_INSTELLINGEN["verzuim_aantal_keer"])
    vertraagde_start_maanden: Mapped[int] = mapped_column(
        Integer, default=STANDAARD_INSTELLINGEN["vertraagde_start_maanden"])
    afschalen_uren: Mapped[int] = mapped_column(Integer, default=STANDAARD_INSTELLINGEN["afschalen_uren"])
    geen_aanlevering_weken: Mapped[int] = mapped_column(
        Integer, default=STANDAARD_INSTELLINGEN["geen_aanlevering_weken"])
    leerroute_wissel_weken: Mapped[int] = mapped_column(
        Integer, default=STANDAARD_INSTELLINGEN["leerroute_wissel_weken"])
    termijn_maanden: Mapped[int] = mapped_column(Integer, default=STANDAARD_INSTELLINGEN["termijn_maanden"])
    termijn_percentage: Mapped[int] = mapped_column(Integer, default=STANDAARD_INSTELLINGEN["termijn_percentage"])
    gewijzigd_op: Mapped[datetime | None] = mapped_column(DateTime)
    gewijzigd_door: Mapped[str | None] = mapped_column(String(255))

    gemeente: Mapped[Organisatie] = relationship()

    @classmethod
    def standaard(cls, gemeente_id: int) -> "SignaalInstellingen":
        """The defaults for a gemeente that saved none (not added to the session)."""
        return cls(gemeente_id=gemeente_id, **STANDAARD_INSTELLINGEN)

    def waarden(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in STANDAARD_INSTELLINGEN}


class DuoRegistratie(db.Model):
    """A regisseur's note that a MAP, PVT or Z-route result is registered in the DUO portal, with the values sent:
    the date DUO now has (`waarde_datum`, None after a withdrawal or for a MAP/PVT not afgerond) and the gemeente's
    verwijtbaar decision (`Ja`/`Nee`). The DUO export compares the current afronding with these values (`actie`),
    and a change after sending opens the duo_registratie signal again (portal/duo/export.py)."""

    __tablename__ = "duo_registratie"
    __table_args__ = (UniqueConstraint("traject_id", "onderdeel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[str] = mapped_column(ForeignKey("traject.id", ondelete="CASCADE"))
    onderdeel: Mapped[DuoOnderdeel] = mapped_column(Enum(DuoOnderdeel, native_enum=False, length=30,
                                                         validate_strings=True))
    datum: Mapped[date] = mapped_column(Date)  # the day it was (last) registered in the DUO portal
    door: Mapped[str] = mapped_column(String(255))  # e-mail of the regisseur who marked it
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    waarde_datum: Mapped[date | None] = mapped_column(Date)  # the date sent (eindgesprek/ondertekening/afronding)
    verwijtbaar: Mapped[str | None] = mapped_column(String(3))  # the gemeente's decision sent: Ja / Nee


class TrajectUren(db.Model):
    """The current attendance of one trajectory, onderdeel and aanbieder, summed: what the caseload reads instead
    of every attendance row. Derived data, recomputed from `aanwezigheid` (portal/voortgang/uren.py) for every
    delivered batch, so a correction or a re-delivery can never leave it behind. Hours as floats (sums of exact
    2-decimal hours, rounded to 2 decimals where they are read): summing them per gemeente stays cheap."""

    __tablename__ = "traject_uren"

    traject_id: Mapped[str] = mapped_column(ForeignKey("traject.id", ondelete="CASCADE"), primary_key=True)
    onderdeel: Mapped[Onderdeel] = mapped_column(Enum(Onderdeel, native_enum=False, length=30,
                                                      validate_strings=True), primary_key=True)
    aanbieder_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), primary_key=True)
    perioden: Mapped[int] = mapped_column(Integer)
    uren_gepland: Mapped[float] = mapped_column(Float)
    uren_aanwezig: Mapped[float] = mapped_column(Float)
    uren_verzuim_geoorloofd: Mapped[float] = mapped_column(Float)
    uren_verzuim_ongeoorloofd: Mapped[float] = mapped_column(Float)
    laatste_periode_eind: Mapped[date] = mapped_column(Date)
    laatste_aanlevering: Mapped[datetime] = mapped_column(DateTime)  # latest gewijzigd_op of its rows


class UrenBatch(db.Model):
    """An aanwezigheid batch whose trajectories traject_uren has been recomputed for."""

    __tablename__ = "traject_uren_batch"

    batch_id: Mapped[int] = mapped_column(ForeignKey("aanlever_batch.id"), primary_key=True)


# The verzuim signal reads the attendance periods of the last weeks of every trajectory of a gemeente. Those rows lie
# scattered over the table; this index holds every column that query needs, in periode_eind order, so it reads one
# short stretch of the index and no table rows (an index-only scan). Declared here, by the feature that needs it,
# on the deliveries' table.
ix_aanwezigheid_venster = Index(
    "ix_aanwezigheid_venster", *(Aanwezigheid.__table__.c[name] for name in (
        "periode_eind", "traject_id", "onderdeel", "uren_gepland", "uren_verzuim_ongeoorloofd", "aantal_keer_verzuim")))


class SignaalVersie(db.Model):
    """One row: the version of the data the signals are computed from (portal/voortgang/versie.py). `token` is set
    once, at random, when the table is made; `versie` counts the committed transactions that wrote to that data."""

    __tablename__ = "signaal_versie"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))
    versie: Mapped[int] = mapped_column(BigInteger, default=0)


class SignaalVersieGemeente(db.Model):
    """Per gemeente, the version of its own part of that data (portal/voortgang/versie.py): counts the committed
    transactions that declared their writes to be about this gemeente's trajectories only (a delivery), which
    leave the other gemeenten's kept computations in place. A row is made at the gemeente's first such write."""

    __tablename__ = "signaal_versie_gemeente"

    gemeente_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    versie: Mapped[int] = mapped_column(BigInteger, default=0)


class SignaalVersieWijziging(db.Model):
    """Which trajectories one raise of a gemeente's counter was about (portal/voortgang/versie.py): written with the
    raise, in its transaction, by a write that named them (a delivery). A kept caseload computation at an earlier
    number of the gemeente is brought up to date by recomputing only these (portal/voortgang/caseload.py). A raise
    without a row here (its writes did not name their trajectories) means: compute everything. Only the last
    `versie.WIJZIGINGEN` numbers per gemeente are kept."""

    __tablename__ = "signaal_versie_wijziging"

    gemeente_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    versie: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    trajecten: Mapped[str] = mapped_column(Text)  # the trajectory ids, comma-separated
