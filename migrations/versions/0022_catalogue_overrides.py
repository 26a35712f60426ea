"""local overrides of the national action catalogue: points, caps, labels or retired, per municipality

One tenant table; CO2e and its source stay national (no column for them here).

Revision ID: 0022_catalogue_overrides
Revises: 0023_solutions_spread
Create Date: 2026-12-03 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0022_catalogue_overrides'
down_revision = '0023_solutions_spread'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('points_per_unit', sa.Integer(), nullable=True),
    sa.Column('max_units_per_day', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('default_quantity', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('name_da', sa.String(length=160), nullable=True),
    sa.Column('name_en', sa.String(length=160), nullable=True),
    sa.Column('unit_da', sa.String(length=30), nullable=True),
    sa.Column('unit_en', sa.String(length=30), nullable=True),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('points_per_unit >= 0', name=op.f('ck_action_overrides_points_not_negative')),
    sa.CheckConstraint('max_units_per_day > 0', name=op.f('ck_action_overrides_cap_positive')),
    sa.CheckConstraint('default_quantity > 0', name=op.f('ck_action_overrides_default_positive')),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_overrides_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_action_overrides_municipality_id_municipalities'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_overrides')),
    sa.UniqueConstraint('municipality_id', 'action_id', name='uq_action_overrides_municipality_action')
    )
    with op.batch_alter_table('action_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_overrides_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_overrides_municipality_id'), ['municipality_id'], unique=False)


def downgrade():
    with op.batch_alter_table('action_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_overrides_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_action_overrides_action_id'))

    op.drop_table('action_overrides')
