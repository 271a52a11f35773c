"""privacy operations

Verwerkersovereenkomst details (review date, subprocessors, audit rights, activities, ending, renewal link) and
the verwerkingsstop table.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'verwerkingsstop',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gemeente_id', sa.Integer(), nullable=False),
        sa.Column('activiteit', sa.String(length=60), nullable=False),
        sa.Column('reden', sa.Text(), nullable=False),
        sa.Column('gestart_op', sa.DateTime(), nullable=False),
        sa.Column('gestart_door', sa.String(length=255), nullable=False),
        sa.Column('opgeheven_op', sa.DateTime(), nullable=True),
        sa.Column('opgeheven_door', sa.String(length=255), nullable=True),
        sa.Column('opheffing_reden', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['gemeente_id'], ['organisatie.id'],
                                name=op.f('fk_verwerkingsstop_gemeente_id_organisatie')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_verwerkingsstop')),
    )
    with op.batch_alter_table('verwerkingsstop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verwerkingsstop_gemeente_id'), ['gemeente_id'], unique=False)

    # Existing agreements keep what they were: no details, never ended, not a renewal; '[]' for the lists.
    with op.batch_alter_table('verwerkersovereenkomst', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evaluatiedatum', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('subverwerkers', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column('auditrecht', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('activiteiten', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column('notities', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('beeindigd_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('beeindigd_reden', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('vervangt_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('gewijzigd_op', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('gewijzigd_door', sa.String(length=255), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_verwerkersovereenkomst_vervangt_id_verwerkersovereenkomst'),
                                    'verwerkersovereenkomst', ['vervangt_id'], ['id'])


def downgrade():
    with op.batch_alter_table('verwerkersovereenkomst', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_verwerkersovereenkomst_vervangt_id_verwerkersovereenkomst'),
                                 type_='foreignkey')
        batch_op.drop_column('gewijzigd_door')
        batch_op.drop_column('gewijzigd_op')
        batch_op.drop_column('vervangt_id')
        batch_op.drop_column('beeindigd_reden')
        batch_op.drop_column('beeindigd_op')
        batch_op.drop_column('notities')
        batch_op.drop_column('activiteiten')
        batch_op.drop_column('auditrecht')
        batch_op.drop_column('subverwerkers')
        batch_op.drop_column('evaluatiedatum')

    with op.batch_alter_table('verwerkingsstop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verwerkingsstop_gemeente_id'))

    op.drop_table('verwerkingsstop')
