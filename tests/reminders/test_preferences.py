"""The preferences page: citizens only, each their own choices, clear messages for bad input."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.db import db
from app.reminders.models import ReminderPreference
from tests.conftest import Person, login

pytestmark = pytest.mark.usefixtures("frozen_day")

VALID = {
    "reminder_enabled": "y",
    "weekdays": ["0", "2", "4"],
    "reminder_time": "07:45",
    "only_if_not_logged": "y",
    "digest_enabled": "y",
    "channel": "email",
}


def saved(app: Flask, person: Person) -> ReminderPreference | None:
    with app.app_context():
        row = db.session.get(ReminderPreference, person.id)
        if row is not None:
            db.session.expunge(row)
        db.session.remove()
    return row


def test_a_citizen_saves_their_choices(app: Flask, citizen_client: FlaskClient, citizen: Person) -> None:
    page = citizen_client.get("/konto/paamindelser")
    assert page.status_code == 200
    assert "Påmindelser og ugebrev" in page.text
    assert 'type="time" value="19:00"' in page.text
    assert all(f'checked id="weekdays-{day}"' in page.text for day in range(7))  # the default
    response = citizen_client.post("/konto/paamindelser", data=VALID)
    assert response.status_code == 303
    row = saved(app, citizen)
    assert row is not None
    assert (row.reminder_enabled, row.weekdays, row.reminder_time) == (True, 0b10101, time(7, 45))
    assert (row.only_if_not_logged, row.digest_enabled, row.channel) == (True, True, "email")
    page = citizen_client.get("/konto/paamindelser").text
    assert 'value="07:45"' in page
    assert all(f'checked id="weekdays-{day}"' in page for day in (0, 2, 4))
    assert not any(f'checked id="weekdays-{day}"' in page for day in (1, 3, 5, 6))
    assert 'checked id="only_if_not_logged"' in page
    assert 'checked id="digest_enabled"' in page


def test_danish_time_with_a_point_is_understood(
    app: Flask, citizen_client: FlaskClient, citizen: Person
) -> None:
    assert (
        citizen_client.post("/konto/paamindelser", data={**VALID, "reminder_time": "19.30"}).status_code
        == 303
    )
    row = saved(app, citizen)
    assert row is not None
    assert row.reminder_time == time(19, 30)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reminder_time": "25:00"}, "Skriv tidspunktet som timer og minutter, fx 19:30."),
        ({"reminder_time": "kl. syv"}, "Skriv tidspunktet som timer og minutter, fx 19:30."),
        ({"reminder_time": ""}, "Skriv tidspunktet som timer og minutter, fx 19:30."),
        ({"weekdays": []}, "Vælg mindst én ugedag til påmindelsen."),
        ({"weekdays": ["9"]}, "Vælg ugedage fra listen."),
        ({"weekdays": ["mandag"]}, ""),
        ({"channel": "sms"}, ""),
        ({"channel": "push"}, "Slå først push til på denne enhed, eller vælg e-mail."),
    ],
)
def test_bad_input_is_refused_with_a_message(
    app: Flask, citizen_client: FlaskClient, citizen: Person, change: dict[str, Any], message: str
) -> None:
    response = citizen_client.post("/konto/paamindelser", data={**VALID, **change})
    assert response.status_code == 422
    assert "Ret venligst" in response.text or message in response.text
    if message:
        assert message in response.text
    assert saved(app, citizen) is None


def test_weekdays_may_be_empty_when_the_reminder_is_off(
    app: Flask, citizen_client: FlaskClient, citizen: Person
) -> None:
    data = {k: v for k, v in VALID.items() if k not in {"reminder_enabled", "weekdays"}}
    assert citizen_client.post("/konto/paamindelser", data=data).status_code == 303
    row = saved(app, citizen)
    assert row is not None
    assert (row.reminder_enabled, row.weekdays, row.digest_enabled) == (False, 0, True)


@pytest.mark.parametrize("role", ["business", "staff", "admin"])
def test_only_citizens(app: Flask, make_user: Any, role: str) -> None:
    client = app.test_client()
    login(client, make_user(role=role))
    assert client.get("/konto/paamindelser").status_code == 403
    assert client.post("/konto/paamindelser", data=VALID).status_code == 403


def test_anonymous_is_sent_to_log_in(client: FlaskClient) -> None:
    response = client.get("/konto/paamindelser")
    assert response.status_code in (302, 303)
    assert "/log-ind" in response.headers["Location"]


def test_each_citizen_sees_and_changes_only_their_own(app: Flask, make_user: Any, choose: Any) -> None:
    first, second = make_user(), make_user()
    choose(first, reminder_time=time(6, 15))
    client = app.test_client()
    login(client, second)
    page = client.get("/konto/paamindelser")
    assert 'value="06:15"' not in page.text
    client.post("/konto/paamindelser", data={**VALID, "reminder_time": "21:00"})
    mine, theirs = saved(app, second), saved(app, first)
    assert mine is not None
    assert theirs is not None
    assert (mine.reminder_time, theirs.reminder_time) == (time(21, 0), time(6, 15))


def test_the_account_page_links_to_the_reminders(citizen_client: FlaskClient) -> None:
    assert "/konto/paamindelser" in citizen_client.get("/konto").text


def test_without_vapid_keys_push_is_hidden_with_an_explanation(citizen_client: FlaskClient) -> None:
    page = citizen_client.get("/konto/paamindelser").text
    assert "Push-beskeder er ikke sat op på denne server endnu" in page
    assert "push.js" not in page
    assert '<input disabled id="channel-1" name="channel" type="radio" value="push">' in page


def test_saving_with_csrf_on_needs_the_token(app: Flask, citizen: Person) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get("/log-ind").text
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    client.post(
        "/log-ind", data={"email": citizen.email, "password": citizen.password, "csrf_token": token.group(1)}
    )
    assert client.post("/konto/paamindelser", data=VALID).status_code == 400
    form = client.get("/konto/paamindelser").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    assert client.post("/konto/paamindelser", data={**VALID, "csrf_token": token.group(1)}).status_code == 303
