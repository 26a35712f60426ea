"""game: streaks, badges, challenges, flags, shared vision

Revision ID: 0002_game
Revises: 0001_foundation
Create Date: 2026-11-22 06:30:00

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0002_game'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('climate_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title_da', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('body_da', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('source_label', sa.String(length=200), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_climate_goals')),
    sa.UniqueConstraint('slug', name=op.f('uq_climate_goals_slug'))
    )
    op.create_table('action_tallies',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('logs', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('co2e_g', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_tallies_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'year', name=op.f('pk_action_tallies'))
    )
    op.create_table('cap_hits',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cap_hits_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'day', name=op.f('pk_cap_hits'))
    )
    op.create_table('challenges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title_da', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=120), nullable=False),
    sa.Column('description_da', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reward_kind', sa.String(length=20), nullable=False),
    sa.Column('reward_value', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('target_metric', sa.String(length=20), nullable=True),
    sa.Column('target_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_challenges_window_ordered')),
    sa.CheckConstraint('reward_value > 0', name=op.f('ck_challenges_reward_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_challenges_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenges')),
    sa.UniqueConstraint('slug', name=op.f('uq_challenges_slug'))
    )
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.create_index('ix_challenges_window', ['starts_on', 'ends_on'], unique=False)

    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('resolved_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_flags_resolved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_flags_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags'))
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index('ix_flags_status_created', ['status', 'created_at'], unique=False)
        batch_op.create_index('ix_flags_user_kind_created', ['user_id', 'kind', 'created_at'], unique=False)

    op.create_table('user_badges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('badge_code', sa.String(length=40), nullable=False),
    sa.Column('awarded_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_badges_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_badges')),
    sa.UniqueConstraint('user_id', 'badge_code', name=op.f('uq_user_badges_user_id_badge_code'))
    )
    op.create_table('vision_targets',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('target_co2e_kg', sa.Integer(), nullable=False),
    sa.Column('set_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('target_co2e_kg > 0', name=op.f('ck_vision_targets_target_positive')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_vision_targets_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_vision_targets'))
    )
    op.create_table('challenge_actions',
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_challenge_actions_action_id_actions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_actions_challenge_id_challenges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('challenge_id', 'action_id', name=op.f('pk_challenge_actions'))
    )
    op.create_table('challenge_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('bonus_points', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('co2e_g', sa.BigInteger(), nullable=False),
    sa.Column('logs', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_participants_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhoods.id'], name=op.f('fk_challenge_participants_neighbourhood_id_neighbourhoods'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_challenge_participants_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_participants')),
    sa.UniqueConstraint('challenge_id', 'user_id', name=op.f('uq_challenge_participants_challenge_id_user_id'))
    )
    with op.batch_alter_table('challenge_participants', schema=None) as batch_op:
        batch_op.create_index('ix_challenge_participants_area', ['challenge_id', 'neighbourhood_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_participants_user_id'), ['user_id'], unique=False)

    op.create_table('feed_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('log_id', sa.Integer(), nullable=True),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('badge_code', sa.String(length=40), nullable=True),
    sa.Column('value', sa.BigInteger(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=120), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_feed_events_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_feed_events_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['log_id'], ['action_logs.id'], name=op.f('fk_feed_events_log_id_action_logs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhoods.id'], name=op.f('fk_feed_events_neighbourhood_id_neighbourhoods'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_feed_events_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_events')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_feed_events_dedupe_key'))
    )
    with op.batch_alter_table('feed_events', schema=None) as batch_op:
        batch_op.create_index('ix_feed_events_area_id', ['neighbourhood_id', 'id'], unique=False)
        batch_op.create_index('ix_feed_events_kind_id', ['kind', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_events_user_id'), ['user_id'], unique=False)

    op.create_table('challenge_credits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('log_id', sa.Integer(), nullable=False),
    sa.Column('bonus_points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_credits_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['log_id'], ['action_logs.id'], name=op.f('fk_challenge_credits_log_id_action_logs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['challenge_participants.id'], name=op.f('fk_challenge_credits_participant_id_challenge_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_credits')),
    sa.UniqueConstraint('challenge_id', 'log_id', name=op.f('uq_challenge_credits_challenge_id_log_id'))
    )
    with op.batch_alter_table('challenge_credits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_credits_log_id'), ['log_id'], unique=False)


def downgrade():
    for index_table, names in (
        ("challenge_credits", ["ix_challenge_credits_log_id"]),
        ("feed_events", ["ix_feed_events_user_id", "ix_feed_events_kind_id",
                         "ix_feed_events_area_id"]),
        ("challenge_participants", ["ix_challenge_participants_user_id",
                                    "ix_challenge_participants_area"]),
        ("flags", ["ix_flags_user_kind_created", "ix_flags_status_created"]),
        ("challenges", ["ix_challenges_window"]),
    ):
        with op.batch_alter_table(index_table, schema=None) as batch_op:
            for name in names:
                batch_op.drop_index(name)
    for table in ("challenge_credits", "feed_events", "challenge_participants",
                  "challenge_actions", "vision_targets", "user_badges", "flags", "challenges",
                  "cap_hits", "action_tallies", "climate_goals"):
        op.drop_table(table)
