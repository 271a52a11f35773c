"""verwerkingslog: key id of the HMAC that chains an entry

Entries written from now on are chained with HMAC-SHA256 under LOG_HMAC_KEY; `sleutel_id` names that key (a
fingerprint, never the key). Existing entries keep NULL and keep verifying with plain SHA-256.

Revision ID: log01
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = 'log01'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('verwerkingslog') as batch_op:
        batch_op.add_column(sa.Column('sleutel_id', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('verwerkingslog') as batch_op:
        batch_op.drop_column('sleutel_id')
