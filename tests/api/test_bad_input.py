"""Input that used to be a 500: lone surrogates, ids past 32 bits; field messages in Danish."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import ApiToken
from app.db import db
from tests.api.conftest import ApiClient, assert_problem
from tests.conftest import Person

SURROGATE = r"\ud800"  # a lone surrogate as JSON writes it: json.loads accepts it, UTF-8 cannot hold it
DANISH_SURROGATE = "Teksten skal være gyldig Unicode (ingen enlige surrogattegn)."


def _raw(api: ApiClient, method: str, path: str, body: str, **headers: str) -> Any:
    return api.request(
        method, path, data=body.encode("utf-8"), headers={"Content-Type": "application/json", **headers}
    )


def _token_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(ApiToken)) or 0)


@pytest.mark.parametrize("field", ["email", "password", "name"])
def test_a_lone_surrogate_in_a_token_request_is_a_422(
    app: Flask, anon_api: ApiClient, citizen: Person, field: str
) -> None:
    values = {"email": f'"{citizen.email}"', "password": f'"{citizen.password}"', "name": '"phone"'}
    values[field] = f'"x{SURROGATE}y"'
    body = "{" + ", ".join(f'"{k}": {v}' for k, v in values.items()) + "}"
    before = _token_count(app)
    body_json = assert_problem(_raw(anon_api, "POST", "/api/v1/tokens", body), 422, "validation_failed")
    assert body_json["errors"] == [{"field": field, "in": "json", "message": DANISH_SURROGATE}]
    assert _token_count(app) == before


def test_a_lone_surrogate_in_a_log_request_is_a_422(citizen_api: ApiClient) -> None:
    response = _raw(
        citizen_api,
        "POST",
        "/api/v1/logs",
        f'{{"action": "cykel{SURROGATE}"}}',
        **{"Idempotency-Key": "surrogate-test-1"},
    )
    body = assert_problem(response, 422, "validation_failed")
    assert body["errors"][0]["field"] == "action"
    assert citizen_api.get("/api/v1/logs").get_json()["items"] == []


def test_a_lone_surrogate_as_a_key_is_refused_too(citizen_api: ApiClient) -> None:
    response = _raw(citizen_api, "PATCH", "/api/v1/me", f'{{"a{SURROGATE}": "x"}}')
    body = assert_problem(response, 422, "validation_failed")
    assert body["errors"][0]["field"] == "a\\ud800"


def test_a_lone_surrogate_as_the_password_to_delete_the_account_is_a_422(citizen_api: ApiClient) -> None:
    response = _raw(citizen_api, "DELETE", "/api/v1/me", f'{{"password": "{SURROGATE}"}}')
    assert_problem(response, 422, "validation_failed")
    assert citizen_api.get("/api/v1/me").status_code == 200  # the account is still there


@pytest.mark.parametrize("token_id", ["2147483648", "99999999999999999999999"])
def test_an_id_past_32_bits_is_a_404(citizen_api: ApiClient, token_id: str) -> None:
    assert_problem(citizen_api.delete(f"/api/v1/tokens/{token_id}"), 404, "not_found")
    assert_problem(citizen_api.get(f"/api/v1/logs/{token_id}"), 404, "not_found")
    assert_problem(
        citizen_api.post(f"/api/v1/sparring/requests/{token_id}/comments", json={"body": "x"}),
        404,
        "not_found",
    )
    assert citizen_api.get("/api/v1/tokens").status_code == 200


def test_the_largest_32_bit_id_is_a_plain_miss(citizen_api: ApiClient) -> None:
    assert_problem(citizen_api.delete("/api/v1/tokens/2147483647"), 404, "not_found")


def test_the_openapi_document_bounds_every_integer_path_parameter(app: Flask) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    found = 0
    for item in spec["paths"].values():
        shared = item.get("parameters", [])  # path parameters sit on the path item
        operations = [op for key, op in item.items() if key != "parameters"]
        for parameter in [*shared, *(p for op in operations for p in op.get("parameters", []))]:
            if parameter["in"] == "path" and parameter["schema"]["type"] == "integer":
                found += 1
                assert parameter["schema"]["minimum"] == 0
                assert parameter["schema"]["maximum"] == 2**31 - 1
    assert found >= 5


def test_an_id_past_32_bits_on_a_web_page_is_a_404(app: Flask) -> None:
    client = app.test_client()
    for path in ("/admin/brugere/2147483648", "/admin/brugere/99999999999999999999999"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "danish"),
    [
        ({"email": "a@b.dk", "password": "x", "name": "n" * 81}, "name", "Brug højst 80 tegn."),
        ({"email": "", "password": "x"}, "email", "Længden skal være mellem 1 og 254 tegn."),
    ],
)
def test_parameterised_field_messages_are_danish(
    anon_api: ApiClient, body: dict[str, str], field: str, danish: str
) -> None:
    problem = assert_problem(anon_api.post("/api/v1/tokens", json=body), 422, "validation_failed")
    assert {"field": field, "in": "json", "message": danish} in problem["errors"]


def test_parameterised_field_messages_follow_accept_language(anon_api: ApiClient) -> None:
    response = anon_api.post(
        "/api/v1/tokens", json={"email": "", "password": "x"}, headers={"Accept-Language": "en"}
    )
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["message"] == "Length must be between 1 and 254 characters."


def test_range_and_choice_messages_are_danish(citizen_api: ApiClient) -> None:
    problem = assert_problem(citizen_api.get("/api/v1/logs?limit=1000"), 422)
    assert problem["errors"][0]["message"] == "Skal være mellem 1 og 100."
