"""Migration log02: the entries of the one-row-per-trajectory log become actions with one object each, keep their
ids and hashes, and the checkpoints written before the migration keep verifying; on PostgreSQL the new tables are
partitioned by month."""
import hashlib
import hmac
import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_migrate import upgrade

from portal import create_app, verwerkingslog
from portal.codes import Actie, Activiteit
from portal.extensions import db
from portal.models import LogEntry
from tests.conftest import make_database_url

KEY = "dev-only-log-hmac-key"


def old_digest(previous: str, row: dict, key: str | None) -> str:
    """The link of an entry of the old log, as the code of before computed it (unkeyed before the keyed log)."""
    parts = [previous, row["tijdstip"].isoformat(timespec="microseconds"), row["gebruiker"], row["organisatie"],
             row["gemeente"], row["traject_id"], row["actie"], row["verwerkingsactiviteit"], row["toelichting"] or ""]
    if key is None:
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    parts.append(row["sleutel_id"])
    return hmac.new(key.encode(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def test_old_entries_and_their_checkpoint_keep_verifying_after_the_migration(backend, tmp_path_factory, tmp_path):
    app = create_app({"DATABASE_URL": make_database_url(backend, tmp_path_factory, "logmigratie"),
                      "TESTING": True, "SECRET_KEY": "test-secret", "LOGIN_RATE_LIMIT": "100000 per minute"})
    with app.app_context():
        upgrade(revision="duo01")
        previous, rows, start = verwerkingslog.GENESIS, [], datetime(2026, 9, 30, 23, 59, 58, 123456)
        for number in range(4):
            keyed = number >= 2  # two entries of before the keyed log, then two keyed ones
            row = {"tijdstip": start + timedelta(seconds=number), "gebruiker": "oud@x.nl", "organisatie": "GM0001",
                   "gemeente": "GM0001", "traject_id": f"OUDE-REGE-{number}", "actie": "lezen",
                   "verwerkingsactiviteit": "signalering_regie", "toelichting": "met toelichting" if number else None,
                   "activiteit_versie_id": None, "sleutel_id": verwerkingslog.sleutel_id(KEY) if keyed else None,
                   "vorige_hash": previous}
            row["hash"] = previous = old_digest(previous, row, KEY if keyed else None)
            rows.append(row)
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO verwerkingslog (tijdstip, gebruiker, organisatie, gemeente, traject_id, actie, "
                "verwerkingsactiviteit, activiteit_versie_id, toelichting, sleutel_id, vorige_hash, hash) VALUES "
                "(:tijdstip, :gebruiker, :organisatie, :gemeente, :traject_id, :actie, :verwerkingsactiviteit, "
                ":activiteit_versie_id, :toelichting, :sleutel_id, :vorige_hash, :hash)"), rows)
            ids = conn.scalars(sa.text("SELECT id FROM verwerkingslog ORDER BY id")).all()
        # the checkpoint of before: count, last id and hash of the old table, signed
        punt = verwerkingslog.Checkpoint(4, ids[-1], rows[-1]["hash"], "2026-10-01T00:00:00Z",
                                         verwerkingslog.sleutel_id(KEY)).ondertekend(KEY)
        path = verwerkingslog.checkpoint_file(tmp_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(punt.__dict__) + "\n")

        upgrade()

        result = verwerkingslog.verify(directory=tmp_path)
        assert result.ok and result.checked == 4 and result.checkpoints == 1, result
        entries = db.session.scalars(select_log()).all()
        assert [(e.id, e.traject_id, e.toelichting, e.hash) for e in entries] == [
            (i, r["traject_id"], r["toelichting"], r["hash"]) for i, r in zip(ids, rows, strict=True)]

        verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [("NIEU-WEKE-Y", "GM0001")] * 2 +
                              [("NOGE-ENKE-Y", "GM0001")])
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LogEntry)) == 6
        assert min(e.id for e in db.session.scalars(select_log()).all()[4:]) > ids[-1]
        result = verwerkingslog.verify(directory=tmp_path)
        assert result.ok and result.checked == 5, result
        verwerkingslog.checkpoint(tmp_path)
        db.session.commit()
        assert verwerkingslog.verify(directory=tmp_path).checkpoints == 2

        if backend == "postgresql":
            partitions = set(db.session.scalars(sa.text(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'verwerkingsactie'")))
            month = verwerkingslog.utcnow()
            assert {"verwerkingsactie_pdefault", "verwerkingsactie_p2026_09", "verwerkingsactie_p2026_10",
                    f"verwerkingsactie_p{month.year:04d}_{month.month:02d}"} <= partitions
            # the old entries sit in the partitions of their months
            assert db.session.scalar(sa.text("SELECT count(*) FROM verwerkt_object_p2026_09")) == 2
        db.session.remove()
        db.engine.dispose()


def select_log():
    return sa.select(LogEntry).order_by(LogEntry.id)
