"""Outbox use cases: queue a mail inside the caller's transaction, deliver the due ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from app.clock import utcnow
from app.db import db, write_transaction
from app.outbox.backoff import next_attempt
from app.outbox.models import MailStatus, OutboxMessage
from app.outbox.queries import outbox_counts
from app.outbox.transport import Mail, Transport, transport_from_config
from app.settings import setting

# A claimed mail is invisible to other senders for this long; if the sender dies mid-way the
# mail becomes due again (delivered at least once, never lost).
CLAIM_SECONDS = 300


def absolute_url(endpoint: str, **values: Any) -> str:
    """An absolute link for a mail, built from PUBLIC_BASE_URL (no request needed)."""
    from urllib.parse import urlsplit

    base = urlsplit(str(setting("PUBLIC_BASE_URL")))
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def queue_mail(*, to: str, subject: str, body: str, kind: str) -> OutboxMessage:
    """Add a mail to the outbox. Joins the caller's write transaction, so the mail is stored
    exactly when the change it announces is (and neither without the other)."""
    with write_transaction():
        message = OutboxMessage(kind=kind, to_address=to.strip(), subject=str(subject)[:200],
                                body=str(body), status=MailStatus.PENDING, attempts=0,
                                next_attempt_at=utcnow())
        db.session.add(message)
        db.session.flush()
    return message


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    pending_left: int = 0


def _claim(message_id: int, now: datetime) -> bool:
    """Take one due mail, atomically: two senders never both claim it."""
    with write_transaction():
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == MailStatus.PENDING,
                   OutboxMessage.next_attempt_at <= now)
            .values(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
            .execution_options(synchronize_session=False)
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _record(message_id: int, *, now: datetime, error: str | None) -> None:
    with write_transaction():
        message = db.session.get(OutboxMessage, message_id)
        if message is None:
            return
        db.session.refresh(message)
        message.attempts += 1
        message.last_attempt_at = now
        if error is None:
            message.status = MailStatus.SENT
            message.sent_at = now
            message.last_error = None
        else:
            message.last_error = error[:2000]
            message.next_attempt_at = next_attempt(
                now, message.attempts,
                base_seconds=int(setting("OUTBOX_RETRY_BASE_SECONDS")),
                max_seconds=int(setting("OUTBOX_RETRY_MAX_SECONDS")),
            )


def deliver_due(
    *, transport: Transport | None = None, now: datetime | None = None, limit: int = 100
) -> DeliveryReport:
    """Send every pending mail whose next attempt is due, oldest first.

    Each mail is claimed, sent outside any transaction (a slow SMTP server holds no lock), then
    marked sent, or, on any failure, kept pending with attempts+1 and the next attempt pushed
    back exponentially (OUTBOX_RETRY_BASE_SECONDS doubling up to OUTBOX_RETRY_MAX_SECONDS).
    Mails are never deleted or given up.
    """
    transport = transport or transport_from_config(current_app.config)
    moment = now or utcnow()
    sender = str(setting("MAIL_FROM"))
    due = list(db.session.execute(
        select(OutboxMessage.id, OutboxMessage.to_address, OutboxMessage.subject,
               OutboxMessage.body)
        .where(OutboxMessage.status == MailStatus.PENDING,
               OutboxMessage.next_attempt_at <= moment)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all())
    db.session.rollback()  # end the read transaction before taking write locks
    report = DeliveryReport()
    for message_id, to, subject, body in due:
        if not _claim(message_id, moment):
            continue
        mail = Mail(to=to, subject=subject, body=body, sender=sender,
                    reference=f"klimadyst-outbox-{message_id}")
        try:
            transport.send(mail)
        except Exception as exc:
            _record(message_id, now=moment, error=f"{type(exc).__name__}: {exc}")
            report.failed += 1
        else:
            _record(message_id, now=moment, error=None)
            report.sent += 1
    report.pending_left = outbox_counts()[MailStatus.PENDING]
    db.session.rollback()
    return report
