"""processing log as actions with their objects (VNG Logging Verwerkingen); on PostgreSQL partitioned by month

`verwerkingsactie` (who, when, what, which activity; the chain fields) and `verwerkt_object` (the trajectories an
action processed) replace `verwerkingslog`. Every old entry becomes an action of `vorm` 1 with one object, under its
old id as id and as volgnummer, with its hashes unchanged: the chain and the checkpoints keep verifying.

On PostgreSQL both tables are partitioned by RANGE (tijdstip): one partition per month from the oldest entry's month
to two months ahead, and a DEFAULT partition so an insert never fails; `portal log checkpoint` creates the coming
months from then on. Their primary key is (id, tijdstip), as PostgreSQL requires of a partitioned table.

The downgrade puts the log back in its old shape only when it holds no actions of the new shape (their hash covers
several trajectories at once and cannot be split into entries of before).

Revision ID: log02
Revises: acct01
"""
from datetime import date, datetime, timedelta

from alembic import op
import sqlalchemy as sa


revision = 'log02'
down_revision = 'acct01'
branch_labels = None
depends_on = None

TABLES = ("verwerkingsactie", "verwerkt_object")


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _columns(table: str, pg: bool) -> list:
    ident = ([sa.Column('id', sa.Integer(), nullable=False, autoincrement=False,
                        server_default=sa.text(f"nextval('{table}_id_seq'::regclass)"))] if pg
             else [sa.Column('id', sa.Integer(), nullable=False)])
    if table == "verwerkingsactie":
        return ident + [
            sa.Column('tijdstip', sa.DateTime(), nullable=False),
            sa.Column('gebruiker', sa.String(length=255), nullable=False),
            sa.Column('organisatie', sa.String(length=20), nullable=False),
            sa.Column('actie', sa.String(length=20), nullable=False),
            sa.Column('verwerkingsactiviteit', sa.String(length=60), nullable=False),
            sa.Column('toelichting', sa.String(length=255), nullable=True),
            sa.Column('vorm', sa.SmallInteger(), nullable=False),
            sa.Column('sleutel_id', sa.String(length=16), nullable=True),
            sa.Column('inhoud_hash', sa.String(length=64), nullable=True),
            sa.Column('volgnummer', sa.Integer(), nullable=True),
            sa.Column('vorige_hash', sa.String(length=64), nullable=True),
            sa.Column('hash', sa.String(length=64), nullable=True),
            sa.PrimaryKeyConstraint(*(('id', 'tijdstip') if pg else ('id',)), name='pk_verwerkingsactie'),
        ]
    return ident + [
        sa.Column('actie_id', sa.Integer(), nullable=False),
        sa.Column('tijdstip', sa.DateTime(), nullable=False),
        sa.Column('gemeente', sa.String(length=20), nullable=False),
        sa.Column('traject_id', sa.String(length=16), nullable=False),
        sa.Column('activiteit_versie_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['activiteit_versie_id'], ['activiteit_versie.id'],
                                name='fk_verwerkt_object_activiteit_versie_id_activiteit_versie'),
        sa.PrimaryKeyConstraint(*(('id', 'tijdstip') if pg else ('id',)), name='pk_verwerkt_object'),
    ]


INDEXES = {"verwerkingsactie": ("tijdstip", "volgnummer"),
           "verwerkt_object": ("actie_id", "tijdstip", "gemeente", "traject_id", "activiteit_versie_id")}


def upgrade():
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    for table in TABLES:
        if pg:
            op.execute(f"CREATE SEQUENCE {table}_id_seq")
            op.create_table(table, *_columns(table, pg), postgresql_partition_by='RANGE (tijdstip)')
            op.execute(f"ALTER SEQUENCE {table}_id_seq OWNED BY {table}.id")
            op.execute(f"CREATE TABLE {table}_pdefault PARTITION OF {table} DEFAULT")
        else:
            op.create_table(table, *_columns(table, pg))
        for column in INDEXES[table]:
            op.create_index(f'ix_{table}_{column}', table, [column], unique=False)

    if pg:
        oldest = bind.scalar(sa.text("SELECT min(tijdstip) FROM verwerkingslog"))
        month = (oldest or datetime.utcnow()).date().replace(day=1)
        last = _next(_next((datetime.utcnow() + timedelta(days=1)).date().replace(day=1)))
        while month <= last:
            for table in TABLES:
                op.execute(f"CREATE TABLE {table}_p{month.year:04d}_{month.month:02d} PARTITION OF {table} "
                           f"FOR VALUES FROM ('{month.isoformat()}') TO ('{_next(month).isoformat()}')")
            month = _next(month)

    op.execute("INSERT INTO verwerkingsactie (id, tijdstip, gebruiker, organisatie, actie, verwerkingsactiviteit, "
               "toelichting, vorm, sleutel_id, volgnummer, vorige_hash, hash) "
               "SELECT id, tijdstip, gebruiker, organisatie, actie, verwerkingsactiviteit, toelichting, 1, "
               "sleutel_id, id, vorige_hash, hash FROM verwerkingslog")
    op.execute("INSERT INTO verwerkt_object (id, actie_id, tijdstip, gemeente, traject_id, activiteit_versie_id) "
               "SELECT id, id, tijdstip, gemeente, traject_id, activiteit_versie_id FROM verwerkingslog")
    if pg:
        for table in TABLES:
            op.execute(f"SELECT setval('{table}_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM verwerkingslog), "
                       "false)")
    op.drop_table('verwerkingslog')


def downgrade():
    bind = op.get_bind()
    if bind.scalar(sa.text("SELECT count(*) FROM verwerkingsactie WHERE vorm <> 1")):
        raise RuntimeError("the processing log holds actions of the new shape: they cannot be split into entries "
                           "of the old log (restore a backup from before log02 instead)")
    op.create_table(
        'verwerkingslog',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tijdstip', sa.DateTime(), nullable=False),
        sa.Column('gebruiker', sa.String(length=255), nullable=False),
        sa.Column('organisatie', sa.String(length=20), nullable=False),
        sa.Column('gemeente', sa.String(length=20), nullable=False),
        sa.Column('traject_id', sa.String(length=16), nullable=False),
        sa.Column('actie', sa.String(length=20), nullable=False),
        sa.Column('verwerkingsactiviteit', sa.String(length=60), nullable=False),
        sa.Column('activiteit_versie_id', sa.Integer(), nullable=True),
        sa.Column('toelichting', sa.String(length=255), nullable=True),
        sa.Column('sleutel_id', sa.String(length=16), nullable=True),
        sa.Column('vorige_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['activiteit_versie_id'], ['activiteit_versie.id'],
                                name='fk_verwerkingslog_activiteit_versie_id_activiteit_versie'),
        sa.PrimaryKeyConstraint('id', name='pk_verwerkingslog'),
    )
    for column in ("tijdstip", "gemeente", "traject_id", "activiteit_versie_id"):
        op.create_index(f'ix_verwerkingslog_{column}', 'verwerkingslog', [column], unique=False)
    op.execute("INSERT INTO verwerkingslog (id, tijdstip, gebruiker, organisatie, gemeente, traject_id, actie, "
               "verwerkingsactiviteit, activiteit_versie_id, toelichting, sleutel_id, vorige_hash, hash) "
               "SELECT a.id, a.tijdstip, a.gebruiker, a.organisatie, o.gemeente, o.traject_id, a.actie, "
               "a.verwerkingsactiviteit, o.activiteit_versie_id, a.toelichting, a.sleutel_id, a.vorige_hash, a.hash "
               "FROM verwerkingsactie a JOIN verwerkt_object o ON o.actie_id = a.id")
    if bind.dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('verwerkingslog', 'id'), "
                   "(SELECT coalesce(max(id), 0) + 1 FROM verwerkingslog), false)")
    for table in reversed(TABLES):
        op.drop_table(table)
