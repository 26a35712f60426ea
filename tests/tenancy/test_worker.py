"""Worker jobs run in platform scope and write each person's mail in their municipality."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.db import db
from app.outbox.models import OutboxMessage
from app.tenancy.context import in_municipality, platform_scope
from tests.tenancy.conftest import Town

EVENING = datetime(2026, 6, 10, 17, 0, tzinfo=UTC)  # 19:00 in Copenhagen


def test_reminders_reach_every_municipality_with_links_to_their_own_address(
    app: Flask, towns: tuple[Town, Town]
) -> None:
    from app.outbox.worker import Worker
    from app.reminders.services import save_preferences

    with app.app_context():
        for town in towns:
            with in_municipality(town.municipality_id):
                save_preferences(
                    user=db.session.get_one(User, town.citizen.id),
                    reminder_enabled=True,
                    weekdays=range(7),
                    reminder_time=time(19, 0),
                    only_if_not_logged=False,
                    digest_enabled=False,
                    channel="email",
                    now=datetime(2026, 1, 1, tzinfo=UTC),
                )
        db.session.remove()
    from app.reminders.sending import send_due_notifications

    worker = Worker(app, jobs=[], transport=None, poll_seconds=1, clock=lambda: 0.0)  # type: ignore[arg-type]
    worker._step("reminders", lambda: send_due_notifications(now=EVENING))
    with app.app_context(), platform_scope():
        bodies = list(db.session.scalars(select(OutboxMessage.body).where(OutboxMessage.kind == "reminder")))
        db.session.remove()
    assert len(bodies) == 2
    assert any("http://127.0.0.1:5000/" in body for body in bodies)  # Køge, the default
    assert any("http://solroed.localhost:5000/" in body for body in bodies)
