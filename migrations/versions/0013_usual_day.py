"""usual day and always-do marks: a citizen's saved set of actions, and the actions they always do

Revision ID: 0013_usual_day
Revises: 0012_reminders
Create Date: 2026-12-02 07:00:00

usual_day_items: the ordered actions (with amounts, in hundredths) that "Min typiske dag" logs
in one tap. always_do_marks: "Gør det allerede", the actions a citizen always does. Both are
personal rows, deleted with the account.
"""

from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = "0013_usual_day"
down_revision = "0012_reminders"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "usual_day_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("quantity_centi", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity_centi > 0", name=op.f("ck_usual_day_items_quantity_positive")),
        sa.CheckConstraint("position >= 0", name=op.f("ck_usual_day_items_position_not_negative")),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_usual_day_items_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_usual_day_items_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usual_day_items")),
        sa.UniqueConstraint("user_id", "action_id", name="uq_usual_day_items_user_action"),
        sa.UniqueConstraint("user_id", "position", name="uq_usual_day_items_user_position"),
    )
    with op.batch_alter_table("usual_day_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_usual_day_items_user_id"), ["user_id"], unique=False)

    op.create_table(
        "always_do_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_always_do_marks_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_always_do_marks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_always_do_marks")),
        sa.UniqueConstraint("user_id", "action_id", name="uq_always_do_marks_user_action"),
    )
    with op.batch_alter_table("always_do_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_always_do_marks_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("always_do_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_always_do_marks_user_id"))
    op.drop_table("always_do_marks")
    with op.batch_alter_table("usual_day_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_usual_day_items_user_id"))
    op.drop_table("usual_day_items")
