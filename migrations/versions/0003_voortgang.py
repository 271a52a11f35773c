"""voortgang: signal thresholds per gemeente, DUO registrations, the hours per trajectory kept from the deliveries
(traject_uren; filled by portal/voortgang/uren.py from the batches not yet counted, so existing deliveries are
counted on first use), and the covering index the verzuim signal reads recent attendance periods from

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signaal_instellingen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('verzuim_percentage', sa.Integer(), nullable=False),
    sa.Column('verzuim_weken', sa.Integer(), nullable=False),
    sa.Column('verzuim_aantal_keer', sa.Integer(), nullable=False),
    sa.Column('vertraagde_start_maanden', sa.Integer(), nullable=False),
    sa.Column('afschalen_uren', sa.Integer(), nullable=False),
    sa.Column('geen_aanlevering_weken', sa.Integer(), nullable=False),
    sa.Column('leerroute_wissel_weken', sa.Integer(), nullable=False),
    sa.Column('termijn_maanden', sa.Integer(), nullable=False),
    sa.Column('termijn_percentage', sa.Integer(), nullable=False),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=True),
    sa.Column('gewijzigd_door', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['organisatie.id'], name=op.f('fk_signaal_instellingen_gemeente_id_organisatie')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signaal_instellingen')),
    sa.UniqueConstraint('gemeente_id', name=op.f('uq_signaal_instellingen_gemeente_id'))
    )
    op.create_table('duo_registratie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.String(length=16), nullable=False),
    sa.Column('onderdeel', sa.Enum('taal', 'map', 'pvt', name='onderdeel', native_enum=False, length=30), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('door', sa.String(length=255), nullable=False),
    sa.Column('vastgelegd_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_duo_registratie_traject_id_traject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duo_registratie')),
    sa.UniqueConstraint('traject_id', 'onderdeel', name=op.f('uq_duo_registratie_traject_id'))
    )
    op.create_table('traject_uren',
    sa.Column('traject_id', sa.String(length=16), nullable=False),
    sa.Column('onderdeel', sa.Enum('taal', 'map', 'pvt', name='onderdeel', native_enum=False, length=30), nullable=False),
    sa.Column('aanbieder_id', sa.Integer(), nullable=False),
    sa.Column('perioden', sa.Integer(), nullable=False),
    sa.Column('uren_gepland', sa.Float(), nullable=False),
    sa.Column('uren_aanwezig', sa.Float(), nullable=False),
    sa.Column('uren_verzuim_geoorloofd', sa.Float(), nullable=False),
    sa.Column('uren_verzuim_ongeoorloofd', sa.Float(), nullable=False),
    sa.Column('laatste_periode_eind', sa.Date(), nullable=False),
    sa.Column('laatste_aanlevering', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['aanbieder_id'], ['organisatie.id'], name=op.f('fk_traject_uren_aanbieder_id_organisatie')),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_traject_uren_traject_id_traject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('traject_id', 'onderdeel', 'aanbieder_id', name=op.f('pk_traject_uren'))
    )
    op.create_table('traject_uren_batch',
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['aanlever_batch.id'], name=op.f('fk_traject_uren_batch_batch_id_aanlever_batch')),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_traject_uren_batch'))
    )
    with op.batch_alter_table('aanwezigheid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aanwezigheid_venster'), ['periode_eind', 'traject_id', 'onderdeel', 'uren_gepland', 'uren_verzuim_ongeoorloofd', 'aantal_keer_verzuim'], unique=False)


def downgrade():
    with op.batch_alter_table('aanwezigheid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aanwezigheid_venster'))

    op.drop_table('traject_uren_batch')
    op.drop_table('traject_uren')
    op.drop_table('duo_registratie')
    op.drop_table('signaal_instellingen')
