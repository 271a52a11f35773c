"""the trajectory over its life: niveau, DUO termijn, end of the inburgeringsplicht, versions

Existing trajectories get termijn_bron = geschat with the estimated termijn (start = PIP-datum, end = start + 3 years,
exclusive), niveau B1 on the B1-route, versie 1. Taal assignments and taal data on trajectories of other doelgroepen
are left as they are: `portal doelgroep-controle` lists them for the privacy officer to decide on.

Revision ID: traject01
Revises: auth01
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa


revision = 'traject01'
down_revision = 'auth01'
branch_labels = None
depends_on = None


def _plus_3_jaar(dag: dt.date) -> dt.date:
    try:
        return dag.replace(year=dag.year + 3)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year + 3, day=28)


def upgrade():
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.add_column(sa.Column('niveau', sa.Enum('A2', 'B1', name='examenniveau', native_enum=False, length=30), nullable=True))
        batch_op.add_column(sa.Column('termijn_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('termijn_einde', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('termijn_bron', sa.Enum('geschat', 'duo', name='termijnbron', native_enum=False, length=30), nullable=True))
        batch_op.add_column(sa.Column('verlengingsgrond', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('einde_plicht', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('reden_einde', sa.Enum('voldaan', 'ontheffing', 'vrijstelling', 'verhuisd', 'vertrokken', 'overleden', 'overig', name='redeneinde', native_enum=False, length=30), nullable=True))
        batch_op.add_column(sa.Column('versie', sa.Integer(), nullable=True))

    traject = sa.table('traject', sa.column('id', sa.String), sa.column('pip_datum', sa.Date),
                       sa.column('leerroute', sa.String), sa.column('niveau', sa.String),
                       sa.column('termijn_start', sa.Date), sa.column('termijn_einde', sa.Date),
                       sa.column('termijn_bron', sa.String), sa.column('versie', sa.Integer))
    bind = op.get_bind()
    rows = bind.execute(sa.select(traject.c.id, traject.c.pip_datum, traject.c.leerroute)).all()
    for traject_id, pip, leerroute in rows:
        if isinstance(pip, str):
            pip = dt.date.fromisoformat(pip)
        bind.execute(traject.update().where(traject.c.id == traject_id).values(
            termijn_start=pip, termijn_einde=_plus_3_jaar(pip), termijn_bron='geschat', versie=1,
            niveau='B1' if leerroute == 'b1' else None))

    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.alter_column('termijn_start', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('termijn_einde', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('termijn_bron', existing_type=sa.Enum('geschat', 'duo', name='termijnbron', native_enum=False, length=30), nullable=False)
        batch_op.alter_column('versie', existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table('toewijzing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reden_einde', sa.String(length=500), nullable=True))

    op.create_table('traject_versie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.String(length=16), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.Column('tijdstip', sa.DateTime(), nullable=False),
    sa.Column('gebruiker', sa.String(length=255), nullable=False),
    sa.Column('reden', sa.String(length=1000), nullable=False),
    sa.Column('wijzigingen', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], name=op.f('fk_traject_versie_traject_id_traject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traject_versie')),
    sa.UniqueConstraint('traject_id', 'versie', name=op.f('uq_traject_versie_traject_id'))
    )


def downgrade():
    op.drop_table('traject_versie')
    with op.batch_alter_table('toewijzing', schema=None) as batch_op:
        batch_op.drop_column('reden_einde')
    with op.batch_alter_table('traject', schema=None) as batch_op:
        for name in ('versie', 'reden_einde', 'einde_plicht', 'verlengingsgrond', 'termijn_bron', 'termijn_einde',
                     'termijn_start', 'niveau'):
            batch_op.drop_column(name)
