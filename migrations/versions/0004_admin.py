"""admin: settings, audit log, moderation, live screen

Revision ID: 0004_admin
Revises: 0003_business
Create Date: 2026-11-22 06:30:00

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0004_admin'
down_revision = '0003_business'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
