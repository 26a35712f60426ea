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

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")

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
def doors(
    app: Flask, make_user: Callable[..., Person], api_for: Callable[[Person], ApiClient]
) -> tuple[Any, ApiClient, Person, Person]:
    web_person, api_person = make_user(), make_user()
    web = app.test_client()
    login(web, web_person)
    return web, api_for(api_person), web_person, api_person


def _stored(app: Flask, person: Person) -> list[int]:
    with app.app_context():
        rows = list(db.session.scalars(select(LogEntry.quantity_centi).where(LogEntry.user_id == person.id)))
        db.session.remove()
    return rows


@pytest.mark.parametrize(("typed", "sent", "expected"), QUANTITY_CASES)
def test_the_same_quantity_gets_the_same_answer_at_both_doors(
    app: Flask, doors: tuple[Any, ApiClient, Person, Person], typed: str, sent: Any, expected: str | int
) -> None:
    web, api, web_person, api_person = doors
    from app.clock import local_date, utcnow

    web_response = web.post(
        f"/log/{SLUG}",
        data={
            "quantity": typed,
            "occurred_on": local_date(utcnow()).isoformat(),
            "idempotency_key": "web-door-0001",
        },
    )
    api_response = api.post(
        "/api/v1/logs", json={"action": SLUG, "quantity": sent}, headers={"Idempotency-Key": "api-door-0001"}
    )
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
    app: Flask, citizen_api: ApiClient, citizen: Person, make_user: Callable[..., Person]
) -> None:
    other = make_user(alias="Havørnen")
    refused = citizen_api.patch(
        "/api/v1/me", json={"neighbourhood": "borup", "alias": other.alias.upper(), "show_in_rankings": False}
    )
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


# --- sign-up and the workplace team through the API ----------------------------------------------

SIGNUP = {
    "email": "Ny.Borger@Example.dk",
    "password": "Grøn-Omstilling-Køge-2030",
    "alias": "Ny Borger",
    "neighbourhood": "borup",
}


def test_sign_up_through_the_api_then_log_in(app: Flask, anon_api: ApiClient) -> None:
    response = anon_api.post("/api/v1/registrations", json=SIGNUP)
    assert response.status_code == 201, response.text
    assert_documented(anon_api, response, "POST", "/api/v1/registrations")
    me = response.get_json()
    assert (me["email"], me["alias"], me["role"]) == ("ny.borger@example.dk", "Ny Borger", "citizen")
    assert (me["neighbourhood"]["slug"], me["show_in_rankings"]) == ("borup", False)
    token = anon_api.post("/api/v1/tokens", json={"email": SIGNUP["email"], "password": SIGNUP["password"]})
    assert token.status_code == 201, token.text


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"password": "12345678"}, 422, "password"),  # the web's password rules
        ({"password": "kort"}, 422, "password"),
        ({"neighbourhood": "atlantis"}, 422, "neighbourhood"),
        ({"email": "ikke-en-adresse"}, 422, "email"),
        ({"alias": "?!"}, 422, "alias"),
        ({"role": "admin"}, 422, "role"),  # unknown fields are refused: nobody signs up as staff
    ],
)
def test_sign_up_refusals(anon_api: ApiClient, change: dict[str, str], status: int, field: str) -> None:
    response = anon_api.post("/api/v1/registrations", json={**SIGNUP, **change})
    body = assert_problem(response, status)
    assert_documented(anon_api, response, "POST", "/api/v1/registrations")
    assert body["errors"][0]["field"] == field


def test_sign_up_with_a_taken_email_or_alias_is_409(anon_api: ApiClient, citizen: Person) -> None:
    taken_email = anon_api.post("/api/v1/registrations", json={**SIGNUP, "email": citizen.email.upper()})
    assert_problem(taken_email, 409, "conflict")
    assert_documented(anon_api, taken_email, "POST", "/api/v1/registrations")
    taken_alias = anon_api.post("/api/v1/registrations", json={**SIGNUP, "alias": citizen.alias.lower()})
    assert_problem(taken_alias, 409, "conflict")


def test_sign_up_is_rate_limited_like_token_creation(app: Flask, anon_api: ApiClient) -> None:
    app.config["API_TOKEN_RATE_LIMIT"] = "2 per minute"
    statuses = [
        anon_api.post("/api/v1/registrations", json={**SIGNUP, "neighbourhood": "atlantis"}).status_code
        for _ in range(3)
    ]
    assert statuses == [422, 422, 429]


def test_join_see_and_leave_a_workplace_team(
    app: Flask, citizen_api: ApiClient, make_user: Callable[..., Person]
) -> None:
    from app.accounts.models import User
    from app.business.models import Company
    from app.business.services import open_team
    from tests.support.business import VALID_CVRS, make_company

    company = make_company(app, make_user, name="Dør ApS", cvr=VALID_CVRS[6])
    with app.app_context():
        code = open_team(
            company=db.session.get(Company, company.id),
            actor=db.session.get(User, company.owner.id),
            name="Dørholdet",
        ).join_code
        db.session.remove()
    none = citizen_api.get("/api/v1/me/team")
    assert_problem(none, 404)
    assert_documented(citizen_api, none, "GET", "/api/v1/me/team")
    bad = citizen_api.post("/api/v1/me/team", json={"code": "FORKERT"})
    assert assert_problem(bad, 422)["errors"][0]["field"] == "code"
    joined = citizen_api.post("/api/v1/me/team", json={"code": code.lower()})
    assert joined.status_code == 201, joined.text
    assert_documented(citizen_api, joined, "POST", "/api/v1/me/team")
    assert (joined.get_json()["name"], joined.get_json()["members"]) == ("Dørholdet", 1)
    assert citizen_api.get("/api/v1/me/team").get_json() == joined.get_json()
    assert_problem(citizen_api.post("/api/v1/me/team", json={"code": code}), 409)
    left = citizen_api.delete("/api/v1/me/team")
    assert left.status_code == 204
    assert_problem(citizen_api.delete("/api/v1/me/team"), 404)
    owner_api = ApiClient(app.test_client(use_cookies=False), None)
    from tests.api.conftest import issue

    owner_api.token = issue(app, company.owner)
    assert_problem(owner_api.post("/api/v1/me/team", json={"code": code}), 403)
