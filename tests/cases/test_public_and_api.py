"""Published cases on the platform's page and through the API: readable from every address,
cacheable, drafts nowhere, and described by the OpenAPI document."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from tests.api.test_community import check_against_spec
from tests.cases.conftest import KOEGE, SOLROED, Towns, case_form, client_at, published_challenge_case

pytestmark = pytest.mark.usefixtures("frozen_day")

BARE = "http://localhost"


def _draft(app: Flask, towns: Towns) -> int:
    solroed = client_at(app, SOLROED, towns.solroed_admin)
    assert (
        solroed.post("/admin/cases/ny", data=case_form(title="Solrøds hemmelige kladde")).status_code == 303
    )
    return int(re.findall(r'data-case="(\d+)"', solroed.get("/admin/cases/egne").text)[0])


@pytest.mark.parametrize("host", [KOEGE, SOLROED, BARE])
def test_the_public_pages_show_published_cases_on_every_address(app: Flask, towns: Towns, host: str) -> None:
    case_id = published_challenge_case(app, towns.koege_admin)
    draft_id = _draft(app, towns)
    client = client_at(app, host)
    index = client.get("/kommuner/cases")
    assert index.status_code == 200
    assert "Cykeljanuar i Køge" in index.text
    assert "Solrøds hemmelige kladde" not in index.text
    assert "public" in index.headers["Cache-Control"]
    detail = client.get(f"/kommuner/cases/{case_id}")
    assert detail.status_code == 200
    assert "Begynd med arbejdspladserne." in detail.text
    assert 'data-figure="participants">312<' in detail.text
    assert "koege.localhost" in detail.text  # the publisher's own address
    assert client.get(f"/kommuner/cases/{draft_id}").status_code == 404
    assert client.get("/kommuner/cases/99999").status_code == 404


def test_the_public_page_in_english_keeps_the_case_in_its_own_language(app: Flask, towns: Towns) -> None:
    case_id = published_challenge_case(app, towns.koege_admin)
    client = client_at(app, KOEGE)
    client.post("/sprog", data={"lang": "en"})
    page = client.get(f"/kommuner/cases/{case_id}").text
    assert "Advice to other municipalities" in page
    assert 'lang="da">Begynd med arbejdspladserne.' in page


@pytest.mark.parametrize("host", [KOEGE, SOLROED, BARE])
def test_the_api_lists_and_shows_published_cases(app: Flask, towns: Towns, host: str) -> None:
    case_id = published_challenge_case(app, towns.koege_admin)
    draft_id = _draft(app, towns)
    client = client_at(app, host)
    spec = client.get("/api/v1/openapi.json").get_json()
    listing = client.get("/api/v1/platform/cases")
    assert listing.status_code == 200
    check_against_spec(spec, listing, "/api/v1/platform/cases", "get")
    items = listing.get_json()["items"]
    assert [i["id"] for i in items] == [case_id]
    assert items[0]["municipality"]["slug"] == "koege"
    assert items[0]["figures"] == {"participants": 312, "points": 48210, "co2e_kg": 5600}
    assert "public" in listing.headers["Cache-Control"]

    detail = client.get(f"/api/v1/platform/cases/{case_id}")
    check_against_spec(spec, detail, "/api/v1/platform/cases/{case_id}", "get")
    body: dict[str, Any] = detail.get_json()
    assert body["advice"] == "Begynd med arbejdspladserne."
    assert body["challenge"]["action_slugs"] == ["cykel-frem-for-bil"]
    assert body["challenge"]["duration_days"] == 14
    assert client.get(f"/api/v1/platform/cases/{draft_id}").status_code == 404


def test_the_api_filters_and_refuses_bad_filters(app: Flask, towns: Towns) -> None:
    published_challenge_case(app, towns.koege_admin)
    client = client_at(app, SOLROED)
    assert len(client.get("/api/v1/platform/cases?kind=challenge").get_json()["items"]) == 1
    assert client.get("/api/v1/platform/cases?kind=campaign").get_json()["items"] == []
    assert client.get("/api/v1/platform/cases?municipality=solroed").get_json()["items"] == []
    assert client.get("/api/v1/platform/cases?kind=nonsense").status_code == 422
    assert client.get("/api/v1/platform/cases?colour=green").status_code == 422


def test_the_openapi_document_describes_the_cases(app: Flask) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert "/api/v1/platform/cases" in spec["paths"]
    detail = spec["paths"]["/api/v1/platform/cases/{case_id}"]["get"]
    assert "404" in detail["responses"]
    assert detail["tags"] == ["Platform"]


def test_the_platform_address_without_a_municipality_shows_the_cases(
    database_url: str, app: Flask, towns: Towns
) -> None:
    from app import create_app

    case_id = published_challenge_case(app, towns.koege_admin)
    national = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "DEFAULT_MUNICIPALITY": ""})
    client = national.test_client()
    page = client.get(f"/kommuner/cases/{case_id}", base_url="http://localhost")
    assert page.status_code == 200
    assert "Cykeljanuar i Køge" in page.text
    api = client.get("/api/v1/platform/cases", base_url="http://localhost")
    assert [i["id"] for i in api.get_json()["items"]] == [case_id]


def test_the_platform_page_links_to_the_cases(app: Flask) -> None:
    page = app.test_client().get("/kommuner")
    assert 'href="/kommuner/cases"' in page.text
