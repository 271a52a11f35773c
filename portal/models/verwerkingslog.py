"""The processing log (VNG Logging Verwerkingen): one `Verwerkingsactie` (who, when, what, under which activity of the
register) with its `VerwerktObject`s (the trajectories it processed). Actions are chained by keyed hash (HMAC): the
chain fields (`volgnummer`, `vorige_hash`, `hash`) are assigned by the sequencer shortly after the action's
transaction commits (portal/verwerkingslog.py).

On PostgreSQL both tables are partitioned by month on `tijdstip` (migration log02): their primary key there is
(id, tijdstip), as PostgreSQL requires of a partitioned table; the model names `id` alone, which is what the
application addresses rows by (and SQLite, unpartitioned, has as its key).

`LogEntry` is the log as its readers see it: one processed trajectory, i.e. an object joined with its action, with
the columns the one-row-per-trajectory log of before had. Readers query it as they always did."""
import re
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, SmallInteger, String, and_
from sqlalchemy.orm import Mapped, column_property, mapped_column

from portal.extensions import db


class Verwerkingsactie(db.Model):
    """One processing action: a request (or system task) that processed one or more trajectories. Plain strings, not
    foreign keys: the action outlives users and erasures."""

    __tablename__ = "verwerkingsactie"

    id: Mapped[int] = mapped_column(primary_key=True)
    tijdstip: Mapped[datetime] = mapped_column(DateTime, index=True)
    gebruiker: Mapped[str] = mapped_column(String(255))  # e-mail, or "systeem" for scheduled work
    organisatie: Mapped[str] = mapped_column(String(20))  # code of the user's organisation
    actie: Mapped[str] = mapped_column(String(20))
    verwerkingsactiviteit: Mapped[str] = mapped_column(String(60))
    toelichting: Mapped[str | None] = mapped_column(String(255))
    # 1: an entry of the log of before (one trajectory per action, hashed as it always was); 2: an action with its
    # objects under one HMAC.
    vorm: Mapped[int] = mapped_column(SmallInteger, default=2)
    # Fingerprint of the key whose HMAC-SHA256 chains this action; None for entries from before the keyed log, which
    # are chained with plain SHA-256.
    sleutel_id: Mapped[str | None] = mapped_column(String(16))
    # HMAC-SHA256 of the action's fields and objects, made when it is written (None for entries of before).
    inhoud_hash: Mapped[str | None] = mapped_column(String(64))
    # The place in the chain and the link, given by the sequencer shortly after the commit (portal/verwerkingslog.py).
    volgnummer: Mapped[int | None] = mapped_column(Integer, index=True)
    vorige_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class VerwerktObject(db.Model):
    """One trajectory processed by an action. `tijdstip` repeats the action's (the partition key, and what readers
    filter on). The register version it was processed under is the one foreign key: versions are never changed or
    deleted."""

    __tablename__ = "verwerkt_object"

    id: Mapped[int] = mapped_column(primary_key=True)
    actie_id: Mapped[int] = mapped_column(Integer, index=True)  # no foreign key: the actions are partitioned
    tijdstip: Mapped[datetime] = mapped_column(DateTime, index=True)
    gemeente: Mapped[str] = mapped_column(String(20), index=True)  # code of the trajectory's gemeente
    traject_id: Mapped[str] = mapped_column(String(16), index=True)
    # The register version in force for (gemeente, activity) at that moment; None for entries made before the
    # register existed, or for a gemeente without that activity.
    activiteit_versie_id: Mapped[int | None] = mapped_column(ForeignKey("activiteit_versie.id"), index=True)


_actie = Verwerkingsactie.__table__
_object = VerwerktObject.__table__


class LogEntry(db.Model):
    """One processed trajectory as the log's readers see it (read-only): an object with its action's fields. `id` is
    the object's (in write order; for entries of before, their id of before)."""

    __table__ = _object.join(_actie, and_(_object.c.actie_id == _actie.c.id, _object.c.tijdstip == _actie.c.tijdstip))
    __mapper_args__ = {"primary_key": [_object.c.id]}

    id = column_property(_object.c.id)
    actie_id = column_property(_object.c.actie_id, _actie.c.id)
    tijdstip = column_property(_object.c.tijdstip, _actie.c.tijdstip)


# PostgreSQL: both tables are partitioned by month on `tijdstip`: `<table>_pYYYY_MM` and `<table>_pdefault`.
PARTITIE_TABELLEN = ("verwerkingsactie", "verwerkt_object")
_PARTITIE = re.compile(r"^(verwerkingsactie|verwerkt_object)_p(\d{4}_\d{2}|default)$")


def partitie_naam(tabel: str, maand) -> str:
    return f"{tabel}_p{maand.year:04d}_{maand.month:02d}"


def is_partitie(name: str | None) -> bool:
    """A partition of the log: a table that the models do not name (Alembic's autogenerate leaves it alone)."""
    return bool(name and _PARTITIE.match(name))
