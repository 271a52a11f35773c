"""signaal_versie_gemeente: per gemeente, the version of the data a delivery about its trajectories changed

Revision ID: load01
Revises: perf01
"""
import sqlalchemy as sa
from alembic import op

revision = 'load01'
down_revision = 'perf01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signaal_versie_gemeente',
    sa.Column('gemeente_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('versie', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('gemeente_id', name=op.f('pk_signaal_versie_gemeente'))
    )


def downgrade():
    op.drop_table('signaal_versie_gemeente')
