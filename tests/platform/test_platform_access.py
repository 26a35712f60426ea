"""Every URL of the platform administrator's area (app/admin/platform.py), swept from the url
map: only a platform administrator gets in, only at the platform's own address; every write
carries the CSRF token. A new route fails here until SAMPLE knows its arguments."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from app.db import db
from tests.conftest import PASSWORD, login

BARE = "http://localhost"
KOEGE = "http://koege.localhost"
OPEN_TO_ALL = {"platform_admin.login", "platform_admin.logout"}  # the doors themselves


def _rules(app: Flask) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint.startswith("platform_admin.")), key=str)


@pytest.fixture
def sample(app: Flask, reference_data: None) -> dict[str, Any]:
    from app.actions.models import Action
    from app.platform.accounts import ensure_platform_admin
    from app.sparring.models import SparringOffer
    from app.tenancy.context import platform_scope

    with app.app_context(), platform_scope():
        ensure_platform_admin(email="drift@example.dk", name="Drift", password=PASSWORD)
        offer = SparringOffer(
            slug="smv-groen",
            provider="Erhvervsstyrelsen",
            title="SMV:Grøn",
            description="Statens program",
            cost="free",
            scope="national",
            url="https://example.dk",
        )
        db.session.add(offer)
        db.session.commit()
        values = {
            "action_id": db.session.scalar(
                select(Action.id).where(Action.municipality_id.is_(None)).limit(1)
            ),
            "offer_id": offer.id,
            "municipality_slug": "koege",
        }
        db.session.remove()
    return values


def _url(rule: Rule, sample: dict[str, Any]) -> str:
    missing = set(rule.arguments) - set(sample)
    assert not missing, f"{rule.rule}: add {missing} to the sample"
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<int:{name}>", str(sample[name])).replace(f"<{name}>", str(sample[name]))
    return path


def _platform_client(app: Flask) -> FlaskClient:
    client = app.test_client()
    response = client.post(
        f"{BARE}/platform/log-ind", data={"email": "drift@example.dk", "password": PASSWORD}
    )
    assert response.status_code == 303
    return client


def _get_problems(url: str, outsiders: dict[str, FlaskClient], platform: FlaskClient) -> list[str]:
    failures = []
    for who, client in outsiders.items():
        response = client.get(f"{BARE}{url}")
        if response.status_code != 302 or "/platform/log-ind" not in response.headers["Location"]:
            failures.append(f"{who} GET {url}: {response.status_code}")
    response = platform.get(f"{BARE}{url}")
    if response.status_code != 200:
        failures.append(f"platform GET {url}: {response.status_code}")
    elif "no-store" not in response.headers.get("Cache-Control", ""):
        failures.append(f"platform GET {url}: may be cached")
    return failures


def test_only_a_platform_admin_reaches_any_platform_page(
    app: Flask, sample: dict[str, Any], make_user: Any
) -> None:
    municipal_admin = app.test_client()
    login(municipal_admin, make_user(role="admin"))
    citizen = app.test_client()
    login(citizen, make_user())
    outsiders = {"anonymous": app.test_client(), "citizen": citizen, "municipal admin": municipal_admin}
    platform = _platform_client(app)
    failures = []
    rules = _rules(app)
    assert len(rules) >= 15
    for rule in rules:
        url = _url(rule, sample)
        methods = rule.methods or set()
        if "GET" in methods and rule.endpoint not in OPEN_TO_ALL:
            failures += _get_problems(url, outsiders, platform)
        if "GET" in methods:  # not at a municipality's address, whoever asks
            failures += [
                f"GET {KOEGE}{url}: {status}"
                for client in (platform, municipal_admin)
                if (status := client.get(f"{KOEGE}{url}").status_code) != 404
            ]
        if "POST" in methods and rule.endpoint not in OPEN_TO_ALL:
            failures += [
                f"{who} POST {url}: {status}"
                for who, client in outsiders.items()
                if (status := client.post(f"{BARE}{url}", data={"active": "1"}).status_code) != 401
            ]
    assert not failures, "\n".join(failures)


def test_every_platform_write_needs_the_csrf_token(app: Flask, sample: dict[str, Any]) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get(f"{BARE}/platform/log-ind")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    signed_in = client.post(
        f"{BARE}/platform/log-ind",
        data={"email": "drift@example.dk", "password": PASSWORD, "csrf_token": token},
    )
    assert signed_in.status_code == 303
    for rule in _rules(app):
        if "POST" in (rule.methods or ()):
            response = client.post(f"{BARE}{_url(rule, sample)}", data={"active": "0"})
            assert response.status_code == 400, (rule.rule, response.status_code)
    # nothing was closed or retired on the way
    from app.tenancy.models import Municipality

    with app.app_context():
        assert db.session.scalar(select(Municipality.active).where(Municipality.slug == "koege")) is True
