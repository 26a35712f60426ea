"""The citizen's reminder choices and the devices that get push notifications."""

from __future__ import annotations

from sqlalchemy import select

from app.db import db
from app.privacy.footprint.base import Row, Subject, as_row
from app.push.models import PushSubscription
from app.reminders.models import ReminderPreference
from app.reminders.rules import weekdays_of


def reminder_preferences(s: Subject) -> list[Row]:
    pref = db.session.get(ReminderPreference, s.user_id)
    if pref is None:
        return []
    return [
        as_row(
            reminder_enabled=pref.reminder_enabled,
            weekdays=[
                ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[d] for d in weekdays_of(pref.weekdays)
            ],
            reminder_time=pref.reminder_time.strftime("%H:%M"),
            only_if_not_logged=pref.only_if_not_logged,
            digest_enabled=pref.digest_enabled,
            channel=pref.channel,
            reminder_last_sent_on=pref.reminder_sent_on,
            digest_last_sent_week=pref.digest_sent_week,
            updated_at=pref.updated_at,
        )
    ]


def push_devices(s: Subject) -> list[Row]:
    """The device name and push address; the encryption keys are left out (they are secrets
    of the browser, of no use to the person)."""
    rows = db.session.scalars(
        select(PushSubscription).where(PushSubscription.user_id == s.user_id).order_by(PushSubscription.id)
    )
    return [
        as_row(
            device=row.device_label,
            endpoint=row.endpoint,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
        )
        for row in rows
    ]
