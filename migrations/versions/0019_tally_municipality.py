"""tally municipality: the per-action aggregates are kept per municipality

Revision ID: 0019_tally_municipality
Revises: 0020_cases
Create Date: 2026-12-02 22:30:00

daily_action_totals (per action and day) and action_tallies (per action and year) had no
municipality: the action catalogue is national, so one row counted the logs of every
municipality, and "top actions" on the vision page and the admin dashboard mixed them. Both
are keyed by (municipality_id, action_id, ...) now. They are derived rows, so both tables are
rebuilt from the counted ledger, which already carries each log's municipality (0015): nothing
is lost, and a database where a second municipality has logged already is split correctly.
The downgrade rebuilds the old, national rows from the ledger the same way.

outbox_messages gets a nullable municipality_id (SET by the app from the municipality a mail
was queued in; NULL for mails queued in platform scope and for every mail queued before this
revision): a municipality's admins saw every municipality's undeliverable mails and their SMTP
errors, which name the recipients.
"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_tally_municipality'
down_revision = '0020_cases'
branch_labels = None
depends_on = None

COUNTED = "l.status = 'counted'"


def _daily_action_totals(per_municipality):
    key = [sa.Column('municipality_id', sa.Integer(), nullable=False)] if per_municipality else []
    op.create_table('daily_action_totals',
    *key,
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('co2e_g', sa.BigInteger(), nullable=False),
    sa.Column('logs', sa.Integer(), nullable=False),
    *([sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                               name=op.f('fk_daily_action_totals_municipality_id_municipalities'),
                               ondelete='RESTRICT')] if per_municipality else []),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_daily_action_totals_action_id_actions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint(*(c.name for c in key), 'action_id', 'day', name=op.f('pk_daily_action_totals'))
    )
    with op.batch_alter_table('daily_action_totals', schema=None) as batch_op:
        if per_municipality:
            batch_op.create_index('ix_daily_action_totals_municipality_day', ['municipality_id', 'day'], unique=False)
        else:
            batch_op.create_index(batch_op.f('ix_daily_action_totals_day'), ['day'], unique=False)
    group = 'l.municipality_id, l.action_id, l.occurred_on' if per_municipality else 'l.action_id, l.occurred_on'
    columns = 'municipality_id, action_id, day' if per_municipality else 'action_id, day'
    op.execute(
        f"INSERT INTO daily_action_totals ({columns}, points, co2e_g, logs) "
        f"SELECT {group}, SUM(l.points), SUM(COALESCE(l.co2e_g, 0)), COUNT(*) "
        f"FROM action_logs l WHERE {COUNTED} GROUP BY {group}"
    )


def _action_tallies(per_municipality):
    key = [sa.Column('municipality_id', sa.Integer(), nullable=False)] if per_municipality else []
    tallies = op.create_table('action_tallies',
    *key,
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('logs', sa.Integer(), nullable=False),
    sa.Column('quantity_centi', sa.BigInteger(), nullable=False),
    sa.Column('co2e_g', sa.BigInteger(), nullable=False),
    *([sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                               name=op.f('fk_action_tallies_municipality_id_municipalities'),
                               ondelete='RESTRICT')] if per_municipality else []),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_tallies_action_id_actions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint(*(c.name for c in key), 'action_id', 'year', name=op.f('pk_action_tallies'))
    )
    # The calendar year of a local day, summed here (the SQL for a date's year differs between
    # SQLite and PostgreSQL); one row per (municipality, action, day) comes back, not per log.
    group = 'l.municipality_id, l.action_id, l.occurred_on' if per_municipality else 'l.action_id, l.occurred_on'
    rows = op.get_bind().execute(sa.text(
        f"SELECT {group}, COUNT(*), SUM(l.quantity_centi), SUM(COALESCE(l.co2e_g, 0)) "
        f"FROM action_logs l WHERE {COUNTED} GROUP BY {group}"
    ))
    totals = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        *ids, day, logs, quantity, co2e_g = row
        total = totals[(*ids, int(str(day)[:4]))]
        total[0] += int(logs)
        total[1] += int(quantity)
        total[2] += int(co2e_g)
    names = [c.name for c in key] + ['action_id', 'year']
    if totals:
        op.bulk_insert(tallies, [
            {**dict(zip(names, k)), 'logs': t[0], 'quantity_centi': t[1], 'co2e_g': t[2]}
            for k, t in totals.items()
        ])


def _drop():
    with op.batch_alter_table('daily_action_totals', schema=None) as batch_op:
        for index in sa.inspect(op.get_bind()).get_indexes('daily_action_totals'):
            batch_op.drop_index(index['name'])
    op.drop_table('daily_action_totals')
    op.drop_table('action_tallies')


def upgrade():
    _drop()
    _daily_action_totals(per_municipality=True)
    _action_tallies(per_municipality=True)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_municipality_id_municipalities'),
                                    'municipalities', ['municipality_id'], ['id'], ondelete='RESTRICT')


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_municipality_id_municipalities'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_municipality_id'))
        batch_op.drop_column('municipality_id')
    _drop()
    _daily_action_totals(per_municipality=False)
    _action_tallies(per_municipality=False)
