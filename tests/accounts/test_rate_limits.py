"""Brute-force limits on the account forms, with the real (production) numbers."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from app.config import Config
from tests.accounts.helpers import link_path, mails
from tests.conftest import Person

LIMITS = (
    "WEB_LOGIN_RATE_LIMIT",
    "WEB_LOGIN_ACCOUNT_RATE_LIMIT",
    "WEB_REGISTER_RATE_LIMIT",
    "WEB_REGISTER_ACCOUNT_RATE_LIMIT",
    "PASSWORD_RESET_RATE_LIMIT",
    "PASSWORD_RESET_ACCOUNT_RATE_LIMIT",
    "PASSWORD_RESET_CONFIRM_RATE_LIMIT",
    "PASSWORD_RESET_CONFIRM_TOKEN_RATE_LIMIT",
    "VERIFICATION_MAIL_RATE_LIMIT",
)


@pytest.fixture
def real_limits(app: Flask) -> Flask:
    """The testing config raises the limits for the rest of the suite; put the real ones back."""
    for name in LIMITS:
        app.config[name] = getattr(Config, name)
    return app


def _from(app: Flask, ip: str) -> Any:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def _assert_limited(response: Any) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "For mange forespørgsler" in response.text or "Vent lidt" in response.text


def test_the_real_limits_are_the_documented_numbers() -> None:
    assert Config.WEB_LOGIN_RATE_LIMIT == "10 per minute;100 per hour"
    assert Config.WEB_LOGIN_ACCOUNT_RATE_LIMIT == "5 per minute;20 per hour"


def test_login_is_limited_per_account_whatever_the_ip(real_limits: Flask, citizen: Person) -> None:
    statuses = [
        _from(real_limits, f"10.0.0.{n}")
        .post("/log-ind", data={"email": citizen.email, "password": f"gæt-{n}"})
        .status_code
        for n in range(5)
    ]
    assert statuses == [422] * 5
    # the sixth try on this account is refused even with the right password, from a new IP,
    # and however the address is written
    response = _from(real_limits, "10.0.0.99").post(
        "/log-ind", data={"email": " " + citizen.email.upper(), "password": citizen.password}
    )
    _assert_limited(response)
    # another account from the same addresses is not affected
    other = _from(real_limits, "10.0.0.1").post(
        "/log-ind", data={"email": "anden@example.dk", "password": "x"}
    )
    assert other.status_code == 422


def test_login_is_limited_per_ip_whatever_the_account(real_limits: Flask, reference_data: None) -> None:
    client = _from(real_limits, "10.0.1.1")
    statuses = [
        client.post("/log-ind", data={"email": f"p{n}@example.dk", "password": "x"}).status_code
        for n in range(10)
    ]
    assert statuses == [422] * 10
    _assert_limited(client.post("/log-ind", data={"email": "p99@example.dk", "password": "x"}))
    assert client.get("/log-ind").status_code == 200  # showing the form is not counted
    assert (
        _from(real_limits, "10.0.1.2")
        .post("/log-ind", data={"email": "p99@example.dk", "password": "x"})
        .status_code
        == 422
    )


def test_an_htmx_request_over_the_limit_gets_a_429_fragment(real_limits: Flask, reference_data: None) -> None:
    client = _from(real_limits, "10.0.2.1")
    for n in range(10):
        client.post("/log-ind", data={"email": f"h{n}@example.dk", "password": "x"})
    response = client.post(
        "/log-ind", data={"email": "h@example.dk", "password": "x"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    fragment = response.text.strip()
    assert fragment.startswith('<p class="flash flash-error" role="alert" data-htmx-error')
    assert "For mange" in fragment
    assert "prøv igen" in fragment


def test_registration_is_limited_per_address(real_limits: Flask, reference_data: None) -> None:
    data = {
        "email": "spam@example.dk",
        "password": "kort",
        "password_confirm": "kort",
        "alias": "Spam Bot",
        "neighbourhood_id": "0",
    }
    statuses = [_from(real_limits, f"10.0.3.{n}").post("/registrer", data=data).status_code for n in range(3)]
    assert statuses == [422] * 3
    _assert_limited(_from(real_limits, "10.0.3.50").post("/registrer", data=data))
    _assert_limited(_from(real_limits, "10.0.3.51").post("/virksomhed/registrer", data=data))


def test_reset_requests_are_limited_per_address_and_share_the_api_counter(
    real_limits: Flask, citizen: Person
) -> None:
    web = [
        _from(real_limits, f"10.0.4.{n}")
        .post("/glemt-adgangskode", data={"email": citizen.email})
        .status_code
        for n in range(2)
    ]
    api = _from(real_limits, "10.0.4.9").post("/api/v1/password-reset", json={"email": citizen.email})
    assert web == [200, 200]
    assert api.status_code == 202
    _assert_limited(_from(real_limits, "10.0.4.10").post("/glemt-adgangskode", data={"email": citizen.email}))
    limited = _from(real_limits, "10.0.4.11").post("/api/v1/password-reset", json={"email": citizen.email})
    assert limited.status_code == 429
    assert limited.mimetype == "application/problem+json"
    assert len(mails(real_limits, "password_reset")) == 3


def test_the_reset_form_is_limited_per_link(real_limits: Flask, citizen: Person) -> None:
    _from(real_limits, "10.0.5.1").post("/glemt-adgangskode", data={"email": citizen.email})
    path = link_path(mails(real_limits, "password_reset")[-1].body, "/adgangskode/nulstil/")
    weak = {"password": "kort", "password_confirm": "kort"}
    statuses = [_from(real_limits, f"10.0.5.{n}").post(path, data=weak).status_code for n in range(5)]
    assert statuses == [422] * 5
    _assert_limited(_from(real_limits, "10.0.5.77").post(path, data=weak))


def test_resending_the_verification_mail_is_limited(real_limits: Flask, citizen: Person) -> None:
    from app.accounts.models import User
    from app.db import db
    from tests.conftest import login

    with real_limits.app_context():
        db.session.get(User, citizen.id).email_verified_at = None
        db.session.commit()
    client = real_limits.test_client()
    login(client, citizen)
    assert [client.post("/konto/bekraeft-igen").status_code for _ in range(2)] == [303, 303]
    _assert_limited(client.post("/konto/bekraeft-igen"))
    assert len(mails(real_limits, "email_verification")) == 2


def test_api_login_shares_the_per_account_counter(real_limits: Flask, citizen: Person) -> None:
    for n in range(3):
        _from(real_limits, f"10.0.6.{n}").post(
            "/log-ind", data={"email": citizen.email, "password": "forkert"}
        )
    api = [
        _from(real_limits, f"10.0.7.{n}")
        .post("/api/v1/tokens", json={"email": citizen.email, "password": "forkert"})
        .status_code
        for n in range(2)
    ]
    assert api == [401, 401]
    limited = _from(real_limits, "10.0.7.9").post(
        "/api/v1/tokens", json={"email": citizen.email, "password": citizen.password}
    )
    assert limited.status_code == 429
    assert limited.mimetype == "application/problem+json"
    _assert_limited(
        _from(real_limits, "10.0.6.9").post(
            "/log-ind", data={"email": citizen.email, "password": citizen.password}
        )
    )
