"""Forgotten password: neutral answer, hashed single-use links, and a reset that ends sessions."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from app.accounts.lifecycle import request_password_reset
from app.accounts.models import PasswordResetToken, User
from app.accounts.passwords import verify_password
from app.clock import utcnow
from app.db import db
from tests.accounts.helpers import link_path, mails
from tests.api.conftest import ApiClient, assert_problem, issue
from tests.conftest import Person, login

NEW_PASSWORD = "Nyt-kodeord-til-cyklen-2026"


def _without_csrf(page: str) -> str:
    """The page without CSRF token values: they carry a timestamp that ticks each second."""
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', page)


def _ask(app: Flask, email: str) -> str:
    """Request a reset through the web form; the path of the link that was mailed (if any)."""
    before = len(mails(app, "password_reset"))
    response = app.test_client().post("/glemt-adgangskode", data={"email": email})
    assert response.status_code == 200
    sent = mails(app, "password_reset")
    assert len(sent) == before + 1
    return link_path(sent[-1].body, "/adgangskode/nulstil/")


def test_the_login_page_links_to_the_reset_form(app: Flask, reference_data: None) -> None:
    page = app.test_client().get("/log-ind").text
    assert "Glemt adgangskode?" in page
    assert 'href="/glemt-adgangskode"' in page


def test_the_answer_is_the_same_whether_or_not_the_address_exists(app: Flask, citizen: Person) -> None:
    client = app.test_client()
    known = client.post("/glemt-adgangskode", data={"email": citizen.email.upper()})
    unknown = client.post("/glemt-adgangskode", data={"email": "ingen@example.dk"})
    assert known.status_code == unknown.status_code == 200
    assert _without_csrf(known.text) == _without_csrf(unknown.text)
    assert "Hvis adressen findes, har vi sendt en mail" in known.text
    sent = mails(app, "password_reset")
    assert [m.to_address for m in sent] == [citizen.email]  # nothing for the unknown address


def test_the_token_is_random_and_stored_only_as_a_sha256_hash(app: Flask, citizen: Person) -> None:
    path = _ask(app, citizen.email)
    secret = path.rsplit("/", 1)[1]
    assert len(secret) >= 43  # token_urlsafe(32)
    with app.app_context():
        row = db.session.scalar(select(PasswordResetToken))
        assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in (row.token_hash,)
        assert row.expires_at - row.created_at == timedelta(minutes=60)
        assert row.used_at is None


def test_the_mail_link_is_built_from_public_base_url_not_the_request_host(
    app: Flask, citizen: Person
) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://klimadyst.example"
    # An unknown host gets a 404 (tests/tenancy); Køge's own subdomain is served, and still the
    # link comes from PUBLIC_BASE_URL.
    app.test_client().post(
        "/glemt-adgangskode", data={"email": citizen.email}, headers={"Host": "koege.localhost"}
    )
    body = mails(app, "password_reset")[-1].body
    assert "https://klimadyst.example/adgangskode/nulstil/" in body
    assert "koege.localhost" not in body


def test_a_reset_sets_the_password_and_the_link_works_once(app: Flask, citizen: Person) -> None:
    path = _ask(app, citizen.email)
    client = app.test_client()
    assert client.get(path).status_code == 200
    weak = client.post(path, data={"password": "kort", "password_confirm": "kort"})
    assert weak.status_code == 422
    assert "mindst 10 tegn" in weak.text
    done = client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert done.headers["Location"] == "/log-ind"
    with app.app_context():
        user = db.session.get(User, citizen.id)
        assert verify_password(user.password_hash, NEW_PASSWORD)
    again = client.get(path)
    assert again.status_code == 400
    assert "virker ikke længere" in again.text
    assert (
        client.post(
            path, data={"password": NEW_PASSWORD + "x", "password_confirm": NEW_PASSWORD + "x"}
        ).status_code
        == 400
    )
    login(
        app.test_client(),
        Person(citizen.id, citizen.email, citizen.alias, NEW_PASSWORD, citizen.neighbourhood_id),
    )
    old = app.test_client().post("/log-ind", data={"email": citizen.email, "password": citizen.password})
    assert old.status_code == 422


def test_a_weak_password_changes_nothing(app: Flask, citizen: Person) -> None:
    path = _ask(app, citizen.email)
    response = app.test_client().post(
        path, data={"password": "password123", "password_confirm": "password123"}
    )
    assert response.status_code == 422
    with app.app_context():
        assert verify_password(db.session.get(User, citizen.id).password_hash, citizen.password)
        assert db.session.scalar(select(PasswordResetToken.used_at)) is None


def test_expired_and_unknown_links_get_a_danish_error_page(app: Flask, citizen: Person) -> None:
    with app.test_request_context():
        request_password_reset(email=citizen.email, now=utcnow() - timedelta(minutes=61))
        db.session.remove()
    path = link_path(mails(app, "password_reset")[-1].body, "/adgangskode/nulstil/")
    client = app.test_client()
    for target in (path, "/adgangskode/nulstil/ukendt-token"):
        response = client.get(target)
        assert response.status_code == 400
        assert "udløbet" in response.text
        assert response.headers["Cache-Control"] == "no-store"


def test_a_reset_ends_every_session_and_token_and_uses_up_other_links(app: Flask, citizen: Person) -> None:
    browser = app.test_client()
    login(browser, citizen)
    api = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    first = _ask(app, citizen.email)
    second = _ask(app, citizen.email)
    response = app.test_client().post(
        second, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert response.status_code == 303
    assert browser.get("/konto").status_code == 302  # the old session is signed out
    assert_problem(api.get("/api/v1/me"), 401, "token_invalid")
    with app.app_context():
        from app.accounts.models import ApiToken

        assert db.session.scalar(select(ApiToken.revoked_at)) is not None
        assert all(row.used_at is not None for row in db.session.scalars(select(PasswordResetToken)))
    assert app.test_client().get(first).status_code == 400


def test_following_a_reset_link_confirms_the_address(app: Flask, citizen: Person) -> None:
    with app.app_context():
        db.session.get(User, citizen.id).email_verified_at = None
        db.session.commit()
    path = _ask(app, citizen.email)
    app.test_client().post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    with app.app_context():
        assert db.session.get(User, citizen.id).email_verified_at is not None


def test_suspended_accounts_get_no_reset_mail(app: Flask, citizen: Person) -> None:
    with app.app_context():
        db.session.get(User, citizen.id).is_suspended = True
        db.session.commit()
    response = app.test_client().post("/glemt-adgangskode", data={"email": citizen.email})
    assert response.status_code == 200
    assert mails(app, "password_reset") == []


def test_the_reset_forms_need_the_csrf_token(app: Flask, citizen: Person) -> None:
    path = _ask(app, citizen.email)
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    assert client.post("/glemt-adgangskode", data={"email": citizen.email}).status_code == 400
    assert len(mails(app, "password_reset")) == 1
    refused = client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert refused.status_code == 400
    with app.app_context():
        assert verify_password(db.session.get(User, citizen.id).password_hash, citizen.password)
