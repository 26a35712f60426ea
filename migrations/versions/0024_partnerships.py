"""partnerships: climate partnerships in KL's catalogue form, their partners, KPIs and check-ins

Revision ID: 0024_partnerships
Revises: 0025_platform_admins
Create Date: 2026-12-03 05:40:00

`partnerships` is owned by its municipality (municipality_id NOT NULL, RESTRICT); its partners,
KPIs and check-ins are reached through it (CASCADE). theme_id and from_request_id are SET NULL:
a partnership outlives its theme and the sparring request it came from. A check-in's
recorded_by_id is SET NULL (the value outlives the account; erasure unlinks it as well).
"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0024_partnerships'
down_revision = '0025_platform_admins'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partnerships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('how_it_arose', sa.Text(), nullable=False),
    sa.Column('what_it_does', sa.Text(), nullable=False),
    sa.Column('advice', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('contact_role', sa.String(length=160), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('from_request_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('idea', 'agreed', 'running', 'completed', 'stopped')", name=op.f('ck_partnerships_status_known')),
    sa.CheckConstraint('start_date IS NULL OR end_date IS NULL OR end_date >= start_date', name=op.f('ck_partnerships_dates_in_order')),
    sa.ForeignKeyConstraint(['from_request_id'], ['sparring_requests.id'], name=op.f('fk_partnerships_from_request_id_sparring_requests'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_partnerships_municipality_id_municipalities'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['theme_id'], ['plan_themes.id'], name=op.f('fk_partnerships_theme_id_plan_themes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnerships')),
    sa.UniqueConstraint('municipality_id', 'slug', name=op.f('uq_partnerships_municipality_id_slug'))
    )
    with op.batch_alter_table('partnerships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnerships_from_request_id'), ['from_request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnerships_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnerships_theme_id'), ['theme_id'], unique=False)

    op.create_table('partnership_kpis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('baseline', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('target', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('check_in_every_days', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('check_in_every_days BETWEEN 1 AND 3660', name=op.f('ck_partnership_kpis_interval_range')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_partnership_kpis_partnership_id_partnerships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_kpis'))
    )
    with op.batch_alter_table('partnership_kpis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_kpis_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('partnership_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('organisation_name', sa.String(length=160), nullable=False),
    sa.Column('role', sa.String(length=160), nullable=False),
    sa.CheckConstraint("company_id IS NOT NULL OR organisation_name <> ''", name=op.f('ck_partnership_partners_company_or_name')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_partnership_partners_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_partnership_partners_partnership_id_partnerships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_partners'))
    )
    with op.batch_alter_table('partnership_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_partners_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_partners_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('kpi_check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpi_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('value', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['kpi_id'], ['partnership_kpis.id'], name=op.f('fk_kpi_check_ins_kpi_id_partnership_kpis'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_kpi_check_ins_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_check_ins'))
    )
    with op.batch_alter_table('kpi_check_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_check_ins_kpi_id'), ['kpi_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kpi_check_ins_recorded_by_id'), ['recorded_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('kpi_check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_check_ins_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_kpi_check_ins_kpi_id'))
    op.drop_table('kpi_check_ins')
    with op.batch_alter_table('partnership_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_partners_partnership_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_partners_company_id'))
    op.drop_table('partnership_partners')
    with op.batch_alter_table('partnership_kpis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_kpis_partnership_id'))
    op.drop_table('partnership_kpis')
    with op.batch_alter_table('partnerships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnerships_theme_id'))
        batch_op.drop_index(batch_op.f('ix_partnerships_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_partnerships_from_request_id'))
    op.drop_table('partnerships')
