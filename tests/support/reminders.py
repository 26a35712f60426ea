"""Fixtures for the reminder and push tests: save a citizen's choices, read the queued mails, run the job."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.db import db
from app.outbox.models import OutboxMessage
from tests.conftest import Person

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def choose(app: Flask) -> Callable[..., None]:
    """Save a person's choices through the service, as if saved long ago (so today counts)."""

    def save(person: Person, **choices: Any) -> None:
        from app.reminders.services import save_preferences

        values: dict[str, Any] = {
            "reminder_enabled": True,
            "weekdays": range(7),
            "reminder_time": time(19, 0),
            "only_if_not_logged": False,
            "digest_enabled": False,
            "channel": "email",
            "now": LONG_AGO,
        }
        values.update(choices)
        with app.app_context():
            save_preferences(user=db.session.get_one(User, person.id), **values)
            db.session.remove()

    return save


@pytest.fixture
def mails(app: Flask) -> Callable[..., list[OutboxMessage]]:
    """The queued mails, optionally of one kind, oldest first (detached, attributes loaded)."""

    def read(kind: str | None = None) -> list[OutboxMessage]:
        with app.app_context():
            stmt = select(OutboxMessage).order_by(OutboxMessage.id)
            if kind is not None:
                stmt = stmt.where(OutboxMessage.kind == kind)
            rows = list(db.session.scalars(stmt))
            db.session.expunge_all()
            db.session.remove()
        return rows

    return read


@pytest.fixture
def run_job(app: Flask) -> Callable[..., Any]:
    """The worker job, in its own app context, at `now` (or the patched clock)."""

    def run(now: datetime | None = None) -> Any:
        from app.reminders.sending import send_due_notifications

        with app.app_context():
            report = send_due_notifications(now=now)
            db.session.remove()
        return report

    return run
