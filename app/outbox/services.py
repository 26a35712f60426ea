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
from app.single_line import to_single_line
from app.tenancy.context import platform_scope

# A claimed mail is invisible to other senders for this long; if the sender dies mid-way the
# mail becomes due again (delivered at least once, never lost).
CLAIM_SECONDS = 300


def absolute_url(endpoint: str, **values: Any) -> str:
    """An absolute link for a mail, built from PUBLIC_BASE_URL (no request needed), at the
    current municipality's address (app/tenancy/hosts.py: municipality_base_url)."""
    from urllib.parse import urlsplit

    from app.tenancy.hosts import municipality_base_url

    base = urlsplit(municipality_base_url(str(setting("PUBLIC_BASE_URL"))))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def queue_mail(
    *, to: str, subject: str, body: str, kind: str, list_unsubscribe: str | None = None
) -> OutboxMessage:
    """Add a mail to the outbox. Joins the caller's write transaction, so the mail is stored
    exactly when the change it announces is (and neither without the other).

    Subject and address become single-line here, whatever the caller passed: a CR/LF in a header
    would make the mail unsendable for ever (Python's email package refuses it) or, worse, let a
    value add headers of its own. `list_unsubscribe` (an absolute URL) becomes the mail's
    List-Unsubscribe and List-Unsubscribe-Post headers.
    """
    with write_transaction():
        message = OutboxMessage(
            kind=kind,
            to_address=to_single_line(to).replace(" ", "")[:254],
            subject=to_single_line(str(subject))[:200],
            body=str(body),
            list_unsubscribe=to_single_line(list_unsubscribe)[:500] if list_unsubscribe else None,
            status=MailStatus.PENDING,
            attempts=0,
            next_attempt_at=utcnow(),
        )
        db.session.add(message)
        db.session.flush()
    return message


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    pending_left: int = 0


# Mails claimed per transaction: small, so one sender never holds many mails while it sends them.
CLAIM_BATCH = 10


def _claim_batch(now: datetime, size: int) -> list[tuple[int, str, str, str, str | None]]:
    """Take up to `size` due mails, oldest first; two senders never claim the same mail.

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so concurrent workers take different rows
    instead of queueing on each other's locks. SQLite: the transaction starts with BEGIN
    IMMEDIATE, so the whole select-and-claim runs under the one write lock. On both, the UPDATE
    repeats the due condition and only rows it really changed (RETURNING) count as claimed.
    """
    due = (OutboxMessage.status == MailStatus.PENDING, OutboxMessage.next_attempt_at <= now)
    with write_transaction():
        stmt = (
            select(OutboxMessage.id)
            .where(*due)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(size)
        )
        if db.session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        ids = list(db.session.scalars(stmt))
        if not ids:
            return []
        claimed = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), *due)
            .values(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
            .returning(
                OutboxMessage.id,
                OutboxMessage.to_address,
                OutboxMessage.subject,
                OutboxMessage.body,
                OutboxMessage.list_unsubscribe,
            )
            .execution_options(synchronize_session=False)
        ).all()
    return sorted(((row[0], row[1], row[2], row[3], row[4]) for row in claimed), key=lambda row: row[0])


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
                now,
                message.attempts,
                base_seconds=int(setting("OUTBOX_RETRY_BASE_SECONDS")),
                max_seconds=int(setting("OUTBOX_RETRY_MAX_SECONDS")),
            )


def deliver_due(
    *, transport: Transport | None = None, now: datetime | None = None, limit: int = 100
) -> DeliveryReport:
    """Send every pending mail whose next attempt is due, oldest first.

    Mails are claimed CLAIM_BATCH at a time (see _claim_batch: safe with several workers), each
    sent outside any transaction (a slow SMTP server holds no lock), then
    marked sent, or, on any failure, kept pending with attempts+1 and the next attempt pushed
    back exponentially (OUTBOX_RETRY_BASE_SECONDS doubling up to OUTBOX_RETRY_MAX_SECONDS).
    Mails are never deleted or given up. Every municipality's mails, in platform scope.
    """
    with platform_scope():
        return _deliver_due(transport=transport, now=now, limit=limit)


def _deliver_due(*, transport: Transport | None, now: datetime | None, limit: int) -> DeliveryReport:
    transport = transport or transport_from_config(current_app.config)
    moment = now or utcnow()
    sender = str(setting("MAIL_FROM"))
    db.session.rollback()  # end any read transaction before taking write locks
    report = DeliveryReport()
    remaining = limit
    while remaining > 0:
        batch = _claim_batch(moment, min(CLAIM_BATCH, remaining))
        if not batch:
            break
        remaining -= len(batch)
        for message_id, to, subject, body, list_unsubscribe in batch:
            _send_one(
                transport,
                Mail(
                    to=to,
                    subject=subject,
                    body=body,
                    sender=sender,
                    reference=f"klimadyst-outbox-{message_id}",
                    list_unsubscribe=list_unsubscribe,
                ),
                message_id=message_id,
                now=moment,
                report=report,
            )
    report.pending_left = outbox_counts()[MailStatus.PENDING]
    db.session.rollback()
    return report


def _send_one(
    transport: Transport, mail: Mail, *, message_id: int, now: datetime, report: DeliveryReport
) -> None:
    try:
        transport.send(mail)
    except Exception as exc:
        _record(message_id, now=now, error=f"{type(exc).__name__}: {exc}")
        report.failed += 1
    else:
        _record(message_id, now=now, error=None)
        report.sent += 1
