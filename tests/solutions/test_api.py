"""GET /api/v1/solutions and POST /api/v1/solutions/<id>/adoptions: the same rules as the web."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy import func, select

from app.db import db
from app.solutions.models import Adoption
from tests.api.conftest import ApiClient, api_for, assert_problem
from tests.conftest import Person
from tests.solutions.conftest import A_CONTACT, World

__all__ = ["api_for"]  # the fixture, shared with tests/api


def test_list_with_filters_and_counts(
    app: Flask, world: World, api_for: Callable[[Person], ApiClient]
) -> None:
    api = ApiClient(app.test_client(use_cookies=False), None)
    found = api.get("/api/v1/solutions")
    assert found.status_code == 200
    [item] = found.json["items"]
    assert item["title"] == "Solceller på taget"
    assert item["theme"]["slug"] == "el"
    assert item["co2e_kg_per_year"] == 4200.0
    assert item["adoptions"] == 0
    assert A_CONTACT not in found.text
    assert api.get("/api/v1/solutions?theme=el&kind=energy").json["items"]
    assert api.get("/api/v1/solutions?theme=ukendt").json["items"] == []
    assert not api.get("/api/v1/solutions?kind=transport").json["items"]
    assert_problem(api.get("/api/v1/solutions?kind=nope"), 422)


def test_adopt_through_the_api(app: Flask, world: World, api_for: Callable[[Person], ApiClient]) -> None:
    b = api_for(world.b.owner)
    url = f"/api/v1/solutions/{world.solution_id}/adoptions"
    made = b.post(url, json={"message": "Hvordan?", "wants_contact": True})
    assert made.status_code == 201, made.text
    assert made.json["contact_state"] == "pending"
    request = b.get(made.headers["Location"])
    assert request.status_code == 200
    assert request.json["topic"] == "Vi vil gøre som Alfa Bageri: Solceller på taget"
    assert_problem(b.post(url, json={"message": "Igen"}), 409, "already_adopted")
    assert_problem(api_for(world.a.owner).post(url, json={"message": "Os"}), 422, "own_solution")
    assert_problem(b.post("/api/v1/solutions/999999/adoptions", json={"message": "x"}), 404)
    assert_problem(b.post(url, json={"message": ""}), 422)
    anonymous = ApiClient(app.test_client(use_cookies=False), None)
    assert_problem(anonymous.post(url, json={"message": "x"}), 401)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Adoption)) == 1
    assert b.get("/api/v1/solutions").json["items"][0]["adoptions"] == 1


def test_citizens_cannot_adopt(
    app: Flask, world: World, api_for: Callable[[Person], ApiClient], citizen: Person
) -> None:
    assert_problem(
        api_for(citizen).post(f"/api/v1/solutions/{world.solution_id}/adoptions", json={"message": "x"}), 403
    )


def test_openapi_documents_both(app: Flask) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").json
    assert "/api/v1/solutions" in spec["paths"]
    assert "post" in spec["paths"]["/api/v1/solutions/{solution_id}/adoptions"]
