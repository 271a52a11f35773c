"""the DUO chain: the values sent to DUO per registration, the Z-route afronding

Every existing gemeente gets the register activity of the DUO chain (`duo_keten`, the text of
dpia/register/standaard.py when this migration runs), as a new gemeente gets it. Existing registrations (MAP/PVT
marked as registered) get the date of their afgeronde afronding as the value sent, so the export answers `geen` for
them until the afronding changes.

Revision ID: duo01
Revises: bsn01
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = 'duo01'
down_revision = 'bsn01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('duo_registratie', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waarde_datum', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('verwijtbaar', sa.String(length=3), nullable=True))
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.add_column(sa.Column('zroute_afronding', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('zroute_gewijzigd_op', sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE duo_registratie SET waarde_datum = (SELECT afronding.datum FROM afronding"
        " WHERE afronding.traject_id = duo_registratie.traject_id"
        " AND afronding.onderdeel = duo_registratie.onderdeel AND afronding.status = 'afgerond')")
    _registreer_duo_keten()


def _registreer_duo_keten():
    from dpia.register.standaard import PORTAALACTIVITEITEN, SYSTEEM

    inhoud = PORTAALACTIVITEITEN['duo_keten']
    bind = op.get_bind()
    organisatie = sa.table('organisatie', sa.column('id', sa.Integer), sa.column('type', sa.String))
    activiteit = sa.table('verwerkingsactiviteit', sa.column('id', sa.Integer), sa.column('gemeente_id', sa.Integer),
                          sa.column('code', sa.String), sa.column('aangemaakt_op', sa.DateTime))
    types = {'bijzondere_categorieen': sa.JSON, 'doorgifte_buiten_eer': sa.Boolean, 'bewaartermijn_jaren': sa.Integer,
             'activiteit_id': sa.Integer, 'versie': sa.Integer, 'gewijzigd_op': sa.DateTime}
    kolommen = ['activiteit_id', 'versie', 'status', 'gewijzigd_op', 'gewijzigd_door', *inhoud]
    versie = sa.table('activiteit_versie', *(sa.column(k, types.get(k, sa.String)) for k in kolommen))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    heeft = sa.select(activiteit.c.id).where(activiteit.c.gemeente_id == organisatie.c.id,
                                             activiteit.c.code == 'duo_keten').exists()
    gemeenten = bind.execute(sa.select(organisatie.c.id).where(organisatie.c.type == 'gemeente', ~heeft)
                             .order_by(organisatie.c.id)).scalars().all()
    for gemeente_id in gemeenten:
        activiteit_id = bind.execute(activiteit.insert().values(
            gemeente_id=gemeente_id, code='duo_keten', aangemaakt_op=now).returning(activiteit.c.id)).scalar_one()
        bind.execute(versie.insert().values(activiteit_id=activiteit_id, versie=1, status='vastgesteld',
                                            gewijzigd_op=now, gewijzigd_door=SYSTEEM, **inhoud))


def downgrade():
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.drop_column('zroute_gewijzigd_op')
        batch_op.drop_column('zroute_afronding')
    with op.batch_alter_table('duo_registratie', schema=None) as batch_op:
        batch_op.drop_column('verwijtbaar')
        batch_op.drop_column('waarde_datum')
