"""Reminder use cases: save a citizen's choices, unsubscribe by a mailed link, claim a send."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from app.accounts.models import User
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import PermissionDenied, ValidationError
from app.push.queries import device_count
from app.push.services import push_configured
from app.reminders.models import Channel, ReminderPreference
from app.reminders.rules import weekday_mask
from app.reminders.tokens import Topic


def save_preferences(
    *,
    user: User,
    reminder_enabled: bool,
    weekdays: Iterable[int],
    reminder_time: time,
    only_if_not_logged: bool,
    digest_enabled: bool,
    channel: str,
    now: datetime | None = None,
) -> ReminderPreference:
    """Store the citizen's reminder and digest choices (citizens only).

    A reminder that is on needs at least one weekday. Push can be chosen only when push is
    configured on the server and the citizen has at least one device subscribed. Saving
    never resends: today's and this week's sent markers are kept.
    """
    if not user.is_citizen:
        raise PermissionDenied(_l("Only citizens can receive reminders."))
    try:
        mask = weekday_mask(weekdays)
    except ValueError as exc:
        raise ValidationError(_l("Choose weekdays from the list."), field="weekdays") from exc
    if reminder_enabled and not mask:
        raise ValidationError(_l("Choose at least one weekday for the reminder."), field="weekdays")
    if channel not in {c.value for c in Channel}:
        raise ValidationError(_l("Choose e-mail or push."), field="channel")
    if channel == Channel.PUSH and (not push_configured() or device_count(user.id) == 0):
        raise ValidationError(_l("Turn on push on this device first, or choose e-mail."), field="channel")
    with write_transaction():
        row = db.session.get(ReminderPreference, user.id)
        if row is None:
            row = ReminderPreference(user_id=user.id)
            db.session.add(row)
        row.reminder_enabled = reminder_enabled
        row.weekdays = mask
        row.reminder_time = reminder_time.replace(second=0, microsecond=0, tzinfo=None)
        row.only_if_not_logged = only_if_not_logged
        row.digest_enabled = digest_enabled
        row.channel = channel
        row.updated_at = now or utcnow()
    return row


def unsubscribe(*, user_id: int, topic: Topic) -> bool:
    """Turn the reminder or the digest off for the person a signed link names.

    True if it was on. Idempotent: a second click, a mail client's one-click POST after the
    person already clicked, or an account with no choices stored changes nothing.
    """
    column = (
        ReminderPreference.reminder_enabled if topic is Topic.REMINDER else ReminderPreference.digest_enabled
    )
    with write_transaction():
        result = db.session.execute(
            update(ReminderPreference)
            .where(ReminderPreference.user_id == user_id, column.is_(True))
            .values({column.key: False})
            .execution_options(synchronize_session=False)
        )
    return bool(getattr(result, "rowcount", 0))


def _claim(user_id: int, column: Any, value: object) -> bool:
    """Set `column` to `value` unless it already is: one conditional UPDATE, so of two workers
    at once exactly one gets True. Joins the caller's transaction."""
    with write_transaction():
        result = db.session.execute(
            update(ReminderPreference)
            .where(ReminderPreference.user_id == user_id, column.is_distinct_from(value))
            .values({column.key: value})
            .execution_options(synchronize_session=False)
        )
    return bool(getattr(result, "rowcount", 0))


def claim_reminder(*, user_id: int, day: date) -> bool:
    """Mark the reminder of local day `day` as sent, if no one has (see `_claim`)."""
    return _claim(user_id, ReminderPreference.reminder_sent_on, day)


def claim_digest(*, user_id: int, week: str) -> bool:
    """As claim_reminder, for the digest of ISO week `week`."""
    return _claim(user_id, ReminderPreference.digest_sent_week, week)
