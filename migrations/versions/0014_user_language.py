"""user language: the language a signed-in person chose, for their mails and other devices

Revision ID: 0014_user_language
Revises: 0013_usual_day
Create Date: 2026-12-02 07:30:00

users.language: "da" or "en" once the person used the language switch while signed in; empty
means the default (Danish). Reminders and digests are written in it, and signing in on a new
device brings it along.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014_user_language"
down_revision = "0013_usual_day"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
