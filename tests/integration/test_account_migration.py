"""Migration auth01 on a database with data: users, their roles and their tokens survive (on SQLite a table rebuild
of "user" would cascade to them), and a token made before it gets an expiry."""
import sqlalchemy as sa
from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db
from tests.conftest import make_database_url


def test_upgrading_keeps_users_roles_and_tokens_and_gives_old_tokens_an_expiry(backend, tmp_path_factory):
    # A second app shares the extensions (the limiter keeps its limits per view): give it the test app's limit.
    app = create_app({"DATABASE_URL": make_database_url(backend, tmp_path_factory, "accmig"), "TESTING": True,
                      "LOGIN_RATE_LIMIT": "100000 per minute"})
    with app.app_context():
        upgrade(revision="0007")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO organisatie (id, code, type, naam, onderdelen_csv) "
                                 "VALUES (1, 'GM0001', 'gemeente', 'Gemeente Oud', '')"))
            conn.execute(sa.text('INSERT INTO "user" (id, email, password, active, fs_uniquifier, organisatie_id, '
                                 "created_at) VALUES (1, 'oud@proef.nl', 'x', true, 'u1', 1, '2026-01-01')"))
            conn.execute(sa.text("INSERT INTO role (id, name) VALUES (1, 'regisseur')"))
            conn.execute(sa.text("INSERT INTO roles_users (user_id, role_id) VALUES (1, 1)"))
            conn.execute(sa.text("INSERT INTO api_token (user_id, token_hash, prefix, created_at) "
                                 "VALUES (1, 'hash', 'ibp_oud', '2026-01-01')"))
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(sa.text('SELECT must_change_password FROM "user"')).scalar_one() in (False, 0)
            assert conn.execute(sa.text("SELECT count(*) FROM roles_users")).scalar_one() == 1
            name, expires_at, via = conn.execute(sa.text("SELECT name, expires_at, created_via FROM api_token")).one()
        assert name == "" and expires_at is not None and via == "cli"
        db.engine.dispose()
