"""platform administrators and their audit log

Revision ID: 0025_platform_admins
Revises: 0021_intermunicipal
Create Date: 2026-12-03 05:40:17

Two new tables that no municipality owns: `platform_admins` (who creates municipalities and
keeps the national catalogue, signed in at /platform only) and `platform_audit_log` (their
writes; actor SET NULL so the log outlives the account, the label keeps who it was).
"""

from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = "0025_platform_admins"
down_revision = "0021_intermunicipal"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "platform_admins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("is_suspended", sa.Boolean(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_admins")),
        sa.UniqueConstraint("email", name=op.f("uq_platform_admins_email")),
    )
    op.create_table(
        "platform_audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column("verb", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("object_label", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["platform_admins.id"],
            name=op.f("fk_platform_audit_log_actor_id_platform_admins"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_audit_log")),
    )
    with op.batch_alter_table("platform_audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_platform_audit_log_created_at"), ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("platform_audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_platform_audit_log_created_at"))

    op.drop_table("platform_audit_log")
    op.drop_table("platform_admins")
