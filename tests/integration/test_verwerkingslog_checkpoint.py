"""The keyed, anchored processing log: entries are chained with HMAC-SHA256 under LOG_HMAC_KEY, and signed checkpoints
of the chain's head, kept outside the database, let `portal log verify` find truncation, emptying and forged rows."""
import hashlib
import json
from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import delete, func, insert, select

from portal import verwerkingslog
from portal.codes import Actie, Activiteit
from portal.extensions import db
from portal.models import LogEntry, Verwerkingsactie, VerwerktObject


def public_digest(previous: str, row: dict) -> str:
    """The unkeyed SHA-256 link that anyone who reads the source can compute (the log's algorithm before HMAC)."""
    parts = [previous, row["tijdstip"].isoformat(timespec="microseconds"), row["gebruiker"], row["organisatie"],
             row["gemeente"], row["traject_id"], row["actie"], row["verwerkingsactiviteit"], row["toelichting"] or ""]
    if row.get("activiteit_versie_id") is not None:
        parts.append(str(row["activiteit_versie_id"]))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def head() -> LogEntry:
    """The newest entry of the chain: the last object of the action with the highest volgnummer."""
    verwerkingslog.seal()  # what the sequencer does shortly after every commit
    return db.session.scalars(select(LogEntry).where(LogEntry.volgnummer.is_not(None))
                              .order_by(LogEntry.volgnummer.desc(), LogEntry.id.desc()).limit(1)).one()


def delete_actions(*where) -> None:
    """Delete actions, with their objects, the way someone with database access could."""
    ids = select(Verwerkingsactie.id).where(*where).scalar_subquery()
    db.session.execute(delete(VerwerktObject).where(VerwerktObject.actie_id.in_(ids)))
    db.session.execute(delete(Verwerkingsactie).where(Verwerkingsactie.id.in_(ids)))


def insert_entry(row: dict, volgnummer: int) -> None:
    """Write an entry of the log of before: an action of `vorm` 1 with its one object."""
    objekt = {k: row[k] for k in ("tijdstip", "gemeente", "traject_id", "activiteit_versie_id")}
    actie = {k: v for k, v in row.items() if k not in ("gemeente", "traject_id", "activiteit_versie_id")}
    actie_id = db.session.execute(insert(Verwerkingsactie).values(**actie, vorm=1, volgnummer=volgnummer)
                                  .returning(Verwerkingsactie.id)).scalar_one()
    db.session.execute(insert(VerwerktObject).values(**objekt, actie_id=actie_id))


def insert_unkeyed(previous: str, traject_id: str = "ZZZZ-ZZZZ-Z", **extra) -> dict:
    """Write one entry the way an attacker with database access but without the key would (or the old code did)."""
    template = head()
    row = {"tijdstip": template.tijdstip, "gebruiker": "indringer@x.nl", "organisatie": template.organisatie,
           "gemeente": template.gemeente, "traject_id": traject_id, "actie": "lezen",
           "verwerkingsactiviteit": template.verwerkingsactiviteit, "toelichting": None,
           "activiteit_versie_id": None, "vorige_hash": previous, **extra}
    row["hash"] = public_digest(previous, row)
    insert_entry(row, template.volgnummer + 1)
    return row


def log_verify(runner, directory):
    return runner.invoke(args=["log", "verify", "--dir", str(directory)])


def log_checkpoint(runner, directory):
    result = runner.invoke(args=["log", "checkpoint", "--dir", str(directory)])
    assert result.exit_code == 0, result.output
    return result


def test_new_entries_are_keyed_with_an_hmac_that_the_public_algorithm_cannot_reproduce(world):
    entry = head()
    assert entry.sleutel_id == verwerkingslog.sleutel_id("dev-only-log-hmac-key")
    assert entry.hash != public_digest(entry.vorige_hash, entry.__dict__)
    assert verwerkingslog.verify().ok


def test_a_checkpointed_log_verifies_with_exit_code_zero(world, runner, tmp_path):
    log_checkpoint(runner, tmp_path)
    verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [(world.traject.id, world.gemeente_a.code)])
    db.session.commit()
    log_checkpoint(runner, tmp_path)
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert "in orde" in result.output and "2 checkpoints kloppen" in result.output


def test_verify_without_any_checkpoint_passes_but_warns(world, runner, tmp_path):
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 0 and "nog geen checkpoint" in result.output


def test_cutting_off_the_newest_entries_is_found_by_the_checkpoint(world, runner, tmp_path):
    log_checkpoint(runner, tmp_path)
    newest = db.session.scalars(select(Verwerkingsactie.volgnummer).order_by(Verwerkingsactie.volgnummer.desc())
                                .limit(2)).all()
    delete_actions(Verwerkingsactie.volgnummer.in_(newest))
    db.session.commit()
    assert verwerkingslog.verify(directory=tmp_path).ok is False
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 1 and f"regel {newest[0]}" in result.output and "ingekort" in result.output


def test_cutting_off_entries_and_appending_new_ones_is_found_as_a_rewrite(world, runner, tmp_path):
    log_checkpoint(runner, tmp_path)
    newest = db.session.scalars(select(Verwerkingsactie.volgnummer).order_by(Verwerkingsactie.volgnummer.desc())
                                .limit(2)).all()
    delete_actions(Verwerkingsactie.volgnummer.in_(newest))
    for _ in range(3):  # the deleted volgnummers are handed out again
        verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie,
                              [(world.traject.id, world.gemeente_a.code)])
    db.session.commit()
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 1 and ("herschreven" in result.output or "ingekort" in result.output)


def test_emptying_the_log_is_found_by_the_checkpoint(world, runner, tmp_path):
    log_checkpoint(runner, tmp_path)
    delete_actions()
    db.session.commit()
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 1 and "geleegd" in result.output


def test_a_row_forged_with_the_public_unkeyed_digest_is_found(world, runner, tmp_path):
    log_checkpoint(runner, tmp_path)
    forged = insert_unkeyed(head().hash)
    db.session.commit()
    forged_id = head().volgnummer
    assert forged["hash"] == head().hash
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 1 and f"regel {forged_id}" in result.output and "zonder de sleutel" in result.output


def test_a_row_forged_with_a_guessed_key_is_found(world, runner, tmp_path):
    insert_unkeyed(head().hash, sleutel_id=verwerkingslog.sleutel_id("dev-only-log-hmac-key"))
    db.session.commit()
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 1 and f"regel {head().volgnummer}" in result.output


def test_entries_from_before_the_keyed_log_still_verify(app, ctx, runner, tmp_path):
    delete_actions()
    previous = verwerkingslog.GENESIS
    for number in range(3):
        row = {"tijdstip": verwerkingslog.utcnow(), "gebruiker": "oud@x.nl", "organisatie": "GM0001",
               "gemeente": "GM0001", "traject_id": f"OUDE-REGE-{number}", "actie": "lezen",
               "verwerkingsactiviteit": "signalering_regie", "toelichting": None, "activiteit_versie_id": None,
               "vorige_hash": previous}
        row["hash"] = previous = public_digest(previous, row)
        insert_entry(row, number + 1)
    db.session.commit()
    assert verwerkingslog.verify(directory=tmp_path).ok
    verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [("NIEU-WEKE-Y", "GM0001")])
    db.session.commit()
    log_checkpoint(runner, tmp_path)
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 0 and "4 regels gecontroleerd" in result.output, result.output
    keyed = db.session.scalar(select(func.count()).select_from(LogEntry).where(LogEntry.sleutel_id.is_not(None)))
    assert keyed == 1


def test_an_unkeyed_row_after_a_checkpoint_is_found_even_before_any_keyed_entry(app, ctx, runner, tmp_path):
    delete_actions()
    db.session.commit()
    log_checkpoint(runner, tmp_path)
    row = {"tijdstip": verwerkingslog.utcnow(), "gebruiker": "oud@x.nl", "organisatie": "GM0001", "gemeente": "GM0001",
           "traject_id": "VALS-EREG-1", "actie": "lezen", "verwerkingsactiviteit": "signalering_regie",
           "toelichting": None, "activiteit_versie_id": None, "vorige_hash": verwerkingslog.GENESIS}
    row["hash"] = public_digest(verwerkingslog.GENESIS, row)
    insert_entry(row, 1)
    db.session.commit()
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 1 and "zonder de sleutel" in result.output


def test_a_checkpoint_edited_without_the_key_fails_verification(world, runner, tmp_path):
    log_checkpoint(runner, tmp_path)
    path = next(tmp_path.glob("*.jsonl"))
    line = json.loads(path.read_text())
    line["aantal"] -= 1
    path.write_text(json.dumps(line) + "\n")
    result = log_verify(runner, tmp_path)
    assert result.exit_code == 1 and "checkpoint 1 is niet ondertekend" in result.output


def test_a_checkpoint_signed_with_another_key_fails_verification(app, world, runner, tmp_path):
    log_checkpoint(runner, tmp_path)
    original = app.config["LOG_HMAC_KEY"]
    app.config["LOG_HMAC_KEY"] = "een-andere-sleutel"
    try:
        result = log_verify(runner, tmp_path)
    finally:
        app.config["LOG_HMAC_KEY"] = original
    assert result.exit_code == 1 and "onbekende sleutel" in result.output


def test_after_a_key_rotation_the_old_key_still_verifies_its_entries(app, world, runner, tmp_path):
    log_checkpoint(runner, tmp_path)
    original = app.config["LOG_HMAC_KEY"]
    app.config.update(LOG_HMAC_KEY="de-nieuwe-sleutel", LOG_HMAC_OLD_KEYS=[original])
    try:
        verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie,
                              [(world.traject.id, world.gemeente_a.code)])
        db.session.commit()
        log_checkpoint(runner, tmp_path)
        result = log_verify(runner, tmp_path)
    finally:
        app.config.update(LOG_HMAC_KEY=original, LOG_HMAC_OLD_KEYS=[])
    assert result.exit_code == 0, result.output
    assert head().sleutel_id == verwerkingslog.sleutel_id("de-nieuwe-sleutel")


def test_checkpoints_are_kept_per_database_in_the_configured_directory(app, world, runner, tmp_path):
    app.config["LOG_CHECKPOINT_DIR"] = str(tmp_path / "elders")
    try:
        result = runner.invoke(args=["log", "checkpoint"])
    finally:
        app.config["LOG_CHECKPOINT_DIR"] = None
    assert result.exit_code == 0
    [path] = (tmp_path / "elders").glob("*.jsonl")
    data = json.loads(path.read_text())
    assert data["laatste_id"] == head().volgnummer and data["hash"] == head().hash
    assert data["aantal"] == db.session.scalar(select(func.count()).select_from(Verwerkingsactie))


def test_production_refuses_the_development_log_key(monkeypatch):
    import config
    for name, value in {"SECRET_KEY": "s" * 32, "TOTP_SECRET": "t" * 32, "SECURITY_PASSWORD_SALT": "z" * 32,
                        "RATELIMIT_STORAGE_URI": "redis://redis:6379/0"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("LOG_HMAC_KEY", raising=False)
    with pytest.raises(config.InsecureConfiguration, match="LOG_HMAC_KEY"):
        config.load({"PROFILE": "production"})
    monkeypatch.setenv("LOG_HMAC_KEY", "een-echte-sleutel-uit-de-omgeving")
    assert config.load({"PROFILE": "production"})["LOG_HMAC_KEY"] == "een-echte-sleutel-uit-de-omgeving"


def test_a_restored_copy_is_checked_against_the_original_checkpoint_file(world, runner, tmp_path):
    log_checkpoint(runner, tmp_path)
    original = next(tmp_path.glob("*.jsonl"))
    restored = tmp_path / "elders" / original.name
    restored.parent.mkdir()
    restored.write_text(original.read_text())
    clean = runner.invoke(args=["log", "verify", "--bestand", str(restored)])
    assert clean.exit_code == 0 and "1 checkpoint klopt" in clean.output
    delete_actions(Verwerkingsactie.volgnummer == head().volgnummer)
    db.session.commit()
    broken = runner.invoke(args=["log", "verify", "--bestand", str(restored)])
    assert broken.exit_code == 1 and "ingekort" in broken.output


def test_the_checkpoint_creates_the_coming_months_partitions_on_postgresql(world, backend):
    made = verwerkingslog.maak_partities(vooruit=14)
    if backend == "sqlite":
        assert made == []  # SQLite: no partitions
        return
    month = verwerkingslog.utcnow().date().replace(day=1)
    for _ in range(14):
        month = verwerkingslog._volgende(month)
    assert {f"verwerkingsactie_p{month.year:04d}_{month.month:02d}",
            f"verwerkt_object_p{month.year:04d}_{month.month:02d}"} <= set(made)
    assert verwerkingslog.maak_partities(vooruit=14) == []  # made once
    # a row of that month now lands in its partition, not in the DEFAULT one
    db.session.execute(insert(Verwerkingsactie).values(
        tijdstip=datetime(month.year, month.month, 2), gebruiker="x@x.nl", organisatie="GM0001", actie="lezen",
        verwerkingsactiviteit="signalering_regie", vorm=2))
    assert db.session.scalar(sa.text(f"SELECT count(*) FROM verwerkingsactie_p{month.year:04d}_{month.month:02d}")) == 1
