"""GDPR: the export shows the reminder choices and push devices; deleting the account removes them."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.db import db
from app.push.models import PushSubscription
from app.reminders.models import ReminderPreference
from tests.conftest import login
from tests.privacy.conftest import SOLSIKKE_ENDPOINT, Footprint


def test_the_export_lists_the_choices_and_devices(client: FlaskClient, footprint: Footprint) -> None:
    login(client, footprint.citizen)
    data = client.get("/konto/eksport").get_json(force=True)
    assert data["reminder_preferences"] == [
        {
            "reminder_enabled": True,
            "weekdays": ["mon", "thu"],
            "reminder_time": "18:30",
            "only_if_not_logged": True,
            "digest_enabled": True,
            "channel": "push",
            "reminder_last_sent_on": None,
            "digest_last_sent_week": None,
            "updated_at": data["reminder_preferences"][0]["updated_at"],
        }
    ]
    [device] = data["push_devices"]
    assert (device["device"], device["endpoint"]) == ("Chrome · Android", SOLSIKKE_ENDPOINT)
    assert "p256dh" not in device
    assert "auth" not in device
    assert data["tables"]["push_devices"] == "push_subscriptions"


def test_deleting_the_account_removes_them(app: Flask, client: FlaskClient, footprint: Footprint) -> None:
    person = footprint.citizen
    login(client, person)
    assert client.post("/konto/slet", data={"password": person.password, "confirm": "y"}).status_code == 303
    with app.app_context():
        assert db.session.get(ReminderPreference, person.id) is None
        assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0
        db.session.remove()
