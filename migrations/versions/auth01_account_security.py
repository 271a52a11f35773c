"""account security

API tokens get a name, an expiry and their creator; users a flag that forces a password change at first login;
the account_audit table records every change to accounts, organisations and tokens with its actor. Tokens made
before this revision expire 90 days after the upgrade.

Revision ID: auth01
Revises: log01
"""
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = 'auth01'
down_revision = 'log01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target_user_id', sa.Integer(), nullable=True),
    sa.Column('target_org_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_account_audit_actor_id_user'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['target_org_id'], ['organisatie.id'],
                            name=op.f('fk_account_audit_target_org_id_organisatie'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['target_user_id'], ['user.id'], name=op.f('fk_account_audit_target_user_id_user'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_audit'))
    )
    with op.batch_alter_table('account_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_audit_at'), ['at'], unique=False)

    # Not in batch mode: on SQLite a batch rebuilds the table, and dropping "user" (foreign keys on) would cascade
    # to its tokens and roles. ADD COLUMN with a constant default needs no rebuild.
    op.add_column('user', sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                    nullable=False))

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('created_via', sa.String(length=10), server_default='cli', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_api_token_created_by_id_user'), 'user', ['created_by_id'], ['id'],
                                    ondelete='SET NULL')
    api_token = sa.table('api_token', sa.column('expires_at', sa.DateTime()))
    op.execute(api_token.update().values(
        expires_at=datetime.now(UTC).replace(tzinfo=None) + timedelta(days=90)))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_api_token_created_by_id_user'), type_='foreignkey')
        batch_op.drop_column('created_via')
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('name')
    if op.get_bind().dialect.name == 'sqlite':  # DROP COLUMN without a rebuild (SQLite 3.35+), see upgrade()
        op.execute('ALTER TABLE "user" DROP COLUMN must_change_password')
    else:
        op.drop_column('user', 'must_change_password')
    with op.batch_alter_table('account_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_audit_at'))
    op.drop_table('account_audit')
