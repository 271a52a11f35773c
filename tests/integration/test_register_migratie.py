"""Migration 0004: gemeenten that existed before the register get the portal's own activities; downgrading removes
the register again."""
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from dpia.register.standaard import PORTAALACTIVITEITEN
from portal import create_app
from portal.extensions import db
from tests.conftest import make_database_url


def test_existing_gemeenten_get_the_portal_activities_and_downgrade_removes_the_register(backend, tmp_path_factory):
    # A second app shares the extensions (the limiter keeps its limits per view): give it the test app's limit.
    app = create_app({"DATABASE_URL": make_database_url(backend, tmp_path_factory, "registermigratie"),
                      "TESTING": True, "SECRET_KEY": "test-secret", "LOGIN_RATE_LIMIT": "100000 per minute"})
    with app.app_context():
        upgrade(revision="0003")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO organisatie (code, type, naam, onderdelen_csv) VALUES "
                                 "('GM0001', 'gemeente', 'Oudstad', ''), ('OUDTAAL', 'aanbieder', 'Taal', 'taal')"))
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT o.code, a.code, v.versie, v.status, v.naam, v.bewaartermijn_jaren, v.bijzondere_categorieen "
                "FROM verwerkingsactiviteit a JOIN organisatie o ON o.id = a.gemeente_id "
                "JOIN activiteit_versie v ON v.activiteit_id = a.id ORDER BY a.id")).all()
        assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
            ("GM0001", code, 1, "vastgesteld") for code in PORTAALACTIVITEITEN]
        assert rows[0][4] == PORTAALACTIVITEITEN["voortgangsrapportage"]["naam"] and rows[0][5] == 5
        assert "gezondheid" in str(rows[0][6])

        downgrade(revision="0003")
        inspector = sa.inspect(db.engine)
        assert "verwerkingsactiviteit" not in inspector.get_table_names()
        assert "activiteit_versie_id" not in {c["name"] for c in inspector.get_columns("verwerkingslog")}
        db.engine.dispose()
