"""bilingual catalogue texts and flags stored as a code with parameters

Revision ID: 0010_bilingual_texts
Revises: 0006_api_tokens
Create Date: 2026-12-01 20:45:00

"""
import csv
from pathlib import Path

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_bilingual_texts'
down_revision = '0007_account_security'
branch_labels = None
depends_on = None

SEED_DATA = Path(__file__).resolve().parents[2] / 'app' / 'seed' / 'data'


def _seed_rows(name):
    path = SEED_DATA / name
    if not path.exists():
        return {}
    with path.open(encoding='utf-8', newline='') as handle:
        return {row['slug']: row for row in csv.DictReader(handle)}


def _fill_danish(table, columns, rows):
    """Existing text was English: it becomes the _en text; _da comes from the seed data where the
    slug matches, and falls back to the old text so no row is left empty."""
    bind = op.get_bind()
    meta = sa.table(table, sa.column('slug', sa.String), *(sa.column(c, sa.Text) for c in
                                                           [f'{n}_da' for n in columns]))
    for slug, row in rows.items():
        values = {f'{n}_da': row[f'{n}_da'] for n in columns if row.get(f'{n}_da')}
        if values:
            bind.execute(meta.update().where(meta.c.slug == slug).values(**values))


def _drop(table, *columns):
    """Drop columns in place. On SQLite a batch drop rebuilds the table, and dropping the old
    `actions` table fails its foreign keys from the ledger; SQLite 3.35+ drops a column natively."""
    if op.get_bind().dialect.name == 'sqlite':
        for column in columns:
            op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
    else:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_column(column)


def upgrade():
    # Added with a server default so existing rows get a value; the app always writes both.
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_da', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('source_en', sa.Text(), nullable=False, server_default=''))
    op.execute("UPDATE actions SET source_en = source, source_da = source")
    _drop('actions', 'source')
    _fill_danish('actions', ['source'], _seed_rows('actions.csv'))

    with op.batch_alter_table('neighbourhoods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('includes_da', sa.String(length=255), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('includes_en', sa.String(length=255), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('source_da', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('source_en', sa.Text(), nullable=False, server_default=''))
    op.execute("UPDATE neighbourhoods SET includes_en = includes, includes_da = includes, "
               "source_en = source, source_da = source")
    _drop('neighbourhoods', 'includes', 'source')
    _fill_danish('neighbourhoods', ['includes', 'source'], _seed_rows('neighbourhoods.csv'))

    # Flags written before this revision keep their stored text under the 'legacy' code.
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=20), nullable=False,
                                      server_default='legacy'))
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))


def downgrade():
    _drop('flags', 'params', 'code')
    with op.batch_alter_table('neighbourhoods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('includes', sa.String(length=255), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('source', sa.Text(), nullable=False, server_default=''))
    op.execute("UPDATE neighbourhoods SET includes = includes_en, source = source_en")
    _drop('neighbourhoods', 'includes_da', 'includes_en', 'source_da', 'source_en')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.Text(), nullable=False, server_default=''))
    op.execute("UPDATE actions SET source = source_en")
    _drop('actions', 'source_da', 'source_en')
