"""meldingen: a user's digest opt-outs per category and one digest record per (user, day)

Revision ID: meld01
Revises: log02
"""
import sqlalchemy as sa
from alembic import op

revision = 'meld01'
down_revision = 'log02'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('melding_afmelding',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('categorie', sa.String(length=40), nullable=False),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_melding_afmelding_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'categorie', name=op.f('pk_melding_afmelding'))
    )
    op.create_table('melding_digest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('dag', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('aantallen', sa.JSON(), nullable=False),
    sa.Column('pogingen', sa.Integer(), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('laatste_poging', sa.DateTime(), nullable=True),
    sa.Column('verzonden_op', sa.DateTime(), nullable=True),
    sa.Column('fout', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_melding_digest_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_melding_digest')),
    sa.UniqueConstraint('user_id', 'dag', name=op.f('uq_melding_digest_user_id'))
    )


def downgrade():
    op.drop_table('melding_digest')
    op.drop_table('melding_afmelding')
