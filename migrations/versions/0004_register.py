"""register

The verwerkingsregister (verwerkingsactiviteit, activiteit_versie), the register version that each processing log
entry cites, and the portal's own activities for the gemeenten that existed before the register did.

Revision ID: 0004
Revises: 0003
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('verwerkingsactiviteit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['organisatie.id'], name=op.f('fk_verwerkingsactiviteit_gemeente_id_organisatie')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verwerkingsactiviteit')),
    sa.UniqueConstraint('gemeente_id', 'code', name='uq_verwerkingsactiviteit_gemeente_code')
    )
    with op.batch_alter_table('verwerkingsactiviteit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verwerkingsactiviteit_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('activiteit_versie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activiteit_id', sa.Integer(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'in_review', 'vastgesteld', 'vervallen', name='registerstatus', native_enum=False, length=20), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('doel', sa.Text(), nullable=True),
    sa.Column('grondslag', sa.Enum('a', 'b', 'c', 'd', 'e', 'f', name='grondslag', native_enum=False, length=1), nullable=True),
    sa.Column('grondslag_artikel', sa.Text(), nullable=True),
    sa.Column('verantwoordelijke_bestuursorgaan', sa.Enum('college_van_burgemeester_en_wethouders', 'gemeenteraad', 'burgemeester', name='bestuursorgaan', native_enum=False, length=60), nullable=True),
    sa.Column('categorieen_betrokkenen', sa.Text(), nullable=True),
    sa.Column('categorieen_persoonsgegevens', sa.Text(), nullable=True),
    sa.Column('bijzondere_categorieen', sa.JSON(), nullable=False),
    sa.Column('uitzondering_art9', sa.Text(), nullable=True),
    sa.Column('ontvangers', sa.Text(), nullable=True),
    sa.Column('verwerkers', sa.Text(), nullable=True),
    sa.Column('doorgifte_buiten_eer', sa.Boolean(), nullable=False),
    sa.Column('doorgifte_waarborgen', sa.Text(), nullable=True),
    sa.Column('bewaartermijn', sa.Text(), nullable=True),
    sa.Column('bewaartermijn_jaren', sa.Integer(), nullable=True),
    sa.Column('beveiligingsmaatregelen', sa.Text(), nullable=True),
    sa.Column('eigenaar', sa.String(length=200), nullable=True),
    sa.Column('dpia', sa.String(length=255), nullable=True),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=False),
    sa.Column('gewijzigd_door', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['activiteit_id'], ['verwerkingsactiviteit.id'], name=op.f('fk_activiteit_versie_activiteit_id_verwerkingsactiviteit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activiteit_versie')),
    sa.UniqueConstraint('activiteit_id', 'versie', name='uq_activiteit_versie_activiteit_versie')
    )
    with op.batch_alter_table('activiteit_versie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activiteit_versie_activiteit_id'), ['activiteit_id'], unique=False)

    # Nullable, and old entries keep NULL: their hash never included a version (portal/verwerkingslog.py).
    with op.batch_alter_table('verwerkingslog', schema=None) as batch_op:
        batch_op.add_column(sa.Column('activiteit_versie_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_verwerkingslog_activiteit_versie_id'), ['activiteit_versie_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_verwerkingslog_activiteit_versie_id_activiteit_versie'), 'activiteit_versie', ['activiteit_versie_id'], ['id'])

    _registreer_bestaande_gemeenten()


def _registreer_bestaande_gemeenten():
    """Gemeenten created before the register get the portal's own activities, as create_organisatie gives a new
    one (the text as dpia/register/standaard.py holds it when this migration runs)."""
    from dpia.register.standaard import PORTAALACTIVITEITEN, SYSTEEM

    bind = op.get_bind()
    organisatie = sa.table('organisatie', sa.column('id', sa.Integer), sa.column('type', sa.String))
    activiteit = sa.table('verwerkingsactiviteit', sa.column('id', sa.Integer), sa.column('gemeente_id', sa.Integer),
                          sa.column('code', sa.String), sa.column('aangemaakt_op', sa.DateTime))
    types = {'bijzondere_categorieen': sa.JSON, 'doorgifte_buiten_eer': sa.Boolean, 'bewaartermijn_jaren': sa.Integer,
             'activiteit_id': sa.Integer, 'versie': sa.Integer, 'gewijzigd_op': sa.DateTime}
    kolommen = ['activiteit_id', 'versie', 'status', 'gewijzigd_op', 'gewijzigd_door',
                *next(iter(PORTAALACTIVITEITEN.values()))]
    versie = sa.table('activiteit_versie', *(sa.column(k, types.get(k, sa.String)) for k in kolommen))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    gemeenten = bind.execute(sa.select(organisatie.c.id).where(organisatie.c.type == 'gemeente')
                             .order_by(organisatie.c.id)).scalars().all()
    for gemeente_id in gemeenten:
        for code, inhoud in PORTAALACTIVITEITEN.items():
            activiteit_id = bind.execute(activiteit.insert().values(
                gemeente_id=gemeente_id, code=code, aangemaakt_op=now).returning(activiteit.c.id)).scalar_one()
            bind.execute(versie.insert().values(activiteit_id=activiteit_id, versie=1, status='vastgesteld',
                                                gewijzigd_op=now, gewijzigd_door=SYSTEEM, **inhoud))


def downgrade():
    with op.batch_alter_table('verwerkingslog', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_verwerkingslog_activiteit_versie_id_activiteit_versie'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_verwerkingslog_activiteit_versie_id'))
        batch_op.drop_column('activiteit_versie_id')

    with op.batch_alter_table('activiteit_versie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activiteit_versie_activiteit_id'))

    op.drop_table('activiteit_versie')
    with op.batch_alter_table('verwerkingsactiviteit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verwerkingsactiviteit_gemeente_id'))

    op.drop_table('verwerkingsactiviteit')
