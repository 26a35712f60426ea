"""Push end to end against a stand-in push service on 127.0.0.1: VAPID, aes128gcm, 404/410."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime
from typing import Any

import http_ece
import pytest
from flask import Flask
from flask.testing import FlaskClient
from py_vapid import Vapid02
from sqlalchemy import func, select

from app.db import db
from app.push.keys import VapidKeys
from app.push.models import PushSubscription
from app.push.services import Notice, send_notice
from tests.conftest import Person, login
from tests.push.conftest import Browser, Received, StandIn

pytestmark = pytest.mark.usefixtures("frozen_day")

NOTICE = Notice(title="Klimadyst", body="Husk at registrere", url="/hjem", tag="klimadyst-reminder")


def subscribe(client: FlaskClient, browser: Browser, endpoint: str) -> Any:
    return client.post(
        "/konto/push/abonner",
        json=browser.subscription(endpoint),
        headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36"},
    )


def devices(app: Flask) -> list[tuple[int, str]]:
    with app.app_context():
        rows = [(r.user_id, r.endpoint) for r in db.session.scalars(select(PushSubscription))]
        db.session.remove()
    return rows


def jwt_claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def check_vapid(received: Received, keys: VapidKeys, stand_in: StandIn) -> None:
    """The Authorization header is a VAPID JWT (RFC 8292) signed by the configured key."""
    authorization = received.headers["authorization"]
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid"
    parts = dict(part.split("=", 1) for part in params.split(","))
    assert parts["k"] == keys.public_key
    assert Vapid02.verify(authorization) is True
    claims = jwt_claims(parts["t"])
    assert claims["aud"] == f"http://127.0.0.1:{stand_in.port}"
    assert claims["sub"] == "mailto:it@koege.dk"
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600


def decrypt(received: Received, browser: Browser) -> dict[str, Any]:
    assert received.headers["content-encoding"] == "aes128gcm"
    plain = http_ece.decrypt(
        received.body, private_key=browser.private_key, auth_secret=browser.auth, version="aes128gcm"
    )
    return dict(json.loads(plain))


def test_a_citizen_subscribes_a_device(
    app: Flask,
    citizen_client: FlaskClient,
    citizen: Person,
    vapid: VapidKeys,
    browser: Browser,
    stand_in: StandIn,
) -> None:
    response = subscribe(citizen_client, browser, stand_in.url("/push/phone"))
    assert response.status_code == 201
    assert response.json["label"] == "Chrome · Android"
    assert devices(app) == [(citizen.id, stand_in.url("/push/phone"))]
    again = subscribe(citizen_client, browser, stand_in.url("/push/phone"))  # same device again
    assert again.status_code == 201
    assert len(devices(app)) == 1
    page = citizen_client.get("/konto/paamindelser").text
    assert "Chrome · Android" in page
    assert f'data-vapid-key="{vapid.public_key}"' in page
    assert "js/push.js" in page
    assert 'id="channel-1" name="channel" type="radio" value="push"' in page  # selectable now


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://169.254.169.254/latest/meta-data",
        "http://localhost:5432/",
        "https://fcm.googleapis.com.evil.example/x",
        "http://127.0.0.1/no-port",
        "",
    ],
)
def test_endpoints_outside_the_allow_rule_are_refused(
    app: Flask, citizen_client: FlaskClient, vapid: VapidKeys, browser: Browser, endpoint: str
) -> None:
    response = subscribe(citizen_client, browser, endpoint)
    assert response.status_code == 422
    assert response.json["message"] == "Denne browsers push-adresse er ikke en, vi kan sende til."
    assert devices(app) == []


def test_the_stand_in_is_refused_outside_tests(
    app: Flask, citizen_client: FlaskClient, vapid: VapidKeys, browser: Browser, stand_in: StandIn
) -> None:
    app.config["PUSH_ALLOW_LOCAL_STANDIN"] = False
    assert subscribe(citizen_client, browser, stand_in.url("/push/x")).status_code == 422


def test_bad_keys_and_bad_bodies_are_422_not_500(
    app: Flask, citizen_client: FlaskClient, vapid: VapidKeys, browser: Browser, stand_in: StandIn
) -> None:
    endpoint = stand_in.url("/push/x")
    for body in (
        {
            "endpoint": endpoint,
            "keys": {"p256dh": "AAAA", "auth": browser.subscription(endpoint)["keys"]["auth"]},
        },  # type: ignore[index]
        {"endpoint": endpoint, "keys": {"p256dh": browser.p256dh, "auth": "!!"}},
        {"endpoint": endpoint, "keys": "nope"},
        {"endpoint": endpoint},
    ):
        response = citizen_client.post("/konto/push/abonner", json=body)
        assert response.status_code == 422, body
        assert response.json["message"] == "Browseren sendte ufuldstændige push-nøgler. Prøv igen."
    assert citizen_client.post("/konto/push/abonner", data="not json").status_code == 422
    assert devices(app) == []


def test_without_vapid_keys_nothing_is_stored(
    app: Flask, citizen_client: FlaskClient, browser: Browser, stand_in: StandIn
) -> None:
    response = subscribe(citizen_client, browser, stand_in.url("/push/x"))
    assert response.status_code == 422
    assert devices(app) == []


def test_only_citizens_subscribe(
    app: Flask, client: FlaskClient, make_user: Any, vapid: VapidKeys, browser: Browser, stand_in: StandIn
) -> None:
    assert subscribe(client, browser, stand_in.url("/push/x")).status_code in (302, 303)  # anonymous
    login(client, make_user(role="business"))
    assert subscribe(client, browser, stand_in.url("/push/x")).status_code == 403
    assert devices(app) == []


def test_a_device_signed_in_as_someone_else_moves_to_them(
    app: Flask, make_user: Any, vapid: VapidKeys, browser: Browser, stand_in: StandIn
) -> None:
    first, second = make_user(), make_user()
    for person in (first, second):
        client = app.test_client()
        login(client, person)
        assert subscribe(client, browser, stand_in.url("/push/shared")).status_code == 201
    assert devices(app) == [(second.id, stand_in.url("/push/shared"))]


def test_the_notice_reaches_the_device_signed_and_encrypted(
    app: Flask,
    citizen_client: FlaskClient,
    citizen: Person,
    vapid: VapidKeys,
    browser: Browser,
    stand_in: StandIn,
) -> None:
    subscribe(citizen_client, browser, stand_in.url("/push/phone"))
    with app.app_context():
        report = send_notice(user_id=citizen.id, notice=NOTICE)
        last_used = db.session.scalar(select(PushSubscription.last_used_at))
        db.session.remove()
    assert (report.delivered, report.removed, report.failed, report.devices_left) == (1, 0, 0, 1)
    assert last_used is not None
    [received] = stand_in.received
    assert received.path == "/push/phone"
    check_vapid(received, vapid, stand_in)
    assert int(received.headers["ttl"]) == app.config["PUSH_TTL_SECONDS"]
    assert decrypt(received, browser) == {
        "title": "Klimadyst",
        "body": "Husk at registrere",
        "url": "/hjem",
        "tag": "klimadyst-reminder",
    }


@pytest.mark.parametrize(("status", "kept"), [(410, False), (404, False), (500, True), (429, True)])
def test_gone_devices_are_deleted_others_kept(
    app: Flask,
    citizen_client: FlaskClient,
    citizen: Person,
    vapid: VapidKeys,
    browser: Browser,
    stand_in: StandIn,
    status: int,
    kept: bool,
) -> None:
    subscribe(citizen_client, browser, stand_in.url("/push/gone"))
    subscribe(citizen_client, browser, stand_in.url("/push/fine"))
    stand_in.statuses["/push/gone"] = status
    with app.app_context():
        report = send_notice(user_id=citizen.id, notice=NOTICE)
        db.session.remove()
    assert report.delivered == 1
    assert (report.removed, report.failed) == ((0, 1) if kept else (1, 0))
    endpoints = {endpoint for _, endpoint in devices(app)}
    assert (stand_in.url("/push/gone") in endpoints) is kept
    assert stand_in.url("/push/fine") in endpoints


def test_a_redirect_is_not_followed(
    app: Flask,
    citizen_client: FlaskClient,
    citizen: Person,
    vapid: VapidKeys,
    browser: Browser,
    stand_in: StandIn,
) -> None:
    subscribe(citizen_client, browser, stand_in.url("/push/moved"))
    stand_in.redirects["/push/moved"] = stand_in.url("/internal/admin")
    with app.app_context():
        report = send_notice(user_id=citizen.id, notice=NOTICE)
        db.session.remove()
    assert (report.delivered, report.failed) == (0, 1)
    assert [r.path for r in stand_in.received] == ["/push/moved"]
    assert len(devices(app)) == 1


def test_a_push_reminder_and_the_fallback_to_mail(
    app: Flask,
    citizen_client: FlaskClient,
    citizen: Person,
    vapid: VapidKeys,
    browser: Browser,
    stand_in: StandIn,
    choose: Any,
    mails: Any,
    run_job: Any,
) -> None:
    subscribe(citizen_client, browser, stand_in.url("/push/phone"))
    choose(citizen, channel="push")
    report = run_job(datetime(2026, 6, 10, 17, 0, tzinfo=UTC))
    assert (report.reminders, report.pushed, report.mailed) == (1, 1, 0)
    assert mails() == []
    payload = decrypt(stand_in.received[-1], browser)
    assert payload["tag"] == "klimadyst-reminder"
    assert payload["url"] == "/hjem"
    assert payload["body"] == "Har du gjort noget grønt i dag? Registrér det med to tryk."
    assert run_job(datetime(2026, 6, 10, 17, 5, tzinfo=UTC)).reminders == 0  # once a day
    stand_in.statuses["/push/phone"] = 410  # the phone unsubscribed meanwhile
    report = run_job(datetime(2026, 6, 11, 17, 0, tzinfo=UTC))
    assert (report.reminders, report.pushed, report.mailed) == (1, 0, 1)
    assert devices(app) == []
    [mail] = mails("reminder")
    assert mail.to_address == citizen.email


def test_a_push_digest(
    app: Flask,
    citizen_client: FlaskClient,
    citizen: Person,
    vapid: VapidKeys,
    browser: Browser,
    stand_in: StandIn,
    choose: Any,
    run_job: Any,
) -> None:
    subscribe(citizen_client, browser, stand_in.url("/push/phone"))
    choose(citizen, reminder_enabled=False, digest_enabled=True, channel="push")
    assert run_job(datetime(2026, 6, 8, 5, 0, tzinfo=UTC)).digests == 1
    payload = decrypt(stand_in.received[-1], browser)
    assert payload["title"] == "Din uge 23 i Klimadyst"
    assert payload["tag"] == "klimadyst-digest"
    assert payload["url"] == "/min-indsats"
    assert payload["body"] == "0 point i sidste uge og en stribe på 0 dage."


def test_removing_a_device_only_ones_own(
    app: Flask, make_user: Any, vapid: VapidKeys, browser: Browser, stand_in: StandIn
) -> None:
    owner, other = make_user(), make_user()
    owner_client, other_client = app.test_client(), app.test_client()
    login(owner_client, owner)
    login(other_client, other)
    subscribe(owner_client, browser, stand_in.url("/push/owner"))
    with app.app_context():
        device_id = db.session.scalar(select(PushSubscription.id))
        db.session.remove()
    assert other_client.post(f"/konto/push/enheder/{device_id}/fjern").status_code == 404
    assert (
        other_client.post("/konto/push/afmeld", json={"endpoint": stand_in.url("/push/owner")}).status_code
        == 204
    )
    assert len(devices(app)) == 1  # neither removed someone else's device
    response = owner_client.post(f"/konto/push/enheder/{device_id}/fjern")
    assert response.status_code == 303
    assert devices(app) == []
    subscribe(owner_client, browser, stand_in.url("/push/owner"))
    assert (
        owner_client.post("/konto/push/afmeld", json={"endpoint": stand_in.url("/push/owner")}).status_code
        == 204
    )
    assert devices(app) == []


def test_the_json_endpoints_need_the_csrf_header(
    app: Flask, citizen: Person, vapid: VapidKeys, browser: Browser, stand_in: StandIn
) -> None:
    import re

    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/log-ind").text)
    assert token
    client.post(
        "/log-ind", data={"email": citizen.email, "password": citizen.password, "csrf_token": token.group(1)}
    )
    assert subscribe(client, browser, stand_in.url("/push/x")).status_code == 400
    page = client.get("/konto/paamindelser").text
    header = re.search(r'data-csrf-token="([^"]+)"', page)
    assert header
    response = client.post(
        "/konto/push/abonner",
        json=browser.subscription(stand_in.url("/push/x")),
        headers={"X-CSRFToken": header.group(1)},
    )
    assert response.status_code == 201


def test_cli_generates_a_working_key_pair(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["push", "vapid-keys"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split("=", 1) for line in result.output.strip().splitlines())
    public = base64.urlsafe_b64decode(lines["KLIMADYST_VAPID_PUBLIC_KEY"] + "==")
    assert len(public) == 65
    assert public[0] == 4
    signer = Vapid02.from_string(lines["KLIMADYST_VAPID_PRIVATE_KEY"])
    headers = signer.sign({"aud": "https://fcm.googleapis.com", "sub": "mailto:it@koege.dk"})
    assert Vapid02.verify(headers["Authorization"]) is True
    assert lines["KLIMADYST_VAPID_SUBJECT"].startswith("mailto:")


def test_the_device_count_query(app: Flask, citizen: Person) -> None:
    from app.push.queries import device_count

    with app.app_context():
        assert device_count(citizen.id) == 0
        assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0
        db.session.remove()


def test_with_no_device_left_the_page_shows_e_mail(
    app: Flask, citizen_client: FlaskClient, citizen: Person, vapid: VapidKeys, choose: Any
) -> None:
    choose(citizen, channel="email")
    with app.app_context():
        from app.reminders.models import ReminderPreference

        db.session.get_one(ReminderPreference, citizen.id).channel = "push"  # chosen when it had one
        db.session.commit()
        db.session.remove()
    page = citizen_client.get("/konto/paamindelser").text
    assert '<input checked id="channel-0" name="channel" type="radio" value="email">' in page
    assert '<input disabled id="channel-1" name="channel" type="radio" value="push">' in page
