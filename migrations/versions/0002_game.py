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
    pass


def downgrade():
    pass
