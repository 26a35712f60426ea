"""The citizen home is kept for one browser session: never another person's or another browser's
copy, and never older than this browser's own last write."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient

from tests.conftest import Person, login

pytestmark = pytest.mark.usefixtures("frozen_day", "reference_data")

HOME = "/hjem"


@pytest.fixture(autouse=True)
def personal_cache(app: Flask) -> Iterator[None]:
    from app.cache import cache

    app.config["PERSONAL_PAGE_CACHE_SECONDS"] = 10
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(app: Flask) -> Iterator[list[str]]:
    names: list[str] = []

    def record(_sender: Flask, template: Any, **_extra: Any) -> None:
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


@pytest.fixture
def browser(app: Flask) -> Callable[[Person], FlaskClient]:
    def open_for(person: Person) -> FlaskClient:
        client = app.test_client()
        login(client, person)
        client.get(HOME)  # shows (and so spends) the welcome message; that page is not kept
        return client

    return open_for


def _log(client: FlaskClient, key: str) -> None:
    from app.clock import local_date, utcnow

    form = {"quantity": "5", "occurred_on": local_date(utcnow()).isoformat(), "idempotency_key": key}
    response = client.post("/log/cykel-frem-for-bil", data=form)
    assert response.status_code in (200, 303), response.text


def test_a_reload_is_served_without_rendering(
    browser: Callable[[Person], FlaskClient], citizen: Person, renders: list[str]
) -> None:
    client = browser(citizen)
    first = client.get(HOME)
    rendered = len(renders)
    second = client.get(HOME)

    assert first.status_code == second.status_code == 200
    assert rendered > 0
    assert len(renders) == rendered
    assert second.get_data() == first.get_data()
    assert "no-store" in second.headers["Cache-Control"]
    assert second.cache_control.private


def test_the_browsers_own_write_shows_at_once(
    browser: Callable[[Person], FlaskClient], citizen: Person, renders: list[str]
) -> None:
    client = browser(citizen)
    before = client.get(HOME).get_data(as_text=True)
    _log(client, "personal-cache-0001")
    rendered = len(renders)
    after = client.get(HOME).get_data(as_text=True)

    assert len(renders) > rendered  # the write made the kept copy unreachable
    assert after != before


def test_another_person_never_gets_the_kept_page(
    app: Flask, browser: Callable[[Person], FlaskClient], make_user: Any
) -> None:
    anna_browser, bo_browser = browser(make_user()), browser(make_user())
    _log(anna_browser, "personal-cache-0003")
    anna_page = anna_browser.get(HOME).get_data(as_text=True)

    bo_page = bo_browser.get(HOME).get_data(as_text=True)
    app.config["PERSONAL_PAGE_CACHE_SECONDS"] = 0
    assert bo_page != anna_page
    own_render = bo_browser.get(HOME).get_data(as_text=True)
    assert _without_form_keys(bo_page) == _without_form_keys(own_render)  # what Bo's own render shows


def _without_form_keys(page: str) -> str:
    """Each render draws new idempotency keys for its log forms."""
    return re.sub(r'value="[0-9a-f]{32}"', "", page)


def test_each_browser_of_one_person_gets_its_own_form_tokens(
    app: Flask, browser: Callable[[Person], FlaskClient], citizen: Person
) -> None:
    phone, laptop = browser(citizen), browser(citizen)
    app.config["WTF_CSRF_ENABLED"] = True
    phone_page = phone.get(HOME).get_data(as_text=True)
    laptop_page = laptop.get(HOME).get_data(as_text=True)

    assert phone_page != laptop_page  # a different CSRF secret: a different copy
    token = laptop_page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    from app.clock import local_date, utcnow

    response = laptop.post(
        "/log/cykel-frem-for-bil",
        data={
            "csrf_token": token,
            "quantity": "2",
            "occurred_on": local_date(utcnow()).isoformat(),
            "idempotency_key": "personal-cache-0002",
        },
    )
    assert response.status_code in (200, 303), response.text


def test_a_page_with_a_message_is_not_kept(
    browser: Callable[[Person], FlaskClient], citizen: Person, renders: list[str]
) -> None:
    client = browser(citizen)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Besked-til-visning")]
    assert "Besked-til-visning" in client.get(HOME).get_data(as_text=True)
    rendered = len(renders)

    again = client.get(HOME).get_data(as_text=True)
    assert "Besked-til-visning" not in again
    assert len(renders) > rendered  # the page with the message was not the kept one


def test_a_logout_makes_the_copy_unreachable(
    browser: Callable[[Person], FlaskClient], citizen: Person
) -> None:
    client = browser(citizen)
    assert client.get(HOME).status_code == 200
    client.post("/log-ud")
    assert client.get(HOME).status_code in (302, 401)


def _set_account(app: Flask, person: Person, **values: Any) -> None:
    from sqlalchemy import update

    from app.accounts.models import User
    from app.db import db

    with app.app_context():
        db.session.execute(update(User).where(User.id == person.id).values(**values))
        db.session.commit()


@pytest.mark.parametrize(
    ("change", "answers"),
    [
        ({"is_suspended": True}, (302, 401)),  # suspended: signed out at once
        ({"session_version": 99}, (302, 401)),  # a logout or password change on another device
        ({"role": "staff"}, (403,)),  # no longer a citizen: no citizen home
    ],
    ids=["suspended", "signed-out-elsewhere", "role-changed"],
)
def test_a_kept_copy_is_served_only_while_the_account_is_unchanged(
    app: Flask,
    browser: Callable[[Person], FlaskClient],
    citizen: Person,
    change: dict[str, Any],
    answers: tuple[int, ...],
) -> None:
    client = browser(citizen)
    assert client.get(HOME).status_code == 200  # kept now

    _set_account(app, citizen, **change)
    assert client.get(HOME).status_code in answers


def test_another_address_or_browser_name_gets_no_kept_copy(
    browser: Callable[[Person], FlaskClient], citizen: Person, renders: list[str]
) -> None:
    """Flask-Login's session protection compares address and User-Agent: a request it would
    judge afresh is rendered, never answered from the copy made for the other."""
    client = browser(citizen)
    client.get(HOME)
    for headers in ({"User-Agent": "Another browser"}, {"X-Forwarded-For": "203.0.113.9"}):
        rendered = len(renders)
        assert client.get(HOME, headers=headers).status_code == 200
        assert len(renders) > rendered, headers


def test_a_copy_made_yesterday_is_not_served_today(
    browser: Callable[[Person], FlaskClient], citizen: Person, renders: list[str]
) -> None:
    """Made two seconds before local midnight, asked for two seconds after it: still within
    the copy's seconds, but another day (today's list, the streak) and so rendered again."""
    from datetime import UTC, datetime

    import time_machine

    client = browser(citizen)
    with time_machine.travel(datetime(2026, 6, 10, 21, 59, 58, tzinfo=UTC), tick=False):  # 23:59:58 in Køge
        client.get(HOME)
        rendered = len(renders)
        client.get(HOME)
        assert len(renders) == rendered  # kept
    with time_machine.travel(datetime(2026, 6, 10, 22, 0, 2, tzinfo=UTC), tick=False):  # 00:00:02
        assert client.get(HOME).status_code == 200
        assert len(renders) > rendered


def test_a_forged_session_cookie_never_reaches_a_kept_copy(
    app: Flask, browser: Callable[[Person], FlaskClient], citizen: Person
) -> None:
    """The copy's key comes from the signed cookie: a cookie with the same data and a wrong
    signature is no session at all."""
    client = browser(citizen)
    assert client.get(HOME).status_code == 200
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    data, _, _signature = cookie.value.rpartition(".")
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], f"{data}.forged")
    assert client.get(HOME).status_code in (302, 401)


def test_the_kept_copy_carries_the_rendered_pages_headers(
    browser: Callable[[Person], FlaskClient], citizen: Person, renders: list[str]
) -> None:
    client = browser(citizen)
    rendered_page = client.get(HOME)
    rendered = len(renders)
    kept = client.get(HOME)
    assert len(renders) == rendered
    for header in ("Content-Security-Policy", "Cache-Control", "Vary", "X-Frame-Options", "Content-Type"):
        assert kept.headers.get(header) == rendered_page.headers.get(header), header
    assert kept.headers["Content-Length"] == str(len(kept.get_data()))
    assert "Set-Cookie" not in kept.headers
