"""One rule for both doors: the web form and the API accept and refuse the same input alike."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.actions.models import LogEntry
from app.db import db
from tests.api.conftest import ApiClient, assert_problem
from tests.api.test_business import assert_documented
from tests.conftest import Person, login

SLUG = "cykel-frem-for-bil"  # a cap of 60 km a day

# (what the person types in the web form, what a phone app sends as JSON, expected)
# expected: a refusal code, or the hundredths stored on acceptance
QUANTITY_CASES: list[tuple[str, Any, str | int]] = [
    ("2.555", 2.555, "quantity_too_precise"),
    ("0,004", 0.004, "quantity_too_precise"),
    ("0", 0, "quantity_not_positive"),
    ("-1", -1, "quantity_not_positive"),
    ("1000000000", 1e9, "quantity_too_large"),
    ("abc", "abc", "quantity_not_a_number"),
    ("2,5", "2,5", 250),
    ("2.5", 2.5, 250),
    ("12", 12, 1200),
]


@pytest.fixture
def doors(app: Flask, make_user: Callable[..., Person], api_for: Callable[[Person], ApiClient]
          ) -> tuple[Any, ApiClient, Person, Person]:
    web_person, api_person = make_user(), make_user()
    web = app.test_client()
    login(web, web_person)
    return web, api_for(api_person), web_person, api_person


def _stored(app: Flask, person: Person) -> list[int]:
    with app.app_context():
        rows = list(db.session.scalars(select(LogEntry.quantity_centi)
                                       .where(LogEntry.user_id == person.id)))
        db.session.remove()
    return rows


@pytest.mark.parametrize(("typed", "sent", "expected"), QUANTITY_CASES)
def test_the_same_quantity_gets_the_same_answer_at_both_doors(
        app: Flask, doors: tuple[Any, ApiClient, Person, Person], typed: str, sent: Any,
        expected: str | int) -> None:
    web, api, web_person, api_person = doors
    from app.clock import local_date, utcnow

    web_response = web.post(f"/log/{SLUG}", data={
        "quantity": typed, "occurred_on": local_date(utcnow()).isoformat(),
        "idempotency_key": "web-door-0001"})
    api_response = api.post("/api/v1/logs", json={"action": SLUG, "quantity": sent},
                            headers={"Idempotency-Key": "api-door-0001"})
    assert_documented(api, api_response, "POST", "/api/v1/logs")
    if isinstance(expected, int):
        assert web_response.status_code == 303, web_response.text
        assert api_response.status_code == 201, api_response.text
        assert _stored(app, web_person) == _stored(app, api_person) == [expected]
        assert api_response.get_json()["log"]["quantity"] == expected / 100
        return
    body = assert_problem(api_response, 422, expected)
    assert body["errors"] == [{"field": "quantity", "message": body["detail"]}]
    assert web_response.status_code == 422
    assert html.escape(body["detail"]) in web_response.text  # the same message, in Danish
    assert _stored(app, web_person) == _stored(app, api_person) == []


def test_the_api_documents_the_quantity_rule(app: Flask) -> None:
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    quantity = document["components"]["schemas"]["LogRequest"]["properties"]["quantity"]
    assert {"type": "number"} in quantity["oneOf"]
    assert "quantity_too_precise" in quantity["description"]


# --- PATCH /me: one service call, one transaction ------------------------------------------------

def test_patch_me_with_a_new_area_and_a_taken_alias_changes_nothing(
        app: Flask, citizen_api: ApiClient, citizen: Person, make_user: Callable[..., Person]) -> None:
    other = make_user(alias="Havørnen")
    refused = citizen_api.patch("/api/v1/me", json={"neighbourhood": "borup",
                                                    "alias": other.alias.upper(),
                                                    "show_in_rankings": False})
    assert_problem(refused, 409)
    assert_documented(citizen_api, refused, "PATCH", "/api/v1/me")
    me = citizen_api.get("/api/v1/me").get_json()
    assert me["neighbourhood"]["slug"] == "herfoelge"  # the area move was not committed
    assert me["neighbourhood_changed_at"] is None
    assert (me["alias"], me["show_in_rankings"]) == (citizen.alias, True)
    # and the move is still allowed: nothing counted it
    moved = citizen_api.patch("/api/v1/me", json={"neighbourhood": "borup"})
    assert moved.status_code == 200, moved.text
    assert moved.get_json()["neighbourhood"]["slug"] == "borup"


def test_patch_me_with_a_blocked_move_keeps_the_new_alias_out_too(citizen_api: ApiClient) -> None:
    assert citizen_api.patch("/api/v1/me", json={"neighbourhood": "borup"}).status_code == 200
    refused = citizen_api.patch("/api/v1/me", json={"neighbourhood": "ejby", "alias": "Nyt-Navn"})
    assert assert_problem(refused, 422)["errors"][0]["field"] == "neighbourhood"
    assert citizen_api.get("/api/v1/me").get_json()["alias"] != "Nyt-Navn"


@pytest.mark.parametrize("body", [{}, None])
def test_patch_me_with_nothing_to_change_is_422(citizen_api: ApiClient, body: Any) -> None:
    kwargs: dict[str, Any] = {"json": body} if body is not None else {}
    response = citizen_api.patch("/api/v1/me", **kwargs)
    assert_problem(response, 422, "validation_failed")
    assert_documented(citizen_api, response, "PATCH", "/api/v1/me")
