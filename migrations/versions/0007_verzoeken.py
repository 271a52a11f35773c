"""data-subject requests

Requests (verzoek) with their trajectories, actions, documents; restrictions of trajectories (traject_beperking) and
the corrections made for a request (rectificatie). Every link to a trajectory cascades on its erasure.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('verzoek',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.Enum('inzage', 'rectificatie', 'wissing', 'beperking', 'bezwaar', 'overdraagbaarheid', name='verzoektype', native_enum=False, length=30), nullable=False),
    sa.Column('status', sa.Enum('ontvangen', 'identiteit_onbevestigd', 'in_behandeling', 'verlengd', 'afgehandeld', 'afgewezen', 'ingetrokken', name='verzoekstatus', native_enum=False, length=30), nullable=False),
    sa.Column('ontvangen', sa.Date(), nullable=False),
    sa.Column('kanaal', sa.Enum('post', 'email', 'balie', 'webformulier', 'telefoon', name='kanaal', native_enum=False, length=30), nullable=True),
    sa.Column('identiteit_methode', sa.Enum('balie_id_bewijs', 'digid', 'afgeschermde_kopie', 'bekend_klantdossier', name='identiteitmethode', native_enum=False, length=30), nullable=True),
    sa.Column('identiteit_door', sa.String(length=255), nullable=True),
    sa.Column('identiteit_op', sa.Date(), nullable=True),
    sa.Column('verlengd_op', sa.Date(), nullable=True),
    sa.Column('verlenging_reden', sa.Text(), nullable=True),
    sa.Column('notities', sa.Text(), nullable=True),
    sa.Column('afgesloten_op', sa.Date(), nullable=True),
    sa.Column('brief_tekst', sa.Text(), nullable=True),
    sa.Column('brief_definitief_op', sa.DateTime(), nullable=True),
    sa.Column('brief_definitief_door', sa.String(length=255), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('aangemaakt_door', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['organisatie.id'], name=op.f('fk_verzoek_gemeente_id_organisatie')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verzoek'))
    )
    with op.batch_alter_table('verzoek', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verzoek_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('traject_beperking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.String(length=16), nullable=False),
    sa.Column('verzoek_id', sa.Integer(), nullable=True),
    sa.Column('gestart_op', sa.DateTime(), nullable=False),
    sa.Column('gestart_door', sa.String(length=255), nullable=False),
    sa.Column('opgeheven_op', sa.DateTime(), nullable=True),
    sa.Column('opgeheven_door', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_traject_beperking_traject_id_traject'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verzoek_id'], ['verzoek.id'], name=op.f('fk_traject_beperking_verzoek_id_verzoek'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traject_beperking'))
    )
    with op.batch_alter_table('traject_beperking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_traject_beperking_traject_id'), ['traject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_traject_beperking_verzoek_id'), ['verzoek_id'], unique=False)

    op.create_table('verzoek_actie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verzoek_id', sa.Integer(), nullable=False),
    sa.Column('actie', sa.Enum('inzage', 'rectificatie', 'beperking', 'opheffen_beperking', 'wissing', name='actietype', native_enum=False, length=30), nullable=False),
    sa.Column('grond', sa.Enum('onrechtmatig_verwerkt', 'niet_meer_nodig', name='wisgrond', native_enum=False, length=30), nullable=True),
    sa.Column('aantal_trajecten', sa.Integer(), nullable=False),
    sa.Column('samenvatting', sa.Text(), nullable=False),
    sa.Column('uitgevoerd_op', sa.DateTime(), nullable=False),
    sa.Column('uitgevoerd_door', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['verzoek_id'], ['verzoek.id'], name=op.f('fk_verzoek_actie_verzoek_id_verzoek'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verzoek_actie'))
    )
    with op.batch_alter_table('verzoek_actie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verzoek_actie_verzoek_id'), ['verzoek_id'], unique=False)

    op.create_table('verzoek_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verzoek_id', sa.Integer(), nullable=False),
    sa.Column('bestandsnaam', sa.String(length=255), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('grootte', sa.Integer(), nullable=False),
    sa.Column('inhoud', sa.LargeBinary(), nullable=False),
    sa.Column('toegevoegd_op', sa.DateTime(), nullable=False),
    sa.Column('toegevoegd_door', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['verzoek_id'], ['verzoek.id'], name=op.f('fk_verzoek_document_verzoek_id_verzoek'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verzoek_document'))
    )
    with op.batch_alter_table('verzoek_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verzoek_document_verzoek_id'), ['verzoek_id'], unique=False)

    op.create_table('verzoek_traject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verzoek_id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_verzoek_traject_traject_id_traject'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verzoek_id'], ['verzoek.id'], name=op.f('fk_verzoek_traject_verzoek_id_verzoek'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verzoek_traject')),
    sa.UniqueConstraint('verzoek_id', 'traject_id', name=op.f('uq_verzoek_traject_verzoek_id'))
    )
    with op.batch_alter_table('verzoek_traject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verzoek_traject_traject_id'), ['traject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_verzoek_traject_verzoek_id'), ['verzoek_id'], unique=False)

    op.create_table('rectificatie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verzoek_id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.String(length=16), nullable=False),
    sa.Column('soort', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.String(length=20), nullable=False),
    sa.Column('veld', sa.String(length=60), nullable=False),
    sa.Column('oude_waarde', sa.JSON(), nullable=False),
    sa.Column('nieuwe_waarde', sa.JSON(), nullable=False),
    sa.Column('historie_id', sa.Integer(), nullable=True),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=False),
    sa.Column('gewijzigd_door', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['historie_id'], ['levering_historie.id'], name=op.f('fk_rectificatie_historie_id_levering_historie'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_rectificatie_traject_id_traject'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verzoek_id'], ['verzoek.id'], name=op.f('fk_rectificatie_verzoek_id_verzoek'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectificatie'))
    )
    with op.batch_alter_table('rectificatie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectificatie_traject_id'), ['traject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectificatie_verzoek_id'), ['verzoek_id'], unique=False)



def downgrade():
    with op.batch_alter_table('rectificatie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectificatie_verzoek_id'))
        batch_op.drop_index(batch_op.f('ix_rectificatie_traject_id'))

    op.drop_table('rectificatie')
    with op.batch_alter_table('verzoek_traject', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verzoek_traject_verzoek_id'))
        batch_op.drop_index(batch_op.f('ix_verzoek_traject_traject_id'))

    op.drop_table('verzoek_traject')
    with op.batch_alter_table('verzoek_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verzoek_document_verzoek_id'))

    op.drop_table('verzoek_document')
    with op.batch_alter_table('verzoek_actie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verzoek_actie_verzoek_id'))

    op.drop_table('verzoek_actie')
    with op.batch_alter_table('traject_beperking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_traject_beperking_verzoek_id'))
        batch_op.drop_index(batch_op.f('ix_traject_beperking_traject_id'))

    op.drop_table('traject_beperking')
    with op.batch_alter_table('verzoek', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verzoek_gemeente_id'))

    op.drop_table('verzoek')
