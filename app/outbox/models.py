"""Queued e-mails: written in the same transaction as the change they announce."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow
from app.tenancy.models import SharedOrTenantMixin


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"


class OutboxMessage(SharedOrTenantMixin, Base):
    """One e-mail. Rows are never deleted by delivery: a failure only pushes next_attempt_at.

    A mail queued in a municipality is that municipality's (its admins see its delivery
    problems, an export or erasure finds it there); one queued in platform scope is NULL. The
    sender (`deliver_due`) works in platform scope: one outbox for the installation."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # The one-click unsubscribe address (RFC 8058) of a mail someone can opt out of, else NULL.
    list_unsubscribe: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.status}>"
