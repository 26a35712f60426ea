"""GET /api/v1/plan: the host municipality's plan, per theme with its contributions, as the
OpenAPI document describes it; public, ETag, 422 on bad years; Solrød sees none of Køge's."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from app.clock import local_date, utcnow
from app.db import db
from tests.api.conftest import ApiClient, assert_problem
from tests.api.test_community import check_against_spec
from tests.plan.conftest import koege_plan, log

__all__ = ["koege_plan"]  # the fixture, shared with tests/plan


def _conforms(app: Flask, response: Any) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    check_against_spec(spec, response, "/api/v1/plan")


@pytest.mark.usefixtures("koege_plan")
def test_plan_with_themes_and_contributions(app: Flask, make_user: Any, anon_api: ApiClient) -> None:
    citizen = make_user(neighbourhood="ejby")
    log(app, citizen, "cykel-frem-for-bil", "10", "api-plan-0001")
    response = anon_api.get("/api/v1/plan", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    _conforms(app, response)
    body = response.get_json()
    assert body["year"] == local_date(utcnow()).year
    plan = body["plan"]
    assert (plan["baseline_year"], plan["target_2030_pct"], plan["national_2030_pct"]) == (2017, 46, 70)
    assert plan["baseline_estimate"] is True
    assert plan["derived_citizen_target_kg"] == 60_189
    themes = {t["slug"]: t for t in body["themes"]}
    assert list(themes)[:2] == ["varmeforsyning", "el"]
    mobility = themes["mobilitet"]
    assert mobility["name"] == "Mobility"
    assert mobility["plan_areas"] == ["mobility"]
    assert mobility["citizens"] == {"co2e_kg": pytest.approx(1.41), "logs": 1, "participants": 1}
    assert "cykel-frem-for-bil" in {a["slug"] for a in mobility["actions"]}
    assert [m["code"] for m in mobility["measures"]] == ["MOB-1", "MOB-2", "MOB-3", "MOB-4"]
    assert set(mobility["contributions"]) >= {"solutions", "pledges", "partnerships", "sparring"}
    sparring = themes["varmeforsyning"]["contributions"]["sparring"]
    assert [item["title"] for item in sparring] == ["SparEnergi for virksomheder"]
    assert sparring[0]["count"] == 0


def test_no_plan_is_null_and_bad_years_are_422(anon_api: ApiClient, app: Flask) -> None:
    response = anon_api.get("/api/v1/plan?year=2030")
    _conforms(app, response)
    assert response.get_json()["plan"] is None
    assert response.get_json()["themes"] == []
    etag = response.headers["ETag"]
    assert anon_api.get("/api/v1/plan?year=2030", headers={"If-None-Match": etag}).status_code == 304
    for query in ("year=1900", "year=soon", "year=2030&extra=1"):
        assert_problem(anon_api.get(f"/api/v1/plan?{query}"), 422, "validation_failed")


@pytest.mark.usefixtures("koege_plan")
def test_solroed_api_has_its_own_plan(app: Flask) -> None:
    from app.seed.municipality_data import MUNICIPALITIES_DIR, load_municipality

    with app.app_context():
        load_municipality(MUNICIPALITIES_DIR / "solroed")
        db.session.remove()
    client = app.test_client(use_cookies=False)
    body = client.get("/api/v1/plan", base_url="http://solroed.localhost").get_json()
    assert body["plan"]["target_2030_pct"] == 70
    assert body["plan"]["baseline_emissions_t"] is None
    assert body["plan"]["derived_citizen_target_kg"] is None
    slugs = [t["slug"] for t in body["themes"]]
    assert "energi" in slugs
    assert "mobilitet" not in slugs
