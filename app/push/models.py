"""One row per device that allowed push notifications (a browser's PushSubscription)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow
from app.push.rules import ENDPOINT_MAX_LENGTH, KEY_MAX_LENGTH, LABEL_MAX_LENGTH


class PushSubscription(Base):
    """A device's push address. The endpoint is unique: a browser has one per site, so when
    another account signs in on the same device and subscribes, the row moves to that account.
    Deleted when the push service answers 404 or 410 (the device unsubscribed or is gone)."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(ENDPOINT_MAX_LENGTH), unique=True)
    # The browser's public key (P-256, base64url) and auth secret: what the payload is encrypted to.
    p256dh: Mapped[str] = mapped_column(String(KEY_MAX_LENGTH))
    auth: Mapped[str] = mapped_column(String(KEY_MAX_LENGTH))
    device_label: Mapped[str] = mapped_column(String(LABEL_MAX_LENGTH), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<PushSubscription {self.id} user={self.user_id}>"
