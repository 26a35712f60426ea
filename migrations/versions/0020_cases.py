"""cases: what a municipality did (a challenge, a partnership, a campaign), shared with the others

Revision ID: 0020_cases
Revises: 0016_plan
Create Date: 2026-12-02 22:13:21

One new table, `cases`, owned by the publishing municipality (municipality_id NOT NULL,
RESTRICT). author_id and challenge_id are SET NULL: a case outlives its author's account and its
challenge (challenge_template keeps the snapshot other municipalities copy from).
"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0020_cases'
down_revision = '0016_plan'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('what_was_done', sa.Text(), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('advice', sa.Text(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('points_total', sa.BigInteger(), nullable=True),
    sa.Column('co2e_kg', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('published_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('challenge_template', sa.JSON(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('challenge', 'partnership', 'campaign')", name=op.f('ck_cases_kind_known')),
    sa.CheckConstraint("language IN ('da', 'en')", name=op.f('ck_cases_language_known')),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_cases_status_known')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_cases_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_cases_challenge_id_challenges'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_cases_municipality_id_municipalities'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index('ix_cases_status_published_at', ['status', 'published_at'], unique=False)



def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_status_published_at')
        batch_op.drop_index(batch_op.f('ix_cases_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_cases_challenge_id'))
        batch_op.drop_index(batch_op.f('ix_cases_author_id'))

    op.drop_table('cases')
