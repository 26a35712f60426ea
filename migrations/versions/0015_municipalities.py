"""municipalities: one installation, many municipalities; everything so far becomes Køge's

Revision ID: 0015_municipalities
Revises: 0014_user_language
Create Date: 2026-12-02 18:45:00

A `municipalities` table, with Køge Kommune as its first row. Every tenant-owned table gets
municipality_id (NOT NULL, indexed, RESTRICT): added nullable, filled with Køge's id, then made
NOT NULL. Uniques that are per municipality become (municipality_id, x): user e-mail and alias,
area slug and name, company slug and CVR, challenge slug, climate-goal slug; a vision target is
keyed by (municipality_id, year).

actions and sparring_offers get a nullable municipality_id: NULL is national (shown in every
municipality). The action catalogue stays national; offers whose scope is "local" become Køge's,
the national and regional ones stay national.

Downgrade refuses when more than one municipality exists: the old uniques cannot hold then.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0015_municipalities'
down_revision = '0014_user_language'
branch_labels = None
depends_on = None

KOEGE = {
    'slug': 'koege',
    'name': 'Køge Kommune',
    'inhabitants': 63335,
    'inhabitants_year': 2025,
    'inhabitants_source': 'Køge Kommunes 63.335 indbyggere (1. januar 2025)',
}

TENANT_TABLES = (
    'users', 'neighbourhoods', 'companies', 'workplace_teams', 'challenges', 'sparring_requests',
    'action_logs', 'flags', 'feed_events', 'live_screen_links', 'audit_log', 'setting_changes',
    'vision_targets', 'climate_goals',
)
SHARED_TABLES = ('actions', 'sparring_offers')
# table -> columns whose unique constraint becomes (municipality_id, column)
PER_MUNICIPALITY_UNIQUES = {
    'users': ('email', 'alias_key'),
    'neighbourhoods': ('slug', 'name'),
    'companies': ('slug', 'cvr'),
    'challenges': ('slug',),
    'climate_goals': ('slug',),
}


def _fk(table):
    return f'fk_{table}_municipality_id_municipalities'


def _create_municipalities():
    op.create_table('municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('host_name', sa.String(length=253), nullable=True),
    sa.Column('inhabitants', sa.Integer(), nullable=False),
    sa.Column('inhabitants_year', sa.Integer(), nullable=True),
    sa.Column('inhabitants_source', sa.Text(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities')),
    sa.UniqueConstraint('host_name', name=op.f('uq_municipalities_host_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_municipalities_slug'))
    )
    municipalities = sa.table(
        'municipalities', *(sa.column(name) for name in (*KOEGE, 'created_at', 'active')),
        sa.column('id', sa.Integer()),
    )
    bind = op.get_bind()
    bind.execute(municipalities.insert().values(**KOEGE, created_at=datetime.now(timezone.utc), active=True))
    return bind.execute(sa.select(municipalities.c.id).where(municipalities.c.slug == KOEGE['slug'])).scalar_one()


def _own_table(table, koege_id):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
    op.execute(sa.text(f'UPDATE {table} SET municipality_id = :id').bindparams(id=koege_id))
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column('municipality_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(_fk(table), 'municipalities', ['municipality_id'], ['id'],
                                    ondelete='RESTRICT')
        if table == 'vision_targets':
            batch_op.drop_constraint('pk_vision_targets', type_='primary')
            batch_op.create_primary_key('pk_vision_targets', ['municipality_id', 'year'])
        else:
            batch_op.create_index(batch_op.f(f'ix_{table}_municipality_id'), ['municipality_id'], unique=False)
        for column in PER_MUNICIPALITY_UNIQUES.get(table, ()):
            batch_op.drop_constraint(f'uq_{table}_{column}', type_='unique')
            batch_op.create_unique_constraint(f'uq_{table}_municipality_id_{column}', ['municipality_id', column])


def _share_table(table):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(_fk(table), 'municipalities', ['municipality_id'], ['id'],
                                    ondelete='RESTRICT')
        batch_op.create_index(batch_op.f(f'ix_{table}_municipality_id'), ['municipality_id'], unique=False)


def upgrade():
    koege_id = _create_municipalities()
    for table in TENANT_TABLES:
        _own_table(table, koege_id)
    for table in SHARED_TABLES:
        _share_table(table)
    op.execute(sa.text("UPDATE sparring_offers SET municipality_id = :id WHERE scope = 'local'")
               .bindparams(id=koege_id))


def downgrade():
    bind = op.get_bind()
    if bind.execute(sa.text('SELECT COUNT(*) FROM municipalities')).scalar_one() > 1:
        raise RuntimeError('More than one municipality: 0015 cannot be undone without losing data.')
    for table in SHARED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_municipality_id'))
            batch_op.drop_constraint(_fk(table), type_='foreignkey')
            batch_op.drop_column('municipality_id')
    for table in reversed(TENANT_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in PER_MUNICIPALITY_UNIQUES.get(table, ()):
                batch_op.drop_constraint(f'uq_{table}_municipality_id_{column}', type_='unique')
                batch_op.create_unique_constraint(f'uq_{table}_{column}', [column])
            if table == 'vision_targets':
                batch_op.drop_constraint('pk_vision_targets', type_='primary')
                batch_op.create_primary_key('pk_vision_targets', ['year'])
            else:
                batch_op.drop_index(batch_op.f(f'ix_{table}_municipality_id'))
            batch_op.drop_constraint(_fk(table), type_='foreignkey')
            batch_op.drop_column('municipality_id')
    op.drop_table('municipalities')
