"""The API's forgotten-password and verification-mail endpoints, checked against the OpenAPI."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.db import db
from tests.accounts.helpers import mails
from tests.api.conftest import ApiClient, assert_problem, issue
from tests.api.test_community import check_against_spec
from tests.conftest import Person

NEW_PASSWORD = "Nyt-kodeord-til-cyklen-2026"


@pytest.fixture
def spec(app: Flask) -> dict[str, Any]:
    document: dict[str, Any] = app.test_client().get("/api/v1/openapi.json").get_json()
    return document


def _token_from_mail(app: Flask) -> str:
    return mails(app, "password_reset")[-1].body.split("/adgangskode/nulstil/", 1)[1].split()[0]


def test_reset_request_is_always_a_neutral_202(
    anon_api: ApiClient, app: Flask, citizen: Person, spec: dict[str, Any]
) -> None:
    known = anon_api.post("/api/v1/password-reset", json={"email": citizen.email})
    unknown = anon_api.post("/api/v1/password-reset", json={"email": "ingen@example.dk"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    check_against_spec(spec, known, "/api/v1/password-reset", "post")
    assert [m.to_address for m in mails(app, "password_reset")] == [citizen.email]
    bad = anon_api.post("/api/v1/password-reset", json={})
    assert_problem(bad, 422)
    check_against_spec(spec, bad, "/api/v1/password-reset", "post")


def test_confirm_sets_the_password_and_ends_every_token(
    anon_api: ApiClient, app: Flask, citizen: Person, spec: dict[str, Any]
) -> None:
    phone = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    anon_api.post("/api/v1/password-reset", json={"email": citizen.email})
    token = _token_from_mail(app)
    weak = anon_api.post("/api/v1/password-reset/confirm", json={"token": token, "password": "kort"})
    body = assert_problem(weak, 422)
    assert body["errors"][0]["field"] == "password"
    check_against_spec(spec, weak, "/api/v1/password-reset/confirm", "post")
    done = anon_api.post("/api/v1/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 204
    check_against_spec(spec, done, "/api/v1/password-reset/confirm", "post")
    with app.app_context():
        assert verify_password(db.session.get(User, citizen.id).password_hash, NEW_PASSWORD)
    assert_problem(phone.get("/api/v1/me"), 401, "token_invalid")
    again = anon_api.post(
        "/api/v1/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD + "x"}
    )
    assert_problem(again, 400, "reset_token_invalid")
    check_against_spec(spec, again, "/api/v1/password-reset/confirm", "post")
    assert_problem(
        anon_api.post("/api/v1/password-reset/confirm", json={"token": "ukendt", "password": NEW_PASSWORD}),
        400,
        "reset_token_invalid",
    )


def test_me_says_whether_the_address_is_verified_and_resends(
    app: Flask, citizen: Person, spec: dict[str, Any]
) -> None:
    api = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    me = api.get("/api/v1/me")
    assert me.get_json()["email_verified"] is True
    check_against_spec(spec, me, "/api/v1/me")
    already = api.post("/api/v1/me/verification-mail")
    assert_problem(already, 409, "already_verified")
    check_against_spec(spec, already, "/api/v1/me/verification-mail", "post")
    with app.app_context():
        db.session.get(User, citizen.id).email_verified_at = None
        db.session.commit()
    assert api.get("/api/v1/me").get_json()["email_verified"] is False
    sent = api.post("/api/v1/me/verification-mail")
    assert sent.status_code == 202
    check_against_spec(spec, sent, "/api/v1/me/verification-mail", "post")
    assert [m.to_address for m in mails(app, "email_verification")] == [citizen.email]
    assert_problem(
        ApiClient(app.test_client(use_cookies=False), None).post("/api/v1/me/verification-mail"), 401
    )


def test_resending_over_the_api_is_limited_per_account(app: Flask, citizen: Person, make_user: Any) -> None:
    from app.config import Config

    other = make_user()
    app.config["VERIFICATION_MAIL_RATE_LIMIT"] = Config.VERIFICATION_MAIL_RATE_LIMIT
    with app.app_context():
        for person in (citizen, other):
            db.session.get(User, person.id).email_verified_at = None
        db.session.commit()
    api = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    assert [api.post("/api/v1/me/verification-mail").status_code for _ in range(2)] == [202, 202]
    second_phone = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    limited = second_phone.post("/api/v1/me/verification-mail")  # per account, not per token
    assert_problem(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) > 0
    someone_else = ApiClient(app.test_client(use_cookies=False), issue(app, other))
    assert someone_else.post("/api/v1/me/verification-mail").status_code == 202  # same IP
