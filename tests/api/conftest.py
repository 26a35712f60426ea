"""API test helpers: a token per person, and a client that sends it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Person

PROBLEM = "application/problem+json"


class ApiClient:
    """Wraps the test client: sends the bearer token, never the login cookie."""

    def __init__(self, client: FlaskClient, token: str | None) -> None:
        self.client = client
        self.token = token

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        merged = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        merged.update(headers or {})
        return merged

    def request(self, method: str, path: str, *, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        return self.client.open(path, method=method, headers=self._headers(headers), **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.request("DELETE", path, **kwargs)


def issue(app: Flask, person: Person, name: str = "test phone") -> str:
    client = app.test_client(use_cookies=False)
    response = client.post(
        "/api/v1/tokens", json={"email": person.email, "password": person.password, "name": name}
    )
    assert response.status_code == 201, response.text
    token: str = response.get_json()["token"]
    return token


@pytest.fixture
def api_for(app: Flask) -> Callable[[Person], ApiClient]:
    """api_for(person) -> an ApiClient carrying a fresh token of that person."""

    def make(person: Person) -> ApiClient:
        return ApiClient(app.test_client(use_cookies=False), issue(app, person))

    return make


@pytest.fixture
def anon_api(app: Flask, reference_data: None) -> ApiClient:
    return ApiClient(app.test_client(use_cookies=False), None)


@pytest.fixture
def citizen_api(api_for: Callable[[Person], ApiClient], citizen: Person) -> ApiClient:
    return api_for(citizen)


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status (and code)."""
    assert response.status_code == status, response.text
    assert response.mimetype == PROBLEM, response.mimetype
    body: dict[str, Any] = response.get_json(force=True)
    assert body["status"] == status
    assert body["type"].endswith(body["code"])
    assert body["title"]
    assert body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body
