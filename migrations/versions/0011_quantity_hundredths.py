"""quantity hundredths: summed quantities as integers of hundredths of a unit

Revision ID: 0011_quantity_hundredths
Revises: 0006_api_tokens
Create Date: 2026-12-01 20:30:00

action_logs.quantity, action_tallies.quantity and challenge_participants.quantity become
quantity_centi (hundredths, integers), converted exactly with ROUND(quantity * 100): a sum of
integers carries no float residue on SQLite. Caps, default amounts and challenge targets are
single values (never summed) and stay NUMERIC(…, 2); the code compares them in hundredths.

Also team_memberships.joined_on, the local day of joining (the team board counts a member's
logs from that day), filled from joined_at in Europe/Copenhagen.
"""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_quantity_hundredths'
down_revision = '0010_bilingual_texts'
branch_labels = None
depends_on = None

# table -> (integer type, CHECK constraint on the quantity, if any)
TABLES = {
    'action_logs': (sa.Integer(), 'ck_action_logs_quantity_positive'),
    'action_tallies': (sa.BigInteger(), None),
    'challenge_participants': (sa.BigInteger(), None),
}


def _add_joined_on():
    with op.batch_alter_table('team_memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joined_on', sa.Date(), nullable=True))
    memberships = sa.table('team_memberships', sa.column('user_id', sa.Integer()),
                           sa.column('joined_at', sa.String()), sa.column('joined_on', sa.Date()))
    bind = op.get_bind()
    zone = ZoneInfo('Europe/Copenhagen')
    for user_id, joined_at in bind.execute(sa.select(memberships.c.user_id, memberships.c.joined_at)).all():
        moment = joined_at if isinstance(joined_at, datetime) else datetime.fromisoformat(str(joined_at))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        bind.execute(memberships.update().where(memberships.c.user_id == user_id)
                     .values(joined_on=moment.astimezone(zone).date()))
    with op.batch_alter_table('team_memberships', schema=None) as batch_op:
        batch_op.alter_column('joined_on', existing_type=sa.Date(), nullable=False)


def upgrade():
    _add_joined_on()
    for table, (kind, check) in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('quantity_centi', kind, nullable=True))
        op.execute(f'UPDATE {table} SET quantity_centi = '
                   f'CAST(ROUND(quantity * 100) AS {"INTEGER" if table == "action_logs" else "BIGINT"})')
        with op.batch_alter_table(table, schema=None) as batch_op:
            if check:
                batch_op.drop_constraint(op.f(check), type_='check')
            batch_op.drop_column('quantity')
            batch_op.alter_column('quantity_centi', existing_type=kind, nullable=False)
            if check:
                batch_op.create_check_constraint('quantity_positive', 'quantity_centi > 0')


def downgrade():
    with op.batch_alter_table('team_memberships', schema=None) as batch_op:
        batch_op.drop_column('joined_on')
    for table, (kind, check) in TABLES.items():
        scale = (10, 2) if table == 'action_logs' else (14, 2)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('quantity', sa.Numeric(*scale), nullable=True))
        op.execute(f'UPDATE {table} SET quantity = quantity_centi / 100.0')
        with op.batch_alter_table(table, schema=None) as batch_op:
            if check:
                batch_op.drop_constraint(op.f(check), type_='check')
            batch_op.drop_column('quantity_centi')
            batch_op.alter_column('quantity', existing_type=sa.Numeric(*scale), nullable=False)
            if check:
                batch_op.create_check_constraint('quantity_positive', 'quantity > 0')
