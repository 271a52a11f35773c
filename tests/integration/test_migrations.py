"""The migrations are the schema: autogenerate finds no difference between them and the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.extensions import db
from portal.models.verwerkingslog import is_partitie


def test_the_migrations_match_the_models(app, ctx):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            # the processing log's monthly partitions on PostgreSQL are no models (migrations/env.py does the same)
            "include_object": lambda _obj, name, type_, *_: not (type_ == "table" and is_partitie(name))})
        assert compare_metadata(context, db.metadata) == []
