"""Every page without URL arguments renders for every kind of visitor, in Danish and English."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login

ROLES = ["anonymous", "citizen", "business", "staff", "admin"]


def _plain_get_urls(app: Flask) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.endpoint != "static":
            urls.append(rule.rule)
    return sorted(urls)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_page_renders_without_a_server_error(app: Flask, make_user: Any, lang: str) -> None:
    """On the living demo, as each kind of visitor: no page answers with a 5xx."""
    from app.seed.demo import seed_demo

    with app.app_context():
        seed_demo(tz=app.config["KLIMADYST_TIMEZONE"])
    urls = _plain_get_urls(app)
    assert len(urls) > 30
    failures = {}
    for role in ROLES:
        client: FlaskClient = app.test_client()
        if role != "anonymous":
            login(client, make_user(role=role))
        client.post("/sprog", data={"lang": lang})
        for url in urls:
            status = client.get(url).status_code
            if status >= 500:
                failures[(role, url)] = status
    assert not failures, failures
