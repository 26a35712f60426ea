"""Tokens: issue, use, list, revoke, expire; the cookie is never accepted."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from app.accounts.models import ApiToken
from app.db import db
from app.digest import secret_digest
from tests.api.conftest import ApiClient, assert_problem, issue
from tests.conftest import Person, login


def test_a_token_is_random_stored_hashed_and_expires_in_90_days(app: Flask, citizen: Person) -> None:
    first, second = issue(app, citizen), issue(app, citizen)
    assert first != second
    assert first.startswith("kd_")
    assert len(first) > 40
    with app.app_context():
        rows = db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()
        assert [r.token_hash for r in rows] == [secret_digest(first), secret_digest(second)]
        assert all(first not in (r.token_hash, r.prefix, r.name) for r in rows)
        assert rows[0].expires_at - rows[0].created_at == timedelta(days=90)


def test_wrong_password_is_a_401_problem(anon_api: ApiClient, citizen: Person) -> None:
    response = anon_api.post("/api/v1/tokens", json={"email": citizen.email, "password": "nope"})
    assert_problem(response, 401, "invalid_credentials")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_missing_fields_are_a_422_with_field_errors(anon_api: ApiClient) -> None:
    body = assert_problem(anon_api.post("/api/v1/tokens", json={"email": "a@b.dk"}), 422, "validation_failed")
    assert {"field": "password", "in": "json", "message": "Feltet skal udfyldes."} in body["errors"]


def test_malformed_json_is_a_400(anon_api: ApiClient) -> None:
    response = anon_api.post("/api/v1/tokens", data="{not json", headers={"Content-Type": "application/json"})
    assert_problem(response, 400)


def test_the_token_authenticates_and_english_is_available(citizen_api: ApiClient, citizen: Person) -> None:
    response = citizen_api.get("/api/v1/me")
    assert response.status_code == 200
    assert response.get_json()["email"] == citizen.email
    problem = assert_problem(citizen_api.get("/api/v1/nothing-here", headers={"Accept-Language": "en"}), 404)
    assert problem["detail"] == "There is nothing here."
    assert citizen_api.get("/api/v1/nothing-here").get_json()["detail"] == "Her er ingenting."


def test_an_unknown_or_garbled_token_is_a_401(anon_api: ApiClient) -> None:
    for header in ("Bearer kd_made_up", "Basic dXNlcjpwYXNz", "Bearer "):
        response = anon_api.get("/api/v1/me", headers={"Authorization": header})
        assert_problem(response, 401, "token_invalid")
    assert_problem(anon_api.get("/api/v1/me"), 401, "unauthenticated")


def test_the_login_cookie_is_refused_without_a_token(app: Flask, client, citizen: Person) -> None:
    login(client, citizen)
    assert client.get("/mine-registreringer").status_code == 200  # the cookie works on the web
    assert_problem(client.get("/api/v1/me"), 401, "cookie_not_accepted")
    # ... and is not needed: writes without CSRF token are fine with a bearer token
    token = issue(app, citizen)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_list_and_revoke_tokens(app: Flask, citizen: Person, make_user) -> None:
    phone, tablet = (
        ApiClient(app.test_client(use_cookies=False), issue(app, citizen, name))
        for name in ("phone", "tablet")
    )
    items = phone.get("/api/v1/tokens").get_json()["items"]
    assert [(t["name"], t["current"]) for t in items] == [("tablet", False), ("phone", True)]
    tablet_id = items[0]["id"]

    other = ApiClient(app.test_client(use_cookies=False), issue(app, make_user()))
    assert_problem(other.delete(f"/api/v1/tokens/{tablet_id}"), 404)  # not theirs
    assert tablet.get("/api/v1/me").status_code == 200

    assert phone.delete(f"/api/v1/tokens/{tablet_id}").status_code == 204
    assert_problem(tablet.get("/api/v1/me"), 401, "token_invalid")
    assert [t["name"] for t in phone.get("/api/v1/tokens").get_json()["items"]] == ["phone"]

    assert phone.delete("/api/v1/tokens/current").status_code == 204
    assert_problem(phone.get("/api/v1/me"), 401, "token_invalid")


def test_an_expired_token_is_refused(app: Flask, citizen: Person) -> None:
    api = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    with app.app_context():
        token = db.session.scalars(select(ApiToken)).one()
        token.expires_at = token.created_at - timedelta(seconds=1)
        db.session.commit()
    assert_problem(api.get("/api/v1/me"), 401, "token_invalid")


def test_changing_the_password_ends_every_token(app: Flask, citizen: Person) -> None:
    from app.accounts.models import User
    from app.accounts.services import change_password

    api = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    with app.app_context():
        change_password(
            user=db.session.get(User, citizen.id),
            current_password=citizen.password,
            new_password="Et-helt-nyt-kodeord-2026",
        )
    assert_problem(api.get("/api/v1/me"), 401, "token_invalid")


def test_token_creation_is_rate_limited_per_ip_with_retry_after(app: Flask, citizen: Person) -> None:
    app.config["API_TOKEN_RATE_LIMIT"] = "3 per minute"
    client = app.test_client(use_cookies=False)
    statuses = [
        client.post("/api/v1/tokens", json={"email": citizen.email, "password": "x"}).status_code
        for _ in range(3)
    ]
    assert statuses == [401, 401, 401]
    response = client.post("/api/v1/tokens", json={"email": citizen.email, "password": citizen.password})
    assert_problem(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) > 0


def test_suspended_people_get_no_token(app: Flask, citizen: Person) -> None:
    from app.accounts.models import User

    with app.app_context():
        db.session.get(User, citizen.id).is_suspended = True
        db.session.commit()
    response = app.test_client().post(
        "/api/v1/tokens", json={"email": citizen.email, "password": citizen.password}
    )
    assert_problem(response, 403)


def test_the_api_never_sets_a_cookie(anon_api: ApiClient, citizen: Person) -> None:
    response = anon_api.post("/api/v1/tokens", json={"email": citizen.email, "password": citizen.password})
    assert response.status_code == 201
    api = ApiClient(anon_api.client, response.get_json()["token"])
    for reply in (response, api.get("/api/v1/me"), api.get("/api/v1/actions"), api.get("/api/v1/nothing")):
        assert "Set-Cookie" not in reply.headers


def test_nul_characters_are_a_4xx_not_a_crash(anon_api: ApiClient, citizen_api: ApiClient) -> None:
    assert_problem(anon_api.post("/api/v1/tokens", json={"email": "a\x00@b.dk", "password": "x"}), 422)
    assert_problem(citizen_api.patch("/api/v1/me", json={"neighbourhood": "bor\x00up"}), 422)
    assert_problem(citizen_api.patch("/api/v1/me", json={"alias": "Ka\x00ren"}), 422)
    assert_problem(anon_api.get("/api/v1/companies?q=a%00b"), 400)
    assert_problem(citizen_api.get(f"/api/v1/logs/{2**40}"), 404)
    assert_problem(citizen_api.post(f"/api/v1/logs/{2**40}/undo"), 404)


def test_api_rate_limit_counts_per_token_across_the_whole_api(app: Flask, citizen: Person, make_user) -> None:  # type: ignore[no-untyped-def]
    mine = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    theirs = ApiClient(app.test_client(use_cookies=False), issue(app, make_user()))
    app.config["API_RATE_LIMIT"] = "4 per minute"
    statuses = [
        mine.get(path).status_code
        for path in ("/api/v1/me", "/api/v1/actions", "/api/v1/logs", "/api/v1/neighbourhoods")
    ]
    assert statuses == [200, 200, 200, 200]
    limited = mine.get("/api/v1/me/stats")
    assert_problem(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) > 0
    assert theirs.get("/api/v1/me").status_code == 200  # another token has its own allowance


def test_api_rate_limit_per_ip_whatever_the_token(app: Flask, citizen: Person, make_user) -> None:  # type: ignore[no-untyped-def]
    tokens = [issue(app, citizen) for _ in range(3)]
    app.config["API_IP_RATE_LIMIT"] = "5 per minute"
    statuses = [
        ApiClient(app.test_client(use_cookies=False), tokens[n % 3]).get("/api/v1/me").status_code
        for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]
