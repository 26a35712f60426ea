"""Logout and suspension end sessions for real: copied cookies and tokens stop working."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.db import db
from app.moderation.services import set_suspended
from tests.api.conftest import ApiClient, assert_problem, issue
from tests.conftest import Person


def _login_remembered(app: Flask, person: Person) -> FlaskClient:
    client = app.test_client()
    response = client.post(
        "/log-ind", data={"email": person.email, "password": person.password, "remember": "y"}
    )
    assert response.status_code == 303
    return client


def _replay(app: Flask, cookies: dict[str, str]) -> FlaskClient:
    """A fresh browser that only has copies of these cookies."""
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def _cookies(client: FlaskClient) -> dict[str, str]:
    return {
        name: client.get_cookie(name).value
        for name in ("session", "remember_token")
        if client.get_cookie(name) is not None
    }


def test_copied_cookies_work_before_logout(app: Flask, citizen: Person) -> None:
    """The control for the next test: the replay does sign in while the session is live."""
    client = _login_remembered(app, citizen)
    cookies = _cookies(client)
    assert set(cookies) == {"session", "remember_token"}
    assert _replay(app, cookies).get("/konto").status_code == 200
    assert _replay(app, {"remember_token": cookies["remember_token"]}).get("/konto").status_code == 200


def test_logout_ends_the_session_and_the_remember_me_cookie(app: Flask, citizen: Person) -> None:
    client = _login_remembered(app, citizen)
    cookies = _cookies(client)
    assert client.post("/log-ud").status_code == 303
    assert client.get("/konto").status_code == 302
    assert _replay(app, cookies).get("/konto").status_code == 302
    assert _replay(app, {"session": cookies["session"]}).get("/konto").status_code == 302
    assert _replay(app, {"remember_token": cookies["remember_token"]}).get("/konto").status_code == 302


def test_logout_signs_out_every_browser_but_keeps_phone_apps(app: Flask, citizen: Person) -> None:
    laptop = _login_remembered(app, citizen)
    phone_browser = _login_remembered(app, citizen)
    api = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    laptop.post("/log-ud")
    assert phone_browser.get("/konto").status_code == 302  # all devices, as the README says
    assert api.get("/api/v1/me").status_code == 200  # app tokens are revoked one by one instead


def test_api_logout_revokes_only_that_token(app: Flask, citizen: Person) -> None:
    browser = _login_remembered(app, citizen)
    one = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    other = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    assert one.delete("/api/v1/tokens/current").status_code == 204
    assert_problem(one.get("/api/v1/me"), 401, "token_invalid")
    assert other.get("/api/v1/me").status_code == 200
    assert browser.get("/konto").status_code == 200


def test_suspension_ends_every_session_and_token_and_blocks_login(
    app: Flask, citizen: Person, make_user: Any
) -> None:
    admin = make_user(role="admin", alias="Kommunen Test")
    browser = _login_remembered(app, citizen)
    cookies = _cookies(browser)
    api = ApiClient(app.test_client(use_cookies=False), issue(app, citizen))
    with app.test_request_context():
        set_suspended(
            admin=db.session.get(User, admin.id), user_id=citizen.id, suspended=True, reason="Gentaget snyd"
        )
        db.session.remove()
    assert browser.get("/konto").status_code == 302
    assert _replay(app, {"remember_token": cookies["remember_token"]}).get("/konto").status_code == 302
    assert_problem(api.get("/api/v1/me"), 401, "token_invalid")
    refused = app.test_client().post("/log-ind", data={"email": citizen.email, "password": citizen.password})
    assert refused.status_code == 403
    assert "Din konto er suspenderet" in refused.text
    wrong = app.test_client().post("/log-ind", data={"email": citizen.email, "password": "forkert"})
    assert wrong.status_code == 422  # without the password nobody learns of the suspension
    assert "suspenderet" not in wrong.text
    token = app.test_client(use_cookies=False).post(
        "/api/v1/tokens", json={"email": citizen.email, "password": citizen.password}
    )
    assert_problem(token, 403, "account_suspended")
    with app.test_request_context():
        set_suspended(
            admin=db.session.get(User, admin.id), user_id=citizen.id, suspended=False, reason="Afklaret"
        )
        db.session.remove()
    assert (
        app.test_client()
        .post("/log-ind", data={"email": citizen.email, "password": citizen.password})
        .status_code
        == 303
    )


def test_the_admin_user_page_says_what_suspension_does(app: Flask, citizen: Person, make_user: Any) -> None:
    from tests.conftest import login

    admin = make_user(role="admin", alias="Kommunen Test")
    client = app.test_client()
    login(client, admin)
    page = client.get(f"/admin/brugere/{citizen.id}").text
    assert "logger personen ud med det samme på alle enheder" in page
    assert "tilbagekaldes" in page
    assert "kan personen ikke logge ind" in page
