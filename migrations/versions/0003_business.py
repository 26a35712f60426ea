"""business: companies, solutions, pledges, sparring, outbox, teams

Revision ID: 0003_business
Revises: 0002_game
Create Date: 2026-11-22 06:30:00

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0003_business'
down_revision = '0002_game'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_attempt_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_messages_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('sparring_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('provider', sa.String(length=160), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('cost', sa.String(length=20), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('retired_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sparring_offers')),
    sa.UniqueConstraint('slug', name=op.f('uq_sparring_offers_slug'))
    )
    op.create_table('companies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('cvr', sa.String(length=8), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('sector', sa.String(length=30), nullable=False),
    sa.Column('size_band', sa.String(length=10), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=30), nullable=False),
    sa.Column('about', sa.Text(), nullable=False),
    sa.Column('show_sparring_journeys', sa.Boolean(), nullable=False),
    sa.Column('is_verified', sa.Boolean(), nullable=False),
    sa.Column('verified_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhoods.id'], name=op.f('fk_companies_neighbourhood_id_neighbourhoods'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_companies_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
    sa.UniqueConstraint('cvr', name=op.f('uq_companies_cvr')),
    sa.UniqueConstraint('slug', name=op.f('uq_companies_slug'))
    )
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_companies_neighbourhood_id'), ['neighbourhood_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_companies_sector'), ['sector'], unique=False)

    op.create_table('company_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_company_invitations_accepted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_invitations_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_company_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_company_invitations_token_hash'))
    )
    with op.batch_alter_table('company_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_invitations_company_id'), ['company_id'], unique=False)

    op.create_table('company_members',
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('joined_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_members_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_company_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('company_id', 'user_id', name=op.f('pk_company_members')),
    sa.UniqueConstraint('user_id', name=op.f('uq_company_members_user_id'))
    )
    op.create_table('company_pledges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_pledges_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_pledges'))
    )
    with op.batch_alter_table('company_pledges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_pledges_company_id'), ['company_id'], unique=False)

    op.create_table('company_solutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('effect', sa.String(length=200), nullable=False),
    sa.Column('effect_source', sa.String(length=300), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_solutions_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_solutions'))
    )
    with op.batch_alter_table('company_solutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_solutions_company_id'), ['company_id'], unique=False)

    op.create_table('sparring_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=160), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('contact_method', sa.String(length=20), nullable=False),
    sa.Column('contact_time', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('contacted_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('in_progress_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('completed_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('declined_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('state_changed_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_sparring_requests_assigned_to_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_sparring_requests_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_sparring_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sparring_requests'))
    )
    with op.batch_alter_table('sparring_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sparring_requests_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sparring_requests_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_sparring_requests_state_created', ['state', 'created_at'], unique=False)

    op.create_table('workplace_teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('join_code', sa.String(length=12), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_workplace_teams_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workplace_teams')),
    sa.UniqueConstraint('company_id', name=op.f('uq_workplace_teams_company_id')),
    sa.UniqueConstraint('join_code', name=op.f('uq_workplace_teams_join_code'))
    )
    op.create_table('sparring_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('side', sa.String(length=20), nullable=False),
    sa.Column('author_name', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_sparring_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['sparring_requests.id'], name=op.f('fk_sparring_comments_request_id_sparring_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sparring_comments'))
    )
    with op.batch_alter_table('sparring_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sparring_comments_request_id'), ['request_id'], unique=False)

    op.create_table('sparring_request_offers',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['sparring_offers.id'], name=op.f('fk_sparring_request_offers_offer_id_sparring_offers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['request_id'], ['sparring_requests.id'], name=op.f('fk_sparring_request_offers_request_id_sparring_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'offer_id', name=op.f('pk_sparring_request_offers'))
    )
    with op.batch_alter_table('sparring_request_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sparring_request_offers_offer_id'), ['offer_id'], unique=False)

    op.create_table('sparring_state_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_sparring_state_changes_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['sparring_requests.id'], name=op.f('fk_sparring_state_changes_request_id_sparring_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sparring_state_changes'))
    )
    with op.batch_alter_table('sparring_state_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sparring_state_changes_request_id'), ['request_id'], unique=False)

    op.create_table('team_memberships',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['workplace_teams.id'], name=op.f('fk_team_memberships_team_id_workplace_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_team_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_team_memberships'))
    )
    with op.batch_alter_table('team_memberships', schema=None) as batch_op:
        batch_op.create_index('ix_team_memberships_team', ['team_id'], unique=False)


def downgrade():
    with op.batch_alter_table('team_memberships', schema=None) as batch_op:
        batch_op.drop_index('ix_team_memberships_team')

    op.drop_table('team_memberships')
    with op.batch_alter_table('sparring_state_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sparring_state_changes_request_id'))

    op.drop_table('sparring_state_changes')
    with op.batch_alter_table('sparring_request_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sparring_request_offers_offer_id'))

    op.drop_table('sparring_request_offers')
    with op.batch_alter_table('sparring_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sparring_comments_request_id'))

    op.drop_table('sparring_comments')
    op.drop_table('workplace_teams')
    with op.batch_alter_table('sparring_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_sparring_requests_state_created')
        batch_op.drop_index(batch_op.f('ix_sparring_requests_company_id'))
        batch_op.drop_index(batch_op.f('ix_sparring_requests_assigned_to_id'))

    op.drop_table('sparring_requests')
    with op.batch_alter_table('company_solutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_solutions_company_id'))

    op.drop_table('company_solutions')
    with op.batch_alter_table('company_pledges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_pledges_company_id'))

    op.drop_table('company_pledges')
    op.drop_table('company_members')
    with op.batch_alter_table('company_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_invitations_company_id'))

    op.drop_table('company_invitations')
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_companies_sector'))
        batch_op.drop_index(batch_op.f('ix_companies_neighbourhood_id'))

    op.drop_table('companies')
    op.drop_table('sparring_offers')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_due')

    op.drop_table('outbox_messages')
