"""Public pages a shared cache may keep; personal answers never.

Every GET page an anonymous visitor may see (the role table of test_access_matrix) is swept:
none sets a cookie, and each marked public sends `Cache-Control: public, max-age`, a strong
ETag, `Vary: Cookie` and 304 on If-None-Match. The same pages to a signed-in person, or to a
visitor with a message waiting in the session, stay `private, no-store`.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login
from tests.web.test_access_matrix import EXPECTED, OK, World, _url, build_world, page_rules

pytestmark = pytest.mark.usefixtures("frozen_day")

# Anonymous pages that are not for a shared cache, each with its reason.
FORMS = {
    "accounts.forgot_password": "a form with a CSRF token: the visitor who uses it gets a session",
    "accounts.login": "the login form (CSRF token, so a session)",
    "accounts.register": "the sign-up form (CSRF token, so a session)",
    "business.register": "the company sign-up form (CSRF token, so a session)",
    "business.invitation": "a secret link to one person's invitation, with its accept form",
}
NOT_PUBLIC = {
    **FORMS,
    "livescreen.live_screen": "a secret link (the big screen's address)",
    "web.health": "a probe: always asked of the process itself",
    "web.readiness": "a probe: always asked of the process itself",
    "web.favicon": "a file with its own day-long public lifetime",
    "web.service_worker": "the service worker: every update check asks the server (no-cache)",
}


@pytest.fixture
def world(app: Flask, make_user: Any) -> World:
    return build_world(app, make_user)


def anonymous_endpoints() -> list[str]:
    return sorted(endpoint for endpoint, roles in EXPECTED.items() if roles["anonymous"] == OK)


def test_every_anonymous_page_is_either_public_or_listed_with_a_reason(app: Flask) -> None:
    from app.web.http_cache import public_max_age

    unmarked = []
    for rule in page_rules(app):
        if EXPECTED[rule.endpoint]["anonymous"] != OK or rule.endpoint in NOT_PUBLIC:
            continue
        with app.test_request_context():
            from flask import request

            request.url_rule = rule  # what public_max_age reads
            if public_max_age() is None:
                unmarked.append(rule.endpoint)
    assert unmarked == []


def test_anonymous_pages_set_no_cookie_and_public_ones_can_be_cached(
    app: Flask, world: World, reference_data: None
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True  # as in production: a token would need a session
    rules = {rule.endpoint: rule for rule in page_rules(app)}
    problems: dict[str, str] = {}
    for endpoint in anonymous_endpoints():
        url = _url(app, rules[endpoint], world)
        client = app.test_client()
        response = client.get(url)
        if endpoint in FORMS:
            assert not response.cache_control.public, endpoint
            continue
        if response.headers.getlist("Set-Cookie"):
            problems[endpoint] = f"sets a cookie: {response.headers.getlist('Set-Cookie')}"
            continue
        if endpoint in NOT_PUBLIC:
            assert not response.cache_control.public or endpoint == "web.favicon", endpoint
            continue
        cache = response.cache_control
        etag = response.headers.get("ETag", "")
        if not (cache.public and (cache.max_age or 0) > 0):
            problems[endpoint] = f"Cache-Control {response.headers.get('Cache-Control')!r}"
        elif not etag or etag.startswith("W/"):
            problems[endpoint] = f"ETag {etag!r}"
        elif "cookie" not in {v.lower() for v in response.vary}:
            problems[endpoint] = f"Vary {response.headers.get('Vary')!r}"
        else:
            again = client.get(url, headers={"If-None-Match": etag})
            if again.status_code != 304 or again.data:
                problems[endpoint] = f"If-None-Match gave {again.status_code}"
    assert problems == {}


def test_every_public_page_kept_in_front_of_flask_is_the_page_it_rendered(
    app: Flask, world: World, reference_data: None
) -> None:
    """app/web/response_cache.py: the second anonymous visitor of each public page is answered
    by the middleware, with the first answer's status, headers and body, plus its Age."""
    from app.cache import cache

    app.config["PUBLIC_RESPONSE_CACHE_SECONDS"] = 10
    cache.clear()
    rules = {rule.endpoint: rule for rule in page_rules(app)}
    problems: dict[str, str] = {}
    try:
        for endpoint in anonymous_endpoints():
            if endpoint in NOT_PUBLIC:
                continue
            url = _url(app, rules[endpoint], world)
            first, kept = app.test_client().get(url), app.test_client().get(url)
            headers = {name: value for name, value in kept.headers.items() if name != "Age"}
            if "Age" not in kept.headers:
                problems[endpoint] = "not served from the kept copy"
            elif (kept.status_code, kept.get_data()) != (first.status_code, first.get_data()):
                problems[endpoint] = f"status or body differ ({first.status_code} → {kept.status_code})"
            elif headers != dict(first.headers.items()):
                problems[endpoint] = f"headers differ: {dict(first.headers.items())} → {headers}"
            else:
                conditional = app.test_client().get(url, headers={"If-None-Match": first.headers["ETag"]})
                if conditional.status_code != 304:
                    problems[endpoint] = "the kept copy ignores If-None-Match"
    finally:
        cache.clear()
    assert problems == {}


def test_a_signed_in_person_gets_the_same_pages_privately(app: Flask, world: World) -> None:
    rules = {rule.endpoint: rule for rule in page_rules(app)}
    citizen = world.people["citizen"]
    assert citizen is not None
    client = app.test_client()
    login(client, citizen)
    for endpoint in ("leaderboards.neighbourhoods", "challenges.index", "vision.shared_vision"):
        response = client.get(_url(app, rules[endpoint], world))
        assert response.status_code == 200
        assert not response.cache_control.public, endpoint
        assert response.headers["Cache-Control"] == "private, no-store", endpoint
        assert "ETag" not in response.headers, endpoint


def test_a_waiting_flash_message_keeps_the_page_out_of_shared_caches(
    client: FlaskClient, reference_data: None
) -> None:
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Du er logget ud.")]
    response = client.get("/resultater")
    assert "Du er logget ud." in response.text
    assert not response.cache_control.public
    assert "ETag" not in response.headers


def test_the_language_switch_is_a_cookie_not_a_session(client: FlaskClient, reference_data: None) -> None:
    danish = client.get("/resultater")
    response = client.post("/sprog", data={"lang": "en", "next": "/resultater"})
    assert response.status_code == 303
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1, cookies
    assert cookies[0].startswith("klimadyst_lang=en;")
    assert "HttpOnly" in cookies[0]
    assert "SameSite=Lax" in cookies[0]
    english = client.get("/resultater")
    assert '<html lang="en">' in english.text
    assert english.cache_control.public  # English visitors share a copy too (Vary: Cookie)
    assert english.headers["ETag"] != danish.headers["ETag"]
    assert not english.headers.getlist("Set-Cookie")


def test_a_cross_site_language_switch_is_refused(client: FlaskClient) -> None:
    response = client.post("/sprog", data={"lang": "en"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 303
    assert not response.headers.getlist("Set-Cookie")


def test_an_english_page_gets_a_different_cached_copy(client: FlaskClient, reference_data: None) -> None:
    danish = client.get("/om")
    client.set_cookie("klimadyst_lang", "en")
    english = client.get("/om", headers={"If-None-Match": danish.headers["ETag"]})
    assert english.status_code == 200  # the Danish ETag does not match the English body
    assert '<html lang="en">' in english.text


def test_a_signed_in_persons_language_is_kept_for_their_mails_and_other_devices(
    app: Flask, make_user: Any
) -> None:
    from flask import g, has_app_context

    from app.accounts.models import User
    from app.db import db

    person = make_user()
    phone = app.test_client()
    login(phone, person)
    phone.post("/sprog", data={"lang": "en"})
    with app.app_context():
        assert db.session.get_one(User, person.id).language == "en"
    if has_app_context():  # the test's app context outlives requests (a server's does not)
        g.pop("_login_user", None)
    laptop = app.test_client()
    response = laptop.post("/log-ind", data={"email": person.email, "password": person.password})
    assert any(c.startswith("klimadyst_lang=en;") for c in response.headers.getlist("Set-Cookie"))
    assert '<html lang="en">' in laptop.get("/konto").text
