"""neighbourhood move: when a citizen last changed area

Revision ID: 0005_neighbourhood_move
Revises: 0004_admin
Create Date: 2026-11-23 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0005_neighbourhood_move'
down_revision = '0004_admin'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('neighbourhood_changed_at', app.db.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('neighbourhood_changed_at')
