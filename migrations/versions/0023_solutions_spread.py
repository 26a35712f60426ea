"""solutions that spread: theme, CO2e estimate, state and featured on solutions, theme on pledges,
and the adoptions ("Vi vil også")

Existing solutions are "in use" without a theme or estimate; nothing is featured.

Revision ID: 0023_solutions_spread
Revises: 0024_partnerships
Create Date: 2026-12-03 06:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0023_solutions_spread'
down_revision = '0024_partnerships'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('company_solutions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('theme_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('co2e_kg_per_year', sa.Numeric(precision=12, scale=1), nullable=True))
        batch_op.add_column(sa.Column('co2e_source', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('state', sa.String(length=20), nullable=False, server_default='in_use'))
        batch_op.add_column(sa.Column('featured', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index(batch_op.f('ix_company_solutions_theme_id'), ['theme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_company_solutions_theme_id_plan_themes'), 'plan_themes', ['theme_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('company_pledges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('theme_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_company_pledges_theme_id'), ['theme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_company_pledges_theme_id_plan_themes'), 'plan_themes', ['theme_id'], ['id'], ondelete='SET NULL')

    op.create_table('solution_adoptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('sparring_request_id', sa.Integer(), nullable=False),
    sa.Column('wants_contact', sa.Boolean(), nullable=False),
    sa.Column('contact_state', sa.String(length=20), nullable=False),
    sa.Column('decided_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("contact_state IN ('not_requested', 'pending', 'accepted', 'declined')", name=op.f('ck_solution_adoptions_contact_state_known')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_solution_adoptions_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_solution_adoptions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_solution_adoptions_municipality_id_municipalities'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['solution_id'], ['company_solutions.id'], name=op.f('fk_solution_adoptions_solution_id_company_solutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sparring_request_id'], ['sparring_requests.id'], name=op.f('fk_solution_adoptions_sparring_request_id_sparring_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solution_adoptions')),
    sa.UniqueConstraint('solution_id', 'company_id', name=op.f('uq_solution_adoptions_solution_id_company_id')),
    sa.UniqueConstraint('sparring_request_id', name=op.f('uq_solution_adoptions_sparring_request_id'))
    )
    with op.batch_alter_table('solution_adoptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solution_adoptions_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_solution_adoptions_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_solution_adoptions_solution_id'), ['solution_id'], unique=False)


def downgrade():
    with op.batch_alter_table('solution_adoptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solution_adoptions_solution_id'))
        batch_op.drop_index(batch_op.f('ix_solution_adoptions_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_solution_adoptions_company_id'))

    op.drop_table('solution_adoptions')
    with op.batch_alter_table('company_pledges', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_company_pledges_theme_id_plan_themes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_company_pledges_theme_id'))
        batch_op.drop_column('theme_id')

    with op.batch_alter_table('company_solutions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_company_solutions_theme_id_plan_themes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_company_solutions_theme_id'))
        batch_op.drop_column('featured')
        batch_op.drop_column('state')
        batch_op.drop_column('co2e_source')
        batch_op.drop_column('co2e_kg_per_year')
        batch_op.drop_column('theme_id')
