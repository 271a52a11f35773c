"""Backup and restore as docs/backup-restore.md describes it: PostgreSQL with `pg_dump -Fc` and `pg_restore` into a
fresh database, SQLite with the online backup API. Every table's rows are equal afterwards and `portal log verify`
is clean on the restored database."""
import glob
import sqlite3
import subprocess
from datetime import date

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer
from tests.conftest import _postgres_database, make_app, make_database_url
from tests.factories import Factory
from tests.reliability.conftest import run_portal

pytestmark = pytest.mark.reliability


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"{name} not found under /usr/lib/postgresql/*/bin (run scripts/services.sh)")
    return found[-1]


def _fill(url: str) -> None:
    """A few trajecten, assignments, deliveries, a token and their log entries, through the services."""
    app = make_app(url)
    with app.app_context():
        make = Factory()
        gemeente, aanbieder = make.gemeente(naam="Gemeente Backupstad"), make.aanbieder(["taal"])
        regisseur, user = make.user("regisseur", gemeente), make.user("aanbieder", aanbieder)
        make.vo(aanbieder, gemeente)
        make.token(user)
        rows = []
        for _ in range(3):
            traject = make.traject(regisseur, pip_datum=date(2025, 1, 6))
            make.toewijzing(regisseur, traject, aanbieder, "taal")
            rows += [{"traject_id": traject.id, "onderdeel": "taal", "periode_start": f"2026-0{m}-01",
                      "periode_eind": f"2026-0{m}-28", "uren_gepland": "40", "uren_aanwezig": "30",
                      "uren_verzuim_geoorloofd": "4", "uren_verzuim_ongeoorloofd": "2", "verzuim_reden": "ziekte",
                      "aantal_keer_verzuim": "1"} for m in (2, 3)]
        rapport, _ = importeer(user, aanbieder, "aanwezigheid", Aanlevering(rijen=rows), kanaal="api")
        assert rapport.accepted
        db.session.commit()
        rows[0]["uren_aanwezig"] = "31"  # a correction: a new version, the old one in levering_historie
        importeer(user, aanbieder, "aanwezigheid", Aanlevering(rijen=rows[:1]), kanaal="api")
        db.session.commit()
        db.engine.dispose()


def _contents(url: str) -> dict[str, list]:
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    try:
        with engine.connect() as conn:
            return {name: sorted(map(repr, conn.execute(sa.select(table)).all()))
                    for name, table in meta.tables.items()}
    finally:
        engine.dispose()


def test_a_backup_restores_every_row_and_a_clean_log(backend, tmp_path_factory, tmp_path):
    source = make_database_url(backend, tmp_path_factory, "backup", migrated=True)
    _fill(source)
    if backend == "postgresql":
        restored = _postgres_database(f"portal_test_restore_{tmp_path.name[-20:]}".replace("-", "_"))
        dump = tmp_path / "portal.dump"
        plain = sa.engine.make_url(source).set(drivername="postgresql").render_as_string(hide_password=False)
        target = sa.engine.make_url(restored).set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run([_pg_bin("pg_dump"), "-Fc", "--no-owner", "-f", str(dump), plain], check=True, timeout=120)
        subprocess.run([_pg_bin("pg_restore"), "--no-owner", "--exit-on-error", "-d", target, str(dump)],
                       check=True, timeout=120)
    else:
        path = tmp_path / "restored.db"
        with sqlite3.connect(sa.engine.make_url(source).database) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
        restored = f"sqlite:///{path}"

    original, copy = _contents(source), _contents(restored)
    assert set(copy) == set(original)
    for table, rows in original.items():
        assert copy[table] == rows, f"table {table} differs after the restore"
    assert len(original["aanwezigheid"]) == 6 and len(original["levering_historie"]) == 1
    assert len(original["verwerkt_object"]) >= 10
    verify = run_portal(restored, "log", "verify")
    assert verify.returncode == 0 and "in orde" in verify.stdout, verify.stdout + verify.stderr
    upgrade = run_portal(restored, "db", "upgrade")  # the restored schema is at head: nothing to apply
    assert upgrade.returncode == 0, upgrade.stderr
