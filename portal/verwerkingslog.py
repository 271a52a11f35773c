"""The processing log: `record` is the one function through which every processing of trajectory data is logged.

The log has the shape of the VNG standard Logging Verwerkingen: one action (`verwerkingsactie`: who, when, what,
under which activity) with the trajectories it processed (`verwerkt_object`), so a list of 50 trajectories is one
action with 50 objects. `record` writes them in the caller's transaction, without any lock: a rolled-back action
leaves nothing behind.

Actions form a hash chain (each holds the hash of the previous one), so `verify` finds any changed, inserted or
deleted action or object. The chain is assigned by a sequencer at commit (`_seal`, a `before_commit` hook): it takes
the chain's lock (on PostgreSQL `pg_advisory_xact_lock`), reads the head, gives the transaction's actions their
`volgnummer` and hashes, and the COMMIT that follows releases the lock: the lock is held for milliseconds, never
across the request's work. The chain's order is therefore the order of commits; `tijdstip` is when the processing
happened, so two actions of overlapping requests may have their timestamps in the other order.

The chain is keyed: actions carry the HMAC-SHA256 of their content and their objects under LOG_HMAC_KEY, and
`sleutel_id` names the key, so whoever can write the database but lacks the key cannot forge or re-chain actions.
The entries of the one-row-per-trajectory log of before were migrated as actions of `vorm` 1 with one object each,
under their old id as id and volgnummer: they keep their hashes, computed over the same fields as before. Entries
written before the key existed (`sleutel_id` NULL) keep verifying with plain SHA-256, but only before the first keyed
entry and before the first checkpoint: an unkeyed entry after either is a forgery. A chain alone cannot show that
its newest entries were cut off or that it was emptied; `checkpoint` therefore appends the signed head of the chain
(count of actions, last volgnummer, hash) to a file outside the database, and `verify` checks every checkpoint
against the chain. Entries newer than the last checkpoint can still be cut off unseen: the checkpoint schedule
bounds that window (README, "Processing log").
"""
import hashlib
import hmac
import json
import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, overload

from flask import current_app
from sqlalchemy import RowMapping, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session, scoped_session

from portal import prioriteit, privacy
from portal.bulk import insert_rows
from portal.codes import Actie, Activiteit
from portal.extensions import db, schrijvende_thread
from portal.models.verwerkingslog import PARTITIE_TABELLEN, Verwerkingsactie, VerwerktObject, partitie_naam
from portal.timeutil import utcnow

GENESIS = "0" * 64
SYSTEEM = "systeem"
_PG_LOCK_KEY = 7_141_592  # advisory lock that serialises the sequencer (the chain's head) on PostgreSQL
_ACTIE = Verwerkingsactie.__table__
_OBJECT = VerwerktObject.__table__
_INSERT_ACTIE = insert(_ACTIE).returning(_ACTIE.c.id)  # built once (SQLite; PostgreSQL writes with _PG_RECORD)


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
    """The link in the chain of an entry of the one-row-per-trajectory log of before (`vorm` 1): plain SHA-256 for
    the entries of before the keyed log (`key` None), otherwise HMAC-SHA256 under `key` over the same fields and the
    key id. Computed exactly as it was, so the migrated entries keep their hashes."""
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


def _inhoud(fields: Mapping[Any, Any], objecten: Iterable[tuple[str, str, int | None]], key: str) -> str:
    """The signature of an action's content (`vorm` 2), made when it is written: HMAC-SHA256 under `key` over the
    action's fields and its objects (traject_id, gemeente, register version), sorted, so the order in which the
    database numbers the objects does not matter."""
    objecten = sorted(objecten, key=lambda o: (o[0], o[1], -1 if o[2] is None else o[2]))
    parts = ["verwerkingsactie-2", fields["tijdstip"].isoformat(timespec="microseconds"), fields["gebruiker"],
             fields["organisatie"], fields["actie"], fields["verwerkingsactiviteit"], fields["toelichting"] or "",
             fields["sleutel_id"], str(len(objecten))]
    for traject_id, gemeente, versie_id in objecten:
        parts += [traject_id, gemeente, "" if versie_id is None else str(versie_id)]
    return hmac.new(key.encode(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def _schakel(previous: str, volgnummer: int, inhoud: str, kid: str, key: str) -> str:
    """The link in the chain of an action of `vorm` 2: HMAC-SHA256 over the previous link, its place and the
    signature of its content."""
    return hmac.new(key.encode(), "\x1f".join(["verwerkingsketen-2", previous, str(volgnummer), inhoud, kid])
                    .encode(), hashlib.sha256).hexdigest()


@overload
def _kop(session: Session | scoped_session, wachten: Literal[True] = True) -> tuple[int, str]: ...
@overload
def _kop(session: Session | scoped_session, wachten: bool) -> tuple[int, str] | None: ...
def _kop(session: Session | scoped_session, wachten: bool = True) -> tuple[int, str] | None:
    """The chain's head (volgnummer, hash), after taking the chain's lock on PostgreSQL (held until the transaction
    ends; SQLite writers are serialised by the database itself). With `wachten` False, None when another sequencer
    holds the lock."""
    if session.get_bind().dialect.name == "postgresql":
        if wachten:
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        elif not session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY}):
            return None
    head = session.execute(select(_ACTIE.c.volgnummer, _ACTIE.c.hash).where(_ACTIE.c.volgnummer.is_not(None))
                           .order_by(_ACTIE.c.volgnummer.desc()).limit(1)).first()
    return (head.volgnummer, head.hash) if head else (0, GENESIS)


_PG_RECORD = text("""
    WITH actie AS (
        INSERT INTO verwerkingsactie (tijdstip, gebruiker, organisatie, actie, verwerkingsactiviteit, toelichting,
                                      vorm, sleutel_id, inhoud_hash)
        VALUES (:tijdstip, :gebruiker, :organisatie, :actie, :verwerkingsactiviteit, :toelichting, 2, :sleutel_id,
                :inhoud_hash)
        RETURNING id)
    INSERT INTO verwerkt_object (actie_id, tijdstip, traject_id, gemeente, activiteit_versie_id)
    SELECT actie.id, :tijdstip, o.traject_id, o.gemeente, o.versie
    FROM actie, unnest(CAST(:trajecten AS varchar[]), CAST(:gemeenten AS varchar[]), CAST(:versies AS integer[]))
        WITH ORDINALITY AS o(traject_id, gemeente, versie, n)
    ORDER BY o.n""")


def record(user, actie: Actie, activiteit: Activiteit | str, trajecten: Iterable[tuple[str, str]],
           toelichting: str | None = None) -> int:
    """Log one action that processed these trajectories; `trajecten` yields (traject_id, gemeente code). Each object
    cites the register version in force for its gemeente and the activity (asked of the register once per call).
    Written in the caller's transaction, signed but not yet chained, without any lock (one statement on
    PostgreSQL); the sequencer chains it after the commit (`seal`). Returns the count of trajectories."""
    actor = Actor.of(user)
    activiteit_naam = activiteit.value if isinstance(activiteit, Activiteit) else str(activiteit)
    items = list(dict.fromkeys(trajecten))
    if not items:
        return 0
    versies = privacy.geldende_versie_ids({gemeente for _, gemeente in items}, activiteit_naam)
    key = current_app.config["LOG_HMAC_KEY"]
    fields = {"tijdstip": utcnow(), "gebruiker": actor.gebruiker, "organisatie": actor.organisatie,
              "actie": Actie(actie).value, "verwerkingsactiviteit": activiteit_naam, "toelichting": toelichting,
              "sleutel_id": sleutel_id(key)}
    objecten = [(traject_id, gemeente, versies.get(gemeente)) for traject_id, gemeente in items]
    fields["inhoud_hash"] = _inhoud(fields, objecten, key)
    session = db.session
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_PG_RECORD, {**fields, "trajecten": [o[0] for o in objecten],
                                     "gemeenten": [o[1] for o in objecten], "versies": [o[2] for o in objecten]})
    else:
        actie_id = session.execute(_INSERT_ACTIE, {**fields, "vorm": 2}).scalar_one()
        insert_rows(_OBJECT, {"actie_id": actie_id, "tijdstip": fields["tijdstip"],
                              "traject_id": [o[0] for o in objecten], "gemeente": [o[1] for o in objecten],
                              "activiteit_versie_id": [o[2] for o in objecten]})
    _sequencer.start(current_app)
    return len(items)


def seal(batch: int = 5_000, wachten: bool = True) -> int:
    """The sequencer: chain the committed actions that have no place in the chain yet, in id order, in the current
    transaction (the caller commits; the chain's lock is held until then). Returns how many it chained; None... no:
    0 when there was nothing to chain or (`wachten` False) another sequencer holds the lock. An action forged
    without the key is chained too, and then found by `verify` by its content signature."""
    session = db.session
    head = _kop(session, wachten)
    if head is None:
        return 0
    volgnummer, previous = head
    rows = session.execute(select(_ACTIE.c.id, _ACTIE.c.tijdstip, _ACTIE.c.inhoud_hash, _ACTIE.c.sleutel_id)
                           .where(_ACTIE.c.volgnummer.is_(None)).order_by(_ACTIE.c.id).limit(batch)).all()
    if not rows:
        return 0
    sleutels = _sleutels()
    current = current_app.config["LOG_HMAC_KEY"]
    updates = []
    for row in rows:
        volgnummer += 1
        link = _schakel(previous, volgnummer, row.inhoud_hash or "", row.sleutel_id or "",
                        sleutels.get(row.sleutel_id, current))
        updates.append({"b_id": row.id, "b_tijdstip": row.tijdstip, "volgnummer": volgnummer,
                        "vorige_hash": previous, "hash": link})
        previous = link
    session.execute(update(_ACTIE).where(_ACTIE.c.id == bindparam("b_id"), _ACTIE.c.tijdstip == bindparam("b_tijdstip"))
                    .values(volgnummer=bindparam("volgnummer"), vorige_hash=bindparam("vorige_hash"),
                            hash=bindparam("hash")), updates)
    return len(updates)


class _Sequencer:
    """Per process, a daemon thread that seals every LOG_SEAL_INTERVAL seconds while the process logs. Started by
    the first `record` of a process (not under TESTING: tests seal through `verify` and `seal`). Several processes'
    sequencers do not queue: whoever holds the chain's lock seals everyone's actions, the others skip the round.
    At a lower CPU priority than the requests (portal/prioriteit.py)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._stop = threading.Event()

    def start(self, app) -> None:
        if self._pid == os.getpid() or app.testing:
            return
        interval = float(app.config.get("LOG_SEAL_INTERVAL") or 0)
        with self._lock:
            if self._pid == os.getpid() or interval <= 0:
                return
            self._pid, self._stop = os.getpid(), threading.Event()
            threading.Thread(target=self._run, args=(app._get_current_object(), interval, self._stop),
                             name="verwerkingslog-sequencer", daemon=True).start()

    def stop(self) -> None:
        with self._lock:
            self._stop.set()
            self._pid = None

    @staticmethod
    def _run(app, interval: float, stop: threading.Event) -> None:
        prioriteit.verlaag()  # no request waits for it (appends do not: they only insert)
        schrijvende_thread()  # on SQLite: take the write lock at BEGIN, it reads and then writes
        while not stop.wait(interval):
            try:
                with app.app_context():
                    while seal(wachten=False) > 0:
                        db.session.commit()
                    db.session.rollback()
            except Exception:  # noqa: BLE001 (e.g. a database restart: the next round tries again)
                app.logger.warning("verwerkingslog: verzegelen mislukt, volgende ronde opnieuw", exc_info=True)


_sequencer = _Sequencer()


def _volgende(maand: date) -> date:
    return date(maand.year + maand.month // 12, maand.month % 12 + 1, 1)


def maak_partities(vooruit: int = 2) -> list[str]:
    """PostgreSQL: create the monthly partitions of both log tables from this month up to `vooruit` months ahead
    (`portal log checkpoint` runs it, so partitions exist long before they are needed; rows of a month without one
    land in the DEFAULT partition, so an insert never fails). A month whose rows already sit in the DEFAULT
    partition keeps them there (PostgreSQL cannot create that partition then). Returns the partitions created."""
    session = db.session
    if session.get_bind().dialect.name != "postgresql":
        return []
    maand = utcnow().date().replace(day=1)
    maanden = [maand]
    for _ in range(vooruit):
        maanden.append(_volgende(maanden[-1]))
    bestaand = set(session.scalars(text("SELECT relname FROM pg_class WHERE relkind = 'r' AND relispartition")))
    gemaakt = []
    for tabel in PARTITIE_TABELLEN:
        for maand in maanden:
            naam, tot = partitie_naam(tabel, maand), _volgende(maand)
            if naam in bestaand or session.scalar(text(
                    f"SELECT 1 FROM {tabel}_pdefault WHERE tijdstip >= :van AND tijdstip < :tot LIMIT 1"),
                    {"van": maand, "tot": tot}):
                continue
            session.execute(text(f"CREATE TABLE {naam} PARTITION OF {tabel} "
                                 f"FOR VALUES FROM ('{maand.isoformat()}') TO ('{tot.isoformat()}')"))
            gemaakt.append(naam)
    return gemaakt


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
    """Append the signed head of the chain (as the database holds it now) to this database's checkpoint file:
    the count of chained actions, the last one's volgnummer and hash. On PostgreSQL it also creates the coming
    months' partitions (`maak_partities`): run on a schedule, it keeps them ahead."""
    maak_partities()
    seal()
    volgnummer, head = _kop(db.session)  # the chain's lock: count and head are read without an append in between
    aantal = db.session.scalar(select(func.count()).select_from(_ACTIE).where(_ACTIE.c.volgnummer.is_not(None))) or 0
    key = current_app.config["LOG_HMAC_KEY"]
    punt = Checkpoint(aantal, volgnummer, head, utcnow().isoformat(timespec="seconds") + "Z",
                      sleutel_id(key)).ondertekend(key)
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


def _objecten(ids: list[int]) -> dict[int, list[RowMapping]]:
    """The objects of these actions, per action in write order."""
    result: dict[int, list[RowMapping]] = {i: [] for i in ids}
    for row in db.session.execute(select(_OBJECT).where(_OBJECT.c.actie_id.in_(ids))
                                  .order_by(_OBJECT.c.id)).mappings():
        result[row["actie_id"]].append(row)
    return result


def verify(batch: int = 2_000, directory: str | Path | None = None, bestand: str | Path | None = None) -> VerifyResult:
    """Walk the chain in volgnummer order and report the first action whose link, content, objects or signature do
    not match; then check every checkpoint of this database against the chain (its last action must exist with the
    same hash, and as many actions up to it), which finds the newest actions cut off, the log emptied or rewritten;
    and that no action stands outside the chain and no object outside an action. `bestand` names another database's
    checkpoint file, e.g. the original's after a restore into a new database. `broken_id` is a volgnummer (for the
    entries of before the actions: their id)."""
    seal()  # first chain what was committed since the sequencer's last round (the caller commits)
    sleutels = _sleutels()
    gelezen = _checkpoints(Path(bestand) if bestand else checkpoint_file(directory))
    for number, punt in enumerate(gelezen, start=1):
        if punt is None or not punt.klopt(sleutels):
            return VerifyResult(0, None, f"checkpoint {number} is niet ondertekend met de sleutel van het log "
                                         "(vervalst of met een onbekende sleutel)")
    punten = [punt for punt in gelezen if punt is not None]  # all of them: a None returned above
    # After the first checkpoint every entry is keyed: checkpoints exist only since the log is keyed.
    sinds_checkpoint = min((p.laatste_id for p in punten), default=None)
    wanted = {p.laatste_id for p in punten}
    seen: dict[int, tuple[str, int]] = {}  # checkpoint volgnummer -> (hash, actions up to it)

    previous, checked, objects, last, keyed = GENESIS, 0, 0, 0, False
    while True:
        actions = db.session.execute(
            select(_ACTIE).where(_ACTIE.c.volgnummer > last).order_by(_ACTIE.c.volgnummer, _ACTIE.c.id)
            .limit(batch)).mappings().all()
        if not actions:
            break
        per_actie = _objecten([a["id"] for a in actions])
        for action in actions:
            nummer, kid, own = action["volgnummer"], action["sleutel_id"], per_actie[action["id"]]
            if action["vorige_hash"] != previous or nummer == last:
                return VerifyResult(checked, nummer, "de verwijzing naar de vorige regel klopt niet")
            if kid is None and (action["vorm"] != 1 or keyed
                                or (sinds_checkpoint is not None and nummer > sinds_checkpoint)):
                return VerifyResult(checked, nummer, "regel zonder sleutel na het begin van het ondertekende "
                                                     "log: ingevoegd zonder de sleutel")
            if kid is not None and kid not in sleutels:
                return VerifyResult(checked, nummer, "de regel is ondertekend met een onbekende sleutel")
            if action["vorm"] == 1:
                digest = (_digest(previous, {**action, **own[0]}, sleutels[kid] if kid is not None else None)
                          if len(own) == 1 else "")
            else:
                inhoud = _inhoud(action, [(o["traject_id"], o["gemeente"], o["activiteit_versie_id"]) for o in own],
                                 sleutels[kid])
                digest = _schakel(previous, nummer, inhoud, kid, sleutels[kid])
            if not hmac.compare_digest(digest, action["hash"] or ""):
                return VerifyResult(checked, nummer, "de inhoud van de regel of van de verwerkte trajecten is "
                                                     "gewijzigd, of de regel is zonder de sleutel gemaakt")
            keyed = keyed or kid is not None
            previous, checked, objects, last = action["hash"], checked + 1, objects + len(own), nummer
            if last in wanted:
                seen[last] = (previous, checked)

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
    alle = db.session.scalar(select(func.count()).select_from(_ACTIE)) or 0
    buiten = db.session.scalar(select(func.count()).select_from(_ACTIE).where(_ACTIE.c.volgnummer.is_(None))) or 0
    if alle - buiten != checked:
        return VerifyResult(checked, None, "er zijn regels met een volgnummer dat al bestaat: ingevoegd buiten de "
                                           "volgorde van het log", len(punten))
    verzegeld_objecten = db.session.scalar(
        select(func.count()).select_from(_OBJECT).where(_OBJECT.c.actie_id.not_in(
            select(_ACTIE.c.id).where(_ACTIE.c.volgnummer.is_(None))))) or 0
    if verzegeld_objecten != objects:
        return VerifyResult(checked, None, "er zijn verwerkte trajecten die bij geen regel van de keten horen: "
                                           "ingevoegd buiten het log om", len(punten))
    warnings = [] if punten else ["er is nog geen checkpoint: inkorten of leegmaken van het log is zo niet te zien "
                                  "(portal log checkpoint)"]
    if buiten:  # committed while this check ran: the next round of the sequencer chains them
        warnings.append(f"{buiten} regel(s) zijn tijdens de controle geschreven en nog niet in de keten opgenomen")
    return VerifyResult(checked, checkpoints=len(punten), warnings=warnings)
