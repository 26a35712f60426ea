"""Mails that keep failing show on the admin dashboard with their last error."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from app.db import db
from app.outbox.models import OutboxMessage
from app.outbox.queries import delivery_alert
from app.outbox.services import queue_mail
from tests.conftest import Person, login


def _stuck(app: Flask, attempts: list[int]) -> None:
    with app.app_context():
        for n, tries in enumerate(attempts):
            message = queue_mail(to=f"p{n}@example.dk", subject="Hej", body="Hej", kind="test")
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message.id)
                .values(attempts=tries, last_error=f"SMTPRecipientsRefused {n}")
            )
        db.session.commit()
        db.session.remove()


def test_the_alert_counts_mails_at_the_threshold(app: Flask) -> None:
    _stuck(app, [4, 5, 7])
    with app.app_context():
        alert = delivery_alert(min_attempts=5)
        assert alert is not None
        assert alert.count == 2
        assert delivery_alert(min_attempts=8) is None


def test_the_dashboard_shows_undeliverable_mails(app: Flask, client: FlaskClient, make_user: Any) -> None:
    admin: Person = make_user(role="admin")
    login(client, admin)
    assert "cannot be delivered" not in client.get("/admin", headers={"Accept-Language": "en"}).text
    _stuck(app, [5, 6, 1])
    page = client.get("/admin").text
    assert "2 mails kan ikke leveres" in page
    assert "SMTPRecipientsRefused" in page
