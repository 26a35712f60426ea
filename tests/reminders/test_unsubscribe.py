"""One-click unsubscribe: signed links, GET only asks, POST (also RFC 8058 one-click) turns off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from app.db import db
from app.outbox.services import deliver_due
from app.outbox.transport import Mail, build_message
from app.reminders.models import ReminderPreference
from app.reminders.tokens import Topic, UnsubscribeTokenInvalid, read_unsubscribe_token, unsubscribe_token
from tests.conftest import Person


def token_for(app: Flask, person: Person, topic: Topic) -> str:
    with app.app_context():
        return unsubscribe_token(user_id=person.id, topic=topic)


def flags(app: Flask, person: Person) -> tuple[bool, bool]:
    with app.app_context():
        pref = db.session.get_one(ReminderPreference, person.id)
        result = (pref.reminder_enabled, pref.digest_enabled)
        db.session.remove()
    return result


def test_a_token_names_the_person_and_the_topic(ctx: Flask) -> None:
    token = unsubscribe_token(user_id=7, topic=Topic.DIGEST)
    link = read_unsubscribe_token(token)
    assert (link.user_id, link.topic) == (7, Topic.DIGEST)


def test_tampered_or_swapped_tokens_are_refused(ctx: Flask) -> None:
    token = unsubscribe_token(user_id=7, topic=Topic.REMINDER)
    prefix, _, signed = token.partition(".")
    for bad in (
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature changed
        f"digest.{signed}",  # signed for the reminder, presented as the digest's
        signed,  # no topic
        "reminder.eyJ1c2VyIjo4LCJ3aGF0IjoicmVtaW5kZXIifQ.aaaaaa.bbbbbbbb",  # made up
    ):
        with pytest.raises(UnsubscribeTokenInvalid) as refused:
            read_unsubscribe_token(bad)
        assert refused.value.expired is False, bad
    assert prefix == "reminder"


def test_a_token_signed_with_another_key_is_refused(app: Flask) -> None:
    with app.app_context():
        token = unsubscribe_token(user_id=7, topic=Topic.REMINDER)
    app.secret_key = "another-secret-key-entirely"
    with app.app_context(), pytest.raises(UnsubscribeTokenInvalid):
        read_unsubscribe_token(token)


def test_an_old_link_expires_with_a_clear_page(
    app: Flask, client: FlaskClient, citizen: Person, choose: Any
) -> None:
    choose(citizen)
    start = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        token = token_for(app, citizen, Topic.REMINDER)
    days = int(app.config["UNSUBSCRIBE_VALID_DAYS"])
    with time_machine.travel(start + timedelta(days=days - 1), tick=False):
        assert client.get(f"/afmeld/{token}").status_code == 200
    with time_machine.travel(start + timedelta(days=days, seconds=5), tick=False):
        response = client.get(f"/afmeld/{token}")
        assert response.status_code == 400
        assert "udløbet" in response.text
        assert client.post(f"/afmeld/{token}").status_code == 400
    assert flags(app, citizen) == (True, False)


def test_a_bad_link_gets_a_clear_400_page(client: FlaskClient) -> None:
    response = client.get("/afmeld/reminder.ikke-et-gyldigt-link")
    assert response.status_code == 400
    assert "ikke gyldigt" in response.text
    assert client.post("/afmeld/noget-helt-andet").status_code == 400


def test_get_only_asks_and_post_turns_it_off(
    app: Flask, client: FlaskClient, citizen: Person, choose: Any
) -> None:
    choose(citizen, digest_enabled=True)
    token = token_for(app, citizen, Topic.REMINDER)
    page = client.get(f"/afmeld/{token}")
    assert page.status_code == 200
    assert "Stop påmindelserne" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert flags(app, citizen) == (True, True)  # GET changed nothing
    response = client.post(f"/afmeld/{token}")
    assert response.status_code == 303
    assert flags(app, citizen) == (False, True)  # only the reminder, not the digest
    done = client.get(response.headers["Location"])
    assert "Påmindelsen er slået fra" in done.text
    assert client.post(f"/afmeld/{token}").status_code == 303  # a second click is harmless
    client.post(f"/afmeld/{token_for(app, citizen, Topic.DIGEST)}")
    assert flags(app, citizen) == (False, False)


def test_rfc8058_one_click_post_works_without_csrf(app: Flask, citizen: Person, choose: Any) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    choose(citizen, digest_enabled=True)
    client = app.test_client()  # a mail client: no session, no CSRF token
    token = token_for(app, citizen, Topic.DIGEST)
    response = client.post(f"/afmeld/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    assert flags(app, citizen) == (True, False)
    # CSRF really is on for every other form, e.g. the login form:
    assert client.post("/log-ind", data={"email": citizen.email, "password": "x"}).status_code == 400


def test_the_mail_carries_list_unsubscribe_headers(
    app: Flask, citizen: Person, choose: Any, run_job: Any
) -> None:
    choose(citizen)
    run_job(datetime(2026, 6, 10, 17, 0, tzinfo=UTC))
    sent: list[Mail] = []

    class Recording:
        def send(self, mail: Mail) -> None:
            sent.append(mail)

    with app.app_context():
        assert deliver_due(transport=Recording()).sent == 1
    [mail] = sent
    message = build_message(mail)
    assert message["List-Unsubscribe"] == f"<{mail.list_unsubscribe}>"
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/afmeld/reminder.")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = build_message(
        Mail(to="a@example.dk", subject="Hej", body="x", sender="b@example.dk", reference="r")
    )
    assert plain["List-Unsubscribe"] is None


def test_the_link_in_the_mail_unsubscribes(
    app: Flask, client: FlaskClient, citizen: Person, choose: Any, mails: Any, run_job: Any
) -> None:
    choose(citizen)
    run_job(datetime(2026, 6, 10, 17, 0, tzinfo=UTC))
    [mail] = mails("reminder")
    path = mail.list_unsubscribe.removeprefix("http://127.0.0.1:5000")
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 204
    assert flags(app, citizen) == (False, False)
    assert run_job(datetime(2026, 6, 11, 17, 0, tzinfo=UTC)).reminders == 0


def test_a_header_value_cannot_add_headers(ctx: Flask) -> None:
    from app.outbox.services import queue_mail

    message = queue_mail(
        to="a@example.dk",
        subject="Hej",
        body="x",
        kind="test",
        list_unsubscribe="https://klimadyst.dk/afmeld/x\r\nBcc: someone@example.dk",
    )
    assert message.list_unsubscribe == "https://klimadyst.dk/afmeld/x Bcc: someone@example.dk"
    built = build_message(
        Mail(
            to=message.to_address,
            subject=message.subject,
            body=message.body,
            sender="b@example.dk",
            reference="r",
            list_unsubscribe=message.list_unsubscribe,
        )
    )
    assert built["Bcc"] is None
