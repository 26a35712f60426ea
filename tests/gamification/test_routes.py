"""Game pages: access, my impact, badge pages, the toast and 429 on the log view, the feed."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action
from app.clock import local_date, utcnow
from app.db import db
from app.gamification.models import Flag
from tests.actions.test_routes import HTMX, rendered
from tests.conftest import Person, login

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")


def _form(key: str, quantity: str = "1") -> dict[str, str]:
    return {"quantity": quantity, "occurred_on": local_date(utcnow()).isoformat(), "idempotency_key": key}


def _log(app: Flask, person: Person, slug: str, key: str, quantity: str = "1") -> None:
    with app.app_context():
        now = utcnow()
        action = db.session.scalar(select(Action).where(Action.slug == slug))
        log_action(
            user=db.session.get(User, person.id),
            action=action,
            quantity=Decimal(quantity),
            occurred_on=local_date(now),
            idempotency_key=key,
            now=now,
        )
        db.session.remove()


CITIZEN_PAGES = ["/min-indsats", "/mit-omraade"]
PUBLIC_PAGES = ["/maerker", "/maerker/first-log", "/udfordringer", "/faelles-maal"]


@pytest.mark.parametrize("role", ["anonymous", "citizen", "business", "staff", "admin"])
@pytest.mark.parametrize("url", CITIZEN_PAGES + PUBLIC_PAGES)
def test_access_by_role(
    client: FlaskClient, make_user: Any, reference_data: None, role: str, url: str
) -> None:
    if role != "anonymous":
        login(client, make_user(role=role, neighbourhood="herfoelge"))
    response = client.get(url)
    if url in PUBLIC_PAGES or role == "citizen":
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
        assert "/log-ind" in response.headers["Location"]
    else:
        assert response.status_code == 403


def test_unknown_badge_is_404(client: FlaskClient, reference_data: None) -> None:
    assert client.get("/maerker/best-citizen").status_code == 404


def test_badge_page_says_exactly_how_to_earn_it(client: FlaskClient, reference_data: None) -> None:
    html = client.get("/maerker/cycled-100km").get_data(as_text=True)
    assert "100" in html
    assert "km" in html
    assert "0 " in html  # nobody holds it yet


def test_htmx_log_fires_a_toast_for_a_new_badge(app: Flask, citizen_client: FlaskClient) -> None:
    first = citizen_client.post("/log/vegetar-maaltid", data=_form("toast-key-001"), headers=HTMX)
    assert first.status_code == 200
    toast = json.loads(first.headers["HX-Trigger"])["klimadyst:toast"]
    assert len(toast["messages"]) == 1
    second = citizen_client.post("/log/vegetar-maaltid", data=_form("toast-key-002"), headers=HTMX)
    assert "HX-Trigger" not in second.headers  # nothing new to celebrate


def test_log_without_javascript_flashes_the_new_badge(citizen_client: FlaskClient) -> None:
    response = citizen_client.post("/log/vegetar-maaltid", data=_form("flash-key-001"), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "flash" in html
    assert html.count('class="flash') >= 2


def test_throttled_log_is_429_with_the_message_and_a_flag(app: Flask, citizen_client: FlaskClient) -> None:
    app.config["THROTTLE_MAX_LOGS"] = 2
    for n, slug in enumerate(["vegetar-maaltid", "kortere-bad"]):
        assert (
            citizen_client.post(f"/log/{slug}", data=_form(f"throttle-{n:03d}"), headers=HTMX).status_code
            == 200
        )
    refused = citizen_client.post("/log/toerresnor", data=_form("throttle-999"), headers=HTMX)
    assert refused.status_code == 429
    assert 'role="alert"' in refused.get_data(as_text=True)
    plain = citizen_client.post("/log/toerresnor", data=_form("throttle-998"))
    assert plain.status_code == 429  # the full home page with the message, no redirect
    with app.app_context():
        assert len(db.session.scalars(select(Flag)).all()) == 1


def test_my_impact_shows_streak_level_table_and_equivalents(
    app: Flask, citizen_client: FlaskClient, citizen: Person
) -> None:
    _log(app, citizen, "cykel-frem-for-bil", "impact-0001", "10")
    html = citizen_client.get("/min-indsats").get_data(as_text=True)
    assert 'data-stat="streak">1 ' in html
    assert 'data-stat="points-all">20 ' in html
    assert 'id="weekly-table"' in html
    assert "<svg" in html
    assert "141" in html  # the petrol-car figure the equivalent rests on
    assert 'data-badge="first-log"' in html


def test_feed_shows_opted_in_neighbours_only(app: Flask, client: FlaskClient, make_user: Any) -> None:
    me = make_user(neighbourhood="borup", alias="Mig Selv")
    public = make_user(neighbourhood="borup", alias="Synlig-Sara", show_in_rankings=True)
    private = make_user(neighbourhood="borup", alias="Skjult-Søren", show_in_rankings=False)
    elsewhere = make_user(neighbourhood="ejby", alias="Ejby-Erik")
    for n, person in enumerate([public, private, elsewhere]):
        _log(app, person, "cykel-frem-for-bil", f"feed-key-{n:03d}", "5")
    login(client, me)
    html = client.get("/mit-omraade").get_data(as_text=True)
    assert "Synlig-Sara" in html
    assert "Skjult-Søren" not in html
    assert "Ejby-Erik" not in html


def test_feed_is_paginated_and_htmx_gets_the_partial(app: Flask, client: FlaskClient, make_user: Any) -> None:
    app.config["FEED_PAGE_SIZE"] = 2
    me = make_user(neighbourhood="borup")
    for n, slug in enumerate(["cykel-frem-for-bil", "vegetar-maaltid", "kortere-bad"]):
        _log(app, me, slug, f"pages-key-{n:03d}")
    login(client, me)
    first = client.get("/mit-omraade").get_data(as_text=True)
    assert first.count('class="feed-item') == 2
    assert "side=2" in first
    with rendered(app) as names:
        second = client.get("/mit-omraade?side=2", headers=HTMX)
    assert names == ["gamification/_feed.html"] + ["gamification/_feed_item.html"] * (len(names) - 1)
    html = second.get_data(as_text=True)
    assert "side=1" in html
    assert 'hx-trigger="every 60s"' not in html
    assert client.get("/mit-omraade?side=0").status_code == 404


def test_the_home_shows_the_level_of_the_all_time_points(app: Flask, citizen: Person) -> None:
    """The home passes the all-time points it shows to the level line (no second read)."""
    from app.gamification.queries import level_of

    client = app.test_client()
    login(client, citizen)
    assert "Niveau 1" in client.get("/hjem").text
    _log(app, citizen, "cykel-frem-for-bil", "level-up-key", "60")  # 120 points: level 2 from 100
    with app.app_context():
        assert level_of(citizen.id).level == 2
    html = client.get("/hjem").text
    assert "Niveau 2" in html
    assert "Niveau 1" not in html
