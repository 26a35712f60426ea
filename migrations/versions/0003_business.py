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
    pass


def downgrade():
    pass
