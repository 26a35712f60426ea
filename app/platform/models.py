"""The platform's own administrators and their audit log (no municipality owns either)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow

# Flask-Login ids of platform administrators start with this, so a session can never be read as
# a municipality's account ("<id>.<version>") or the other way round (app/features.py).
LOGIN_ID_PREFIX = "p."


class PlatformAdmin(Base):
    """Creates municipalities and their first admin, keeps the national catalogue and national
    sparring offers, runs inter-municipal challenges. Signs in at the platform's own address
    only (/platform), never as anyone in a municipality."""

    __tablename__ = "platform_admins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower-cased
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Bumped on log-out and password change: every session issued under the old value ends.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    is_suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Flask-Login protocol, and what the shared page layout asks of a signed-in person --------
    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_citizen = False
    is_admin = False  # a municipality's admin; a platform admin is none
    is_platform_admin = True
    role = "platform"
    email_verified = True

    def get_id(self) -> str:
        return f"{LOGIN_ID_PREFIX}{self.id}.{self.session_version}"

    @property
    def alias(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<PlatformAdmin {self.id}>"


class PlatformAuditEntry(Base):
    """One write by a platform administrator. Rows are only ever inserted."""

    __tablename__ = "platform_audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("platform_admins.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254))
    verb: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64), default="")
    object_label: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
