"""aanlever_batch.meer_fouten: errors beyond the stored report's cap, counted

Revision ID: bsn01
Revises: traject01
"""
from alembic import op
import sqlalchemy as sa


revision = 'bsn01'
down_revision = 'traject01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('aanlever_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meer_fouten', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('aanlever_batch', schema=None) as batch_op:
        batch_op.drop_column('meer_fouten')
