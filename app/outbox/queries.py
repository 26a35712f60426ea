"""Reads of the outbox, for the CLI and the admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db import db
from app.outbox.models import MailStatus, OutboxMessage


def pending_messages(limit: int | None = None) -> list[OutboxMessage]:
    """Mails not yet delivered, oldest first."""
    stmt = select(OutboxMessage).where(OutboxMessage.status == MailStatus.PENDING).order_by(OutboxMessage.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))


def outbox_counts() -> dict[str, int]:
    """Number of mails per status, e.g. {'pending': 2, 'sent': 40}."""
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    counts = {status.value: 0 for status in MailStatus}
    counts.update(dict(rows))
    return counts


@dataclass(frozen=True)
class DeliveryAlert:
    """Mails still pending after many failed attempts, and the newest error among them."""

    count: int
    last_error: str | None


def delivery_alert(*, min_attempts: int) -> DeliveryAlert | None:
    """The pending mails with at least `min_attempts` failed attempts, or None if there are none.

    last_error is the error of the most recently attempted of them (ties: the highest id).
    """
    stuck = (OutboxMessage.status == MailStatus.PENDING, OutboxMessage.attempts >= min_attempts)
    count = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*stuck)) or 0
    if not count:
        return None
    last_error = db.session.scalar(
        select(OutboxMessage.last_error)
        .where(*stuck)
        .order_by(OutboxMessage.last_attempt_at.desc(), OutboxMessage.id.desc())
        .limit(1)
    )
    return DeliveryAlert(count=count, last_error=last_error)
