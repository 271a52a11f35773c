"""signaal_versie: the version of the data the signals are computed from (one row: a random token and a counter)

Revision ID: perf01
Revises: meld01
"""
import uuid

import sqlalchemy as sa
from alembic import op

revision = 'perf01'
down_revision = 'meld01'
branch_labels = None
depends_on = None


def upgrade():
    tabel = op.create_table('signaal_versie',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('versie', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signaal_versie'))
    )
    op.bulk_insert(tabel, [{'id': 1, 'token': uuid.uuid4().hex, 'versie': 0}])


def downgrade():
    op.drop_table('signaal_versie')
