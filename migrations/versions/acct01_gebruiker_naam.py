"""a user's name, for the beheerder's user list and the edit page

Existing users get an empty name (shown as "—"); the beheerder fills it in on "Gebruiker wijzigen".

Revision ID: acct01
Revises: duo01
"""
import sqlalchemy as sa
from alembic import op

revision = 'acct01'
down_revision = 'duo01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('naam', sa.String(length=120), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('naam')
