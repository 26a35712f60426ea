"""admin: settings, audit log, moderation, live screen

Revision ID: 0004_admin
Revises: 0003_business
Create Date: 2026-11-22 06:30:00

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0004_admin'
down_revision = '0003_business'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('daily_action_totals',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('co2e_g', sa.BigInteger(), nullable=False),
    sa.Column('logs', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_daily_action_totals_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'day', name=op.f('pk_daily_action_totals'))
    )
    with op.batch_alter_table('daily_action_totals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_daily_action_totals_day'), ['day'], unique=False)

    op.create_table('daily_activity',
    sa.Column('participant_ref', sa.String(length=36), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('co2e_g', sa.BigInteger(), nullable=False),
    sa.Column('logs', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhoods.id'], name=op.f('fk_daily_activity_neighbourhood_id_neighbourhoods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('participant_ref', 'neighbourhood_id', 'category', 'day', name=op.f('pk_daily_activity'))
    )
    with op.batch_alter_table('daily_activity', schema=None) as batch_op:
        batch_op.create_index('ix_daily_activity_day_area', ['day', 'neighbourhood_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=254), nullable=False),
    sa.Column('verb', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('object_label', sa.String(length=200), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_audit_log_object', ['object_type', 'object_id'], unique=False)
    op.create_table('live_screen_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('retired_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_live_screen_links_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_screen_links')),
    sa.UniqueConstraint('token', name=op.f('uq_live_screen_links_token'))
    )
    op.create_table('setting_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('changed_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_setting_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_setting_changes'))
    )
    with op.batch_alter_table('setting_changes', schema=None) as batch_op:
        batch_op.create_index('ix_setting_changes_name_id', ['name', 'id'], unique=False)

    # Existing ledgers: fill the per-day aggregates from the counted logs (as rebuild_scores does).
    op.execute(
        "INSERT INTO daily_activity (participant_ref, neighbourhood_id, category, day, points, "
        "co2e_g, logs) SELECT l.participant_ref, l.neighbourhood_id, a.category, l.occurred_on, "
        "SUM(l.points), SUM(COALESCE(l.co2e_g, 0)), COUNT(*) FROM action_logs l "
        "JOIN actions a ON a.id = l.action_id WHERE l.status = 'counted' "
        "GROUP BY l.participant_ref, l.neighbourhood_id, a.category, l.occurred_on"
    )
    op.execute(
        "INSERT INTO daily_action_totals (action_id, day, points, co2e_g, logs) "
        "SELECT l.action_id, l.occurred_on, SUM(l.points), SUM(COALESCE(l.co2e_g, 0)), COUNT(*) "
        "FROM action_logs l WHERE l.status = 'counted' GROUP BY l.action_id, l.occurred_on"
    )


def downgrade():
    with op.batch_alter_table('setting_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_setting_changes_name_id')

    op.drop_table('setting_changes')
    op.drop_table('live_screen_links')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_object')
        batch_op.drop_index(batch_op.f('ix_audit_log_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_id'))

    op.drop_table('audit_log')
    with op.batch_alter_table('daily_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_activity_day_area')

    op.drop_table('daily_activity')
    with op.batch_alter_table('daily_action_totals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_daily_action_totals_day'))

    op.drop_table('daily_action_totals')
