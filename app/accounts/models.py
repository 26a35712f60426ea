"""User accounts and roles."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime, utcnow
from app.neighbourhoods.models import Neighbourhood
from app.tenancy.models import TenantMixin


class Role(StrEnum):
    CITIZEN = "citizen"
    BUSINESS = "business"
    STAFF = "staff"
    ADMIN = "admin"


def new_public_id() -> str:
    return str(uuid.uuid4())


class User(TenantMixin, Base):
    __tablename__ = "users"
    # One person may hold an account in two municipalities: e-mail and alias are per municipality.
    __table_args__ = (
        UniqueConstraint("municipality_id", "email"),
        UniqueConstraint("municipality_id", "alias_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored lower-cased, so the unique constraint makes e-mails unique regardless of case.
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    alias: Mapped[str] = mapped_column(String(40))
    # Lower-cased alias: two people cannot appear as "Cykel-Anna" and "cykel-anna".
    alias_key: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20), default=Role.CITIZEN)
    neighbourhood_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhoods.id", ondelete="RESTRICT"), index=True
    )
    # When the citizen last moved to another area (NULL: never); moves are rate-limited.
    neighbourhood_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Individual rankings are opt-in (privacy by default); neighbourhood totals always count.
    show_in_rankings: Mapped[bool] = mapped_column(Boolean, default=False)
    # A random id that keeps counting a participant once after the account is deleted.
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    # Bumped on password change or reset, logout and suspension: every session and remember-me
    # cookie issued under the old value stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    is_suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The language switch's choice while signed in ("da"/"en"); None: the default. Mails use it.
    language: Mapped[str | None] = mapped_column(String(5))

    neighbourhood: Mapped[Neighbourhood | None] = relationship(lazy="joined")

    # Flask-Login protocol --------------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    # Roles -------------------------------------------------------------------------------------
    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_citizen(self) -> bool:
        return self.role == Role.CITIZEN

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class OneTimeLinkMixin:
    """A mailed link's token: random, stored only as SHA-256, single use, expiring."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PasswordResetToken(OneTimeLinkMixin, Base):
    """A password-reset link (short-lived)."""

    __tablename__ = "password_reset_tokens"


class EmailVerificationToken(OneTimeLinkMixin, Base):
    """An e-mail verification link."""

    __tablename__ = "email_verification_tokens"


class ApiToken(Base):
    """A phone app's bearer token for the JSON API (an account credential, like the password,
    so it lives here; app/api/auth.py checks it). One device's access: random, stored as SHA-256,
    expiring, revocable."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_user_id", "user_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # SHA-256 is enough here: a token has 256 random bits, unlike a password it cannot be guessed.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # the first characters, so people can tell tokens apart
    name: Mapped[str] = mapped_column(String(80))
    # A token dies with the password it was issued under (changing it bumps session_version).
    session_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(lazy="joined")

    def is_live(self, now: datetime) -> bool:
        return (
            self.revoked_at is None
            and self.expires_at > now
            and self.session_version == self.user.session_version
        )

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"
