"""The processing log: `record` is the one function through which every processing of trajectory data is logged.

Entries form a hash chain (each holds the hash of the previous one), so `verify` finds any changed, inserted
or deleted row. Entries are written in the caller's transaction: a rolled-back action leaves no entry behind.
"""
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, text

from dpia.register.services import geldende_versie_ids
from portal.bulk import insert_rows
from portal.codes import Actie, Activiteit
from portal.extensions import db
from portal.models.verwerkingslog import LogEntry
from portal.timeutil import utcnow

GENESIS = "0" * 64
SYSTEEM = "systeem"
_PG_LOCK_KEY = 7_141_592  # advisory lock that serialises appends to the chain on PostgreSQL


@dataclass(frozen=True)
class Actor:
    """Who processes: a user's e-mail and organisation code, or the system itself."""

    gebruiker: str
    organisatie: str

    @classmethod
    def of(cls, user, organisatie=None) -> "Actor":
        """The actor for a user; without one, the system acting for `organisatie` (e.g. `portal import`)."""
        if isinstance(user, Actor):
            return user
        if user is None:
            return cls(SYSTEEM, organisatie.code if organisatie is not None else SYSTEEM)
        return cls(user.email, user.organisatie.code)


def _digest(previous: str, fields: dict) -> str:
    parts = [previous, fields["tijdstip"].isoformat(timespec="microseconds"), fields["gebruiker"],
             fields["organisatie"], fields["gemeente"], fields["traject_id"], fields["actie"],
             fields["verwerkingsactiviteit"], fields["toelichting"] or ""]
    # The register version joined the chain later: entries without one hash exactly as they always did.
    if fields.get("activiteit_versie_id") is not None:
        parts.append(str(fields["activiteit_versie_id"]))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _last_hash() -> str:
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    last = session.scalar(select(LogEntry.hash).order_by(LogEntry.id.desc()).limit(1))
    return last or GENESIS


def record(user, actie: Actie, activiteit: Activiteit | str, trajecten: Iterable[tuple[str, str]],
           toelichting: str | None = None) -> int:
    """Log one processing per trajectory; `trajecten` yields (traject_id, gemeente code). Each entry cites the
    register version in force for its gemeente and the activity (asked of the register once per call). Returns the
    count."""
    actor = Actor.of(user)
    activiteit_naam = activiteit.value if isinstance(activiteit, Activiteit) else str(activiteit)
    items = list(dict.fromkeys(trajecten))
    if not items:
        return 0
    versies = geldende_versie_ids({gemeente for _, gemeente in items}, activiteit_naam)
    hashes = [_last_hash()]  # takes the chain's lock first: the timestamps then follow the chain's order
    constant = {"tijdstip": utcnow(), "gebruiker": actor.gebruiker, "organisatie": actor.organisatie,
                "actie": Actie(actie).value, "verwerkingsactiviteit": activiteit_naam, "toelichting": toelichting}
    gemeenten = [gemeente for _, gemeente in items]
    versie_ids = [versies.get(gemeente) for gemeente in gemeenten]
    for (traject_id, gemeente), versie_id in zip(items, versie_ids, strict=True):
        hashes.append(_digest(hashes[-1], {**constant, "gemeente": gemeente, "traject_id": traject_id,
                                           "activiteit_versie_id": versie_id}))
    insert_rows(LogEntry.__table__, {**constant, "gemeente": gemeenten, "traject_id": [t for t, _ in items],
                                     "activiteit_versie_id": versie_ids, "vorige_hash": hashes[:-1],
                                     "hash": hashes[1:]})
    return len(items)


@dataclass
class VerifyResult:
    checked: int
    broken_id: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(batch: int = 10_000) -> VerifyResult:
    """Walk the chain in id order and report the first entry whose link or content does not match."""
    table = LogEntry.__table__
    previous, checked, last_id = GENESIS, 0, 0
    while True:
        entries = db.session.execute(
            select(table).where(table.c.id > last_id).order_by(table.c.id).limit(batch)).mappings().all()
        if not entries:
            return VerifyResult(checked)
        for entry in entries:
            if entry["vorige_hash"] != previous:
                return VerifyResult(checked, entry["id"], "de verwijzing naar de vorige regel klopt niet")
            if _digest(previous, entry) != entry["hash"]:
                return VerifyResult(checked, entry["id"], "de inhoud van de regel is gewijzigd")
            previous, checked, last_id = entry["hash"], checked + 1, entry["id"]
