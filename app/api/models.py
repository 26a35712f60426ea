"""Bearer tokens for the JSON API; only a hash of each token is stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.clock import utcnow
from app.db import Base, UTCDateTime


class ApiToken(Base):
    """One device's access: random, stored as SHA-256, expiring, revocable."""

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
        return (self.revoked_at is None and self.expires_at > now
                and self.session_version == self.user.session_version)

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"
