"""account security: e-mail verification, password reset and verification tokens

Revision ID: 0007_account_security
Revises: 0006_api_tokens
Create Date: 2026-12-01 20:15:00

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0007_account_security'
down_revision = '0006_api_tokens'
branch_labels = None
depends_on = None


def _token_table(name):
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('used_at', app.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f(f'fk_{name}_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')),
    sa.UniqueConstraint('token_hash', name=op.f(f'uq_{name}_token_hash'))
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{name}_user_id'), ['user_id'], unique=False)


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', app.db.UTCDateTime(), nullable=True))
    # Accounts that existed before verification was introduced count as verified.
    op.execute("UPDATE users SET email_verified_at = created_at")
    _token_table('password_reset_tokens')
    _token_table('email_verification_tokens')


def downgrade():
    for name in ('email_verification_tokens', 'password_reset_tokens'):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{name}_user_id'))
        op.drop_table(name)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
