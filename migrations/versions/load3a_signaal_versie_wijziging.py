"""signaal_versie_wijziging: which trajectories each raise of a gemeente's data version was about

Revision ID: load3a
Revises: load01
"""
import sqlalchemy as sa
from alembic import op

revision = 'load3a'
down_revision = 'load01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signaal_versie_wijziging',
    sa.Column('gemeente_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('versie', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('trajecten', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('gemeente_id', 'versie', name=op.f('pk_signaal_versie_wijziging'))
    )


def downgrade():
    op.drop_table('signaal_versie_wijziging')
