"""Reads of the outbox, for the CLI and the admin."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db import db
from app.outbox.models import MailStatus, OutboxMessage


def pending_messages(limit: int | None = None) -> list[OutboxMessage]:
    """Mails not yet delivered, oldest first."""
    stmt = (select(OutboxMessage).where(OutboxMessage.status == MailStatus.PENDING)
            .order_by(OutboxMessage.id))
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))


def outbox_counts() -> dict[str, int]:
    """Number of mails per status, e.g. {'pending': 2, 'sent': 40}."""
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    counts = {status.value: 0 for status in MailStatus}
    counts.update(dict(rows))
    return counts
