"""The signed-in person through the API, and the profile page's list of phone apps."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.api.conftest import ApiClient, assert_problem, issue
from tests.conftest import Person, login


def test_me_reads_and_updates_profile_privacy_and_area(citizen_api: ApiClient) -> None:
    me = citizen_api.get("/api/v1/me").get_json()
    assert me["role"] == "citizen"
    assert me["neighbourhood"]["slug"] == "herfoelge"
    assert me["company"] is None

    updated = citizen_api.patch("/api/v1/me", json={"alias": "Cykel-Karen", "show_in_rankings": False})
    assert updated.status_code == 200, updated.text
    assert updated.get_json()["alias"] == "Cykel-Karen"
    assert updated.get_json()["show_in_rankings"] is False

    moved = citizen_api.patch("/api/v1/me", json={"neighbourhood": "borup"})
    assert moved.get_json()["neighbourhood"]["slug"] == "borup"
    assert moved.get_json()["neighbourhood_changed_at"] is not None
    again = citizen_api.patch("/api/v1/me", json={"neighbourhood": "herfoelge"})
    body = assert_problem(again, 422)
    assert body["errors"][0]["field"] == "neighbourhood"  # at most one move per 30 days
    # sending the current value changes nothing
    assert citizen_api.patch("/api/v1/me", json={"neighbourhood": "borup"}).status_code == 200


def test_me_update_rejects_unknown_areas_fields_and_taken_aliases(citizen_api: ApiClient, make_user) -> None:  # type: ignore[no-untyped-def]
    assert_problem(citizen_api.patch("/api/v1/me", json={"neighbourhood": "atlantis"}), 422)
    assert_problem(citizen_api.patch("/api/v1/me", json={"email": "x@y.dk"}), 422)
    other = make_user(alias="Havørnen")
    assert_problem(citizen_api.patch("/api/v1/me", json={"alias": other.alias.upper()}), 409)


def test_export_holds_the_persons_data(citizen_api: ApiClient, citizen: Person) -> None:
    export = citizen_api.get("/api/v1/me/export").get_json()
    assert export["account"]["email"] == citizen.email
    assert export["logs"] == []


def test_delete_me_needs_the_password_and_ends_the_token(citizen_api: ApiClient) -> None:
    assert_problem(citizen_api.delete("/api/v1/me", json={"password": "wrong"}), 422)
    assert citizen_api.delete("/api/v1/me", json={"password": "Grøn-hverdag-i-Køge"}).status_code == 204
    assert_problem(citizen_api.get("/api/v1/me"), 401, "token_invalid")


def test_profile_page_lists_phone_apps_and_signs_one_out(
    app: Flask, client: FlaskClient, citizen: Person, make_user
) -> None:  # type: ignore[no-untyped-def]
    phone = ApiClient(app.test_client(use_cookies=False), issue(app, citizen, "Karens iPhone"))
    issue(app, make_user(), "Someone else's phone")
    login(client, citizen)
    page = client.get("/konto").text
    assert "Karens iPhone" in page
    assert "Someone else" not in page
    token_id = phone.get("/api/v1/tokens").get_json()["items"][0]["id"]

    response = client.post(f"/konto/apps/{token_id}/tilbagekald")
    assert response.status_code == 303
    assert_problem(phone.get("/api/v1/me"), 401, "token_invalid")
    page = client.get("/konto").text
    assert "Karens iPhone is signed out" in page or "Karens iPhone er logget ud" in page
    assert "<strong>Karens iPhone</strong>" not in page


def test_nobody_signs_out_someone_elses_app(
    app: Flask, client: FlaskClient, citizen: Person, make_user
) -> None:  # type: ignore[no-untyped-def]
    victim = make_user()
    phone = ApiClient(app.test_client(use_cookies=False), issue(app, victim))
    token_id = phone.get("/api/v1/tokens").get_json()["items"][0]["id"]
    login(client, citizen)
    client.post(f"/konto/apps/{token_id}/tilbagekald")
    assert phone.get("/api/v1/me").status_code == 200


def test_docs_page_and_openapi_document(anon_api: ApiClient) -> None:
    spec = anon_api.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    problem = spec["components"]["responses"]["UNPROCESSABLE_ENTITY"]["content"]
    assert list(problem) == ["application/problem+json"]
    for path in ("/api/v1/tokens", "/api/v1/me", "/api/v1/logs", "/api/v1/actions"):
        assert path in spec["paths"]
    docs = anon_api.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "swagger-ui-bundle.js?v=" in docs.text  # a new Swagger UI gets a new URL
    assert "/api/v1/openapi.json" in docs.text


def test_the_openapi_document_states_the_host_rule(anon_api: ApiClient) -> None:
    """The API is per municipality (its host), the platform's endpoints are national."""
    description = " ".join(anon_api.get("/api/v1/openapi.json").get_json()["info"]["description"].split())
    assert "One API per municipality (the host rule)" in description
    assert "`https://<slug>.<platform domain>`" in description
    assert "refused (401 `token_invalid`) at another municipality's host" in description
    assert "`/api/v1/platform/...`" in description
    assert "are national" in description
