"""DPIA records and the datalekken register

DPIA's (versions of a series, with answers, measures, risks, actions, linked register activities) and datalekken
(incident, 72-hour deadline, decisions, the affected trajectories, the verwerkingsstop it triggered).

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dpia',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('reeks_id', sa.Integer(), nullable=True),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.Column('vorige_id', sa.Integer(), nullable=True),
    sa.Column('titel', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('concept', 'afgewezen', 'gevalideerd', 'vervangen', name='dpiastatus', native_enum=False, length=20), nullable=False),
    sa.Column('auteur', sa.String(length=200), nullable=True),
    sa.Column('beoordelaar', sa.String(length=200), nullable=True),
    sa.Column('validator', sa.String(length=200), nullable=True),
    sa.Column('fg_naam', sa.String(length=200), nullable=True),
    sa.Column('fg_advies', sa.Text(), nullable=True),
    sa.Column('fg_oordeel', sa.Enum('positief', 'positief_met_voorwaarden', 'negatief', name='fgoordeel', native_enum=False, length=30), nullable=True),
    sa.Column('betrokkenen_gevraagd', sa.Boolean(), nullable=False),
    sa.Column('betrokkenen_mening', sa.Text(), nullable=True),
    sa.Column('besluit_op', sa.Date(), nullable=True),
    sa.Column('besluit_door', sa.String(length=255), nullable=True),
    sa.Column('besluit_reden', sa.Text(), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=False),
    sa.Column('gewijzigd_door', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['organisatie.id'], name=op.f('fk_dpia_gemeente_id_organisatie')),
    sa.ForeignKeyConstraint(['vorige_id'], ['dpia.id'], name=op.f('fk_dpia_vorige_id_dpia')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dpia')),
    sa.UniqueConstraint('reeks_id', 'versie', name='uq_dpia_reeks_versie')
    )
    with op.batch_alter_table('dpia', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dpia_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dpia_reeks_id'), ['reeks_id'], unique=False)

    op.create_table('datalek',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('titel', sa.String(length=200), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.Column('soort', sa.Enum('vertrouwelijkheid', 'integriteit', 'beschikbaarheid', name='soort', native_enum=False, length=30), nullable=True),
    sa.Column('ontdekt_op', sa.DateTime(), nullable=False),
    sa.Column('gemeld_intern_op', sa.DateTime(), nullable=True),
    sa.Column('gemeld_ap', sa.Boolean(), nullable=False),
    sa.Column('gemeld_ap_op', sa.DateTime(), nullable=True),
    sa.Column('ap_kenmerk', sa.String(length=60), nullable=True),
    sa.Column('niet_melden_reden', sa.Text(), nullable=True),
    sa.Column('betrokkenen_informeren', sa.Enum('nog_besluiten', 'ja', 'nee', name='informeren', native_enum=False, length=20), nullable=False),
    sa.Column('betrokkenen_reden', sa.Text(), nullable=True),
    sa.Column('betrokkenen_geinformeerd_op', sa.Date(), nullable=True),
    sa.Column('maatregelen', sa.Text(), nullable=True),
    sa.Column('selectie_aanbieder_id', sa.Integer(), nullable=True),
    sa.Column('selectie_batch_id', sa.Integer(), nullable=True),
    sa.Column('selectie_activiteit', sa.String(length=60), nullable=True),
    sa.Column('selectie_van', sa.Date(), nullable=True),
    sa.Column('selectie_tot', sa.Date(), nullable=True),
    sa.Column('verwerkingsstop_id', sa.Integer(), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=False),
    sa.Column('gewijzigd_door', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['organisatie.id'], name=op.f('fk_datalek_gemeente_id_organisatie')),
    sa.ForeignKeyConstraint(['selectie_aanbieder_id'], ['organisatie.id'], name=op.f('fk_datalek_selectie_aanbieder_id_organisatie')),
    sa.ForeignKeyConstraint(['selectie_batch_id'], ['aanlever_batch.id'], name=op.f('fk_datalek_selectie_batch_id_aanlever_batch')),
    sa.ForeignKeyConstraint(['verwerkingsstop_id'], ['verwerkingsstop.id'], name=op.f('fk_datalek_verwerkingsstop_id_verwerkingsstop')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_datalek'))
    )
    with op.batch_alter_table('datalek', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_datalek_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_datalek_verwerkingsstop_id'), ['verwerkingsstop_id'], unique=False)

    op.create_table('dpia_actie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dpia_id', sa.Integer(), nullable=False),
    sa.Column('onderwerp', sa.String(length=300), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.Column('eigenaar', sa.String(length=200), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'afgerond', name='actiestatus', native_enum=False, length=20), nullable=False),
    sa.Column('afgerond_op', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['dpia_id'], ['dpia.id'], name=op.f('fk_dpia_actie_dpia_id_dpia'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dpia_actie'))
    )
    with op.batch_alter_table('dpia_actie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dpia_actie_dpia_id'), ['dpia_id'], unique=False)

    op.create_table('dpia_activiteit',
    sa.Column('dpia_id', sa.Integer(), nullable=False),
    sa.Column('activiteit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activiteit_id'], ['verwerkingsactiviteit.id'], name=op.f('fk_dpia_activiteit_activiteit_id_verwerkingsactiviteit')),
    sa.ForeignKeyConstraint(['dpia_id'], ['dpia.id'], name=op.f('fk_dpia_activiteit_dpia_id_dpia'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dpia_id', 'activiteit_id', name=op.f('pk_dpia_activiteit'))
    )
    op.create_table('dpia_antwoord',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dpia_id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=60), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=True),
    sa.Column('beoordeling', sa.Enum('acceptabel', 'te_verbeteren', 'te_corrigeren', name='beoordeling', native_enum=False, length=20), nullable=True),
    sa.Column('beoordeling_toelichting', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['dpia_id'], ['dpia.id'], name=op.f('fk_dpia_antwoord_dpia_id_dpia'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dpia_antwoord')),
    sa.UniqueConstraint('dpia_id', 'sleutel', name='uq_dpia_antwoord_dpia_sleutel')
    )
    with op.batch_alter_table('dpia_antwoord', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dpia_antwoord_dpia_id'), ['dpia_id'], unique=False)

    op.create_table('dpia_maatregel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dpia_id', sa.Integer(), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=True),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('beschrijving', sa.Text(), nullable=True),
    sa.Column('beoordeling', sa.Enum('acceptabel', 'te_verbeteren', 'te_corrigeren', name='beoordeling', native_enum=False, length=20), nullable=True),
    sa.Column('beoordeling_toelichting', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['dpia_id'], ['dpia.id'], name=op.f('fk_dpia_maatregel_dpia_id_dpia'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dpia_maatregel'))
    )
    with op.batch_alter_table('dpia_maatregel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dpia_maatregel_dpia_id'), ['dpia_id'], unique=False)

    op.create_table('dpia_risico',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dpia_id', sa.Integer(), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=40), nullable=True),
    sa.Column('letter', sa.String(length=4), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('gevolgen', sa.Text(), nullable=True),
    sa.Column('dreigingen', sa.Text(), nullable=True),
    sa.Column('bronnen', sa.Text(), nullable=True),
    sa.Column('ernst', sa.Enum('verwaarloosbaar', 'beperkt', 'belangrijk', 'maximaal', name='niveau', native_enum=False, length=20), nullable=True),
    sa.Column('ernst_toelichting', sa.Text(), nullable=True),
    sa.Column('waarschijnlijkheid', sa.Enum('verwaarloosbaar', 'beperkt', 'belangrijk', 'maximaal', name='niveau', native_enum=False, length=20), nullable=True),
    sa.Column('waarschijnlijkheid_toelichting', sa.Text(), nullable=True),
    sa.Column('ernst_na', sa.Enum('verwaarloosbaar', 'beperkt', 'belangrijk', 'maximaal', name='niveau', native_enum=False, length=20), nullable=True),
    sa.Column('waarschijnlijkheid_na', sa.Enum('verwaarloosbaar', 'beperkt', 'belangrijk', 'maximaal', name='niveau', native_enum=False, length=20), nullable=True),
    sa.Column('beoordeling', sa.Enum('acceptabel', 'te_verbeteren', 'te_corrigeren', name='beoordeling', native_enum=False, length=20), nullable=True),
    sa.Column('beoordeling_toelichting', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['dpia_id'], ['dpia.id'], name=op.f('fk_dpia_risico_dpia_id_dpia'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dpia_risico'))
    )
    with op.batch_alter_table('dpia_risico', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dpia_risico_dpia_id'), ['dpia_id'], unique=False)

    op.create_table('datalek_traject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('datalek_id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.String(length=16), nullable=False),
    sa.Column('organisaties', sa.String(length=255), nullable=True),
    sa.Column('verwerkingen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['datalek_id'], ['datalek.id'], name=op.f('fk_datalek_traject_datalek_id_datalek'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_datalek_traject')),
    sa.UniqueConstraint('datalek_id', 'traject_id', name='uq_datalek_traject_datalek_traject')
    )
    with op.batch_alter_table('datalek_traject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_datalek_traject_datalek_id'), ['datalek_id'], unique=False)

    op.create_table('dpia_risico_maatregel',
    sa.Column('risico_id', sa.Integer(), nullable=False),
    sa.Column('maatregel_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['maatregel_id'], ['dpia_maatregel.id'], name=op.f('fk_dpia_risico_maatregel_maatregel_id_dpia_maatregel'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['risico_id'], ['dpia_risico.id'], name=op.f('fk_dpia_risico_maatregel_risico_id_dpia_risico'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('risico_id', 'maatregel_id', name=op.f('pk_dpia_risico_maatregel'))
    )


def downgrade():
    op.drop_table('dpia_risico_maatregel')
    with op.batch_alter_table('datalek_traject', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_datalek_traject_datalek_id'))

    op.drop_table('datalek_traject')
    with op.batch_alter_table('dpia_risico', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dpia_risico_dpia_id'))

    op.drop_table('dpia_risico')
    with op.batch_alter_table('dpia_maatregel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dpia_maatregel_dpia_id'))

    op.drop_table('dpia_maatregel')
    with op.batch_alter_table('dpia_antwoord', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dpia_antwoord_dpia_id'))

    op.drop_table('dpia_antwoord')
    op.drop_table('dpia_activiteit')
    with op.batch_alter_table('dpia_actie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dpia_actie_dpia_id'))

    op.drop_table('dpia_actie')
    with op.batch_alter_table('datalek', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_datalek_verwerkingsstop_id'))
        batch_op.drop_index(batch_op.f('ix_datalek_gemeente_id'))

    op.drop_table('datalek')
    with op.batch_alter_table('dpia', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dpia_reeks_id'))
        batch_op.drop_index(batch_op.f('ix_dpia_gemeente_id'))

    op.drop_table('dpia')
