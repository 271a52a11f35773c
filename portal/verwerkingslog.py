"""The processing log: `record` is the one function through which every processing of trajectory data is logged.

Entries form a hash chain (each holds the hash of the previous one), so `verify` finds any changed, inserted
or deleted row. Entries are written in the caller's transaction: a rolled-back action leaves no entry behind.

The chain is keyed: entries carry the HMAC-SHA256 of their content under LOG_HMAC_KEY, and `sleutel_id` names the
key, so whoever can write the database but lacks the key cannot forge or re-chain entries. Entries written before the
key existed (`sleutel_id` NULL) keep verifying with plain SHA-256, but only before the first keyed entry and before
the first checkpoint: an unkeyed entry after either is a forgery. A chain alone cannot show that its newest entries
were cut off or that it was emptied; `checkpoint` therefore appends the signed head of the chain (count, last id,
hash) to a file outside the database, and `verify` checks every checkpoint against the chain. Entries newer than the
last checkpoint can still be cut off unseen: the checkpoint schedule bounds that window (README, "Processing log").
"""
import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, text

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


def sleutel_id(key: str) -> str:
    """The public name of a key: a fingerprint derived with the key itself, which tells nothing about it."""
    return hmac.new(key.encode(), b"verwerkingslog-sleutel-id", hashlib.sha256).hexdigest()[:16]


def _sleutels() -> dict[str, str]:
    """Every key the log may be signed with, by key id: the current one first, then those of before a rotation."""
    config = current_app.config
    keys = [config["LOG_HMAC_KEY"], *(config.get("LOG_HMAC_OLD_KEYS") or [])]
    return {sleutel_id(key): key for key in keys}


def _digest(previous: str, fields: dict, key: str | None = None) -> str:
    """The entry's link in the chain: plain SHA-256 for the entries of before the keyed log (`key` None), otherwise
    HMAC-SHA256 under `key` over the same fields and the key id."""
    parts = [previous, fields["tijdstip"].isoformat(timespec="microseconds"), fields["gebruiker"],
             fields["organisatie"], fields["gemeente"], fields["traject_id"], fields["actie"],
             fields["verwerkingsactiviteit"], fields["toelichting"] or ""]
    # The register version joined the chain later: entries without one hash exactly as they always did.
    if fields.get("activiteit_versie_id") is not None:
        parts.append(str(fields["activiteit_versie_id"]))
    if key is None:
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    parts.append(fields["sleutel_id"])
    return hmac.new(key.encode(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


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
    key = current_app.config["LOG_HMAC_KEY"]
    hashes = [_last_hash()]  # takes the chain's lock first: the timestamps then follow the chain's order
    constant = {"tijdstip": utcnow(), "gebruiker": actor.gebruiker, "organisatie": actor.organisatie,
                "actie": Actie(actie).value, "verwerkingsactiviteit": activiteit_naam, "toelichting": toelichting,
                "sleutel_id": sleutel_id(key)}
    gemeenten = [gemeente for _, gemeente in items]
    versie_ids = [versies.get(gemeente) for gemeente in gemeenten]
    for (traject_id, gemeente), versie_id in zip(items, versie_ids, strict=True):
        hashes.append(_digest(hashes[-1], {**constant, "gemeente": gemeente, "traject_id": traject_id,
                                           "activiteit_versie_id": versie_id}, key))
    insert_rows(LogEntry.__table__, {**constant, "gemeente": gemeenten, "traject_id": [t for t, _ in items],
                                     "activiteit_versie_id": versie_ids, "vorige_hash": hashes[:-1],
                                     "hash": hashes[1:]})
    return len(items)


@dataclass
class VerifyResult:
    checked: int
    broken_id: int | None = None
    reason: str | None = None
    checkpoints: int = 0  # checkpoints found and matched
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken_id is None and self.reason is None


@dataclass(frozen=True)
class Checkpoint:
    """The signed head of the chain at one moment: how many entries, the last one's id and hash."""

    aantal: int
    laatste_id: int
    hash: str
    tijdstip: str
    sleutel_id: str
    mac: str = ""

    def bericht(self) -> bytes:
        return "\x1f".join(["verwerkingslog-checkpoint", str(self.aantal), str(self.laatste_id), self.hash,
                             self.tijdstip, self.sleutel_id]).encode()

    def ondertekend(self, key: str) -> "Checkpoint":
        mac = hmac.new(key.encode(), self.bericht(), hashlib.sha256).hexdigest()
        return Checkpoint(self.aantal, self.laatste_id, self.hash, self.tijdstip, self.sleutel_id, mac)

    def klopt(self, sleutels: dict[str, str]) -> bool:
        key = sleutels.get(self.sleutel_id)
        return key is not None and hmac.compare_digest(self.ondertekend(key).mac, self.mac)


def checkpoint_file(directory: str | Path | None = None) -> Path:
    """The checkpoint file of this database in `directory` (default LOG_CHECKPOINT_DIR, else
    instance/log-checkpoints/). One file per database, named after its URL without password, so that checkpoints of
    one database are never checked against another (a test database, a restored copy)."""
    directory = Path(directory or current_app.config.get("LOG_CHECKPOINT_DIR")
                     or Path(current_app.instance_path) / "log-checkpoints")
    url = db.engine.url
    label = re.sub(r"[^A-Za-z0-9]+", "-", Path(url.database or "db").stem).strip("-")[:40] or "db"
    fingerprint = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return directory / f"{label}-{fingerprint}.jsonl"


def checkpoint(directory: str | Path | None = None) -> tuple[Checkpoint, Path]:
    """Append the signed head of the chain (as the database holds it now) to this database's checkpoint file."""
    table = LogEntry.__table__
    _last_hash()  # the chain's lock on PostgreSQL: count and head are read without an append in between
    aantal = db.session.scalar(select(func.count()).select_from(table)) or 0
    head = db.session.execute(select(table.c.id, table.c.hash).order_by(table.c.id.desc()).limit(1)).first()
    key = current_app.config["LOG_HMAC_KEY"]
    punt = Checkpoint(aantal, head.id if head else 0, head.hash if head else GENESIS,
                      utcnow().isoformat(timespec="seconds") + "Z", sleutel_id(key)).ondertekend(key)
    path = checkpoint_file(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(punt.__dict__, sort_keys=True) + "\n")
    return punt, path


def _checkpoints(path: Path) -> list[Checkpoint | None]:
    """The checkpoints in the file, in order; None for a line that is not a checkpoint at all."""
    if not path.exists():
        return []
    punten: list[Checkpoint | None] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            punten.append(Checkpoint(int(data["aantal"]), int(data["laatste_id"]), str(data["hash"]),
                                     str(data["tijdstip"]), str(data["sleutel_id"]), str(data["mac"])))
        except (ValueError, KeyError, TypeError):
            punten.append(None)
    return punten


def verify(batch: int = 10_000, directory: str | Path | None = None, bestand: str | Path | None = None) -> VerifyResult:
    """Walk the chain in id order and report the first entry whose link, content or signature does not match; then
    check every checkpoint of this database against the chain (its last entry must exist with the same hash, and as
    many entries up to it), which finds the newest entries cut off, the log emptied or rewritten. `bestand` names
    another database's checkpoint file, e.g. the original's after a restore into a new database."""
    sleutels = _sleutels()
    punten = _checkpoints(Path(bestand) if bestand else checkpoint_file(directory))
    for number, punt in enumerate(punten, start=1):
        if punt is None or not punt.klopt(sleutels):
            return VerifyResult(0, None, f"checkpoint {number} is niet ondertekend met de sleutel van het log "
                                         "(vervalst of met een onbekende sleutel)")
    # After the first checkpoint every entry is keyed: checkpoints exist only since the log is keyed.
    sinds_checkpoint = min((p.laatste_id for p in punten), default=None)
    wanted = {p.laatste_id for p in punten}
    seen: dict[int, tuple[str, int]] = {}  # checkpoint id -> (hash, entries up to it)

    table = LogEntry.__table__
    previous, checked, last_id, keyed = GENESIS, 0, 0, False
    while True:
        entries = db.session.execute(
            select(table).where(table.c.id > last_id).order_by(table.c.id).limit(batch)).mappings().all()
        if not entries:
            break
        for entry in entries:
            if entry["vorige_hash"] != previous:
                return VerifyResult(checked, entry["id"], "de verwijzing naar de vorige regel klopt niet")
            kid = entry["sleutel_id"]
            if kid is None and (keyed or (sinds_checkpoint is not None and entry["id"] > sinds_checkpoint)):
                return VerifyResult(checked, entry["id"], "regel zonder sleutel na het begin van het ondertekende "
                                                          "log: ingevoegd zonder de sleutel")
            if kid is not None and kid not in sleutels:
                return VerifyResult(checked, entry["id"], "de regel is ondertekend met een onbekende sleutel")
            digest = _digest(previous, entry, sleutels[kid] if kid is not None else None)
            if not hmac.compare_digest(digest, entry["hash"]):
                return VerifyResult(checked, entry["id"], "de inhoud van de regel is gewijzigd of de regel is "
                                                          "zonder de sleutel gemaakt")
            keyed = keyed or kid is not None
            previous, checked, last_id = entry["hash"], checked + 1, entry["id"]
            if last_id in wanted:
                seen[last_id] = (previous, checked)

    for punt in punten:
        if punt.aantal == 0:
            continue
        found = seen.get(punt.laatste_id)
        if found is None:
            return VerifyResult(checked, punt.laatste_id,
                                f"regel {punt.laatste_id} uit het checkpoint van {punt.tijdstip} ontbreekt: het log "
                                "is ingekort of geleegd", len(punten))
        if found[0] != punt.hash:
            return VerifyResult(checked, punt.laatste_id,
                                f"de hash wijkt af van het checkpoint van {punt.tijdstip}: het log is herschreven",
                                len(punten))
        if found[1] != punt.aantal:
            return VerifyResult(checked, punt.laatste_id,
                                f"tot deze regel telde het checkpoint van {punt.tijdstip} {punt.aantal} regels, "
                                f"nu {found[1]}: er zijn regels verwijderd", len(punten))
    warnings = [] if punten else ["er is nog geen checkpoint: inkorten of leegmaken van het log is zo niet te zien "
                                  "(portal log checkpoint)"]
    return VerifyResult(checked, checkpoints=len(punten), warnings=warnings)
