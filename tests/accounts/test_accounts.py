"""Registration, login, password change, privacy export and account deletion."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.actions.models import LogEntry
from app.db import db
from app.leaderboards.models import NeighbourhoodScore
from tests.conftest import PASSWORD, Person, login


def _register(client: FlaskClient, app: Flask, **overrides: Any):  # type: ignore[no-untyped-def]
    from app.neighbourhoods.models import Neighbourhood

    with app.app_context():
        area_id = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == "ejby"))
    data = {
        "email": "Mette@Example.dk",
        "password": "Sol-og-vind-over-Koege",
        "password_confirm": "Sol-og-vind-over-Koege",
        "alias": "Mette M",
        "neighbourhood_id": str(area_id),
    }
    data.update(overrides)
    return client.post("/registrer", data=data)


def test_register_logs_in_and_stores_a_lowercased_email_and_argon2_hash(
    app: Flask, client: FlaskClient, reference_data: None
) -> None:
    response = _register(client, app)
    assert response.status_code == 303
    assert response.headers["Location"] == "/hjem"
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "mette@example.dk"
        assert user.password_hash.startswith("$argon2id$")
        assert user.show_in_rankings is False  # individual rankings are opt-in
    assert client.get("/hjem").status_code == 200


def test_email_is_unique_regardless_of_case(app: Flask, client: FlaskClient, reference_data: None) -> None:
    _register(client, app)
    client.post("/log-ud")
    response = _register(client, app, email="METTE@example.DK", alias="Anden Mette")
    # Answered like a new sign-up (no account enumeration); nothing is created.
    assert response.status_code == 303
    assert response.headers["Location"] == "/hjem"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("password", "kort", "mindst 10 tegn"),
        ("password", "password123", "mest brugte"),
        ("alias", "x" * 41, "3-40 tegn"),
        ("email", "a" * 250 + "@x.dk", "for lang"),
        ("email", "ikke-en-mail", "gyldig e-mail"),
        ("neighbourhood_id", "0", "Vælg dit område"),
        ("neighbourhood_id", "99999", "Not a valid choice"),
    ],
)
def test_bad_registrations_get_a_form_error_never_a_500(
    app: Flask, client: FlaskClient, reference_data: None, field: str, value: str, expected: str
) -> None:
    overrides = {field: value}
    if field == "password":
        overrides["password_confirm"] = value
    response = _register(client, app, **overrides)
    assert response.status_code == 422
    assert expected.lower() in response.text.lower() or field == "neighbourhood_id"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_password_containing_the_alias_is_refused(
    app: Flask, client: FlaskClient, reference_data: None
) -> None:
    response = _register(
        client, app, alias="Solstraale", password="Solstraale-2026!", password_confirm="Solstraale-2026!"
    )
    assert response.status_code == 422


def test_login_wrong_password_and_unknown_email_look_the_same(client: FlaskClient, citizen: Person) -> None:
    wrong = client.post("/log-ind", data={"email": citizen.email, "password": "forkert-kodeord"})
    unknown = client.post("/log-ind", data={"email": "nobody@example.dk", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 422
    assert "Forkert e-mail eller adgangskode" in wrong.text
    assert "Forkert e-mail eller adgangskode" in unknown.text


@pytest.mark.parametrize(
    ("check", "email"), [("citizen", "nobody@example.dk"), ("platform", "nobody@platform.example.dk")]
)
def test_an_unknown_address_costs_one_password_check_at_the_current_parameters(
    app: Flask, reference_data: None, monkeypatch: pytest.MonkeyPatch, check: str, email: str
) -> None:
    """No timing tells whether an address has an account: the unknown one is checked against a
    hash made with the hasher in use (made on first use, not at import)."""
    from app.accounts import passwords
    from app.accounts.services import authenticate
    from app.platform.accounts import authenticate_platform_admin

    checked: list[str] = []
    real = passwords.verify_password

    def spy(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", spy)
    with app.app_context():
        login = authenticate if check == "citizen" else authenticate_platform_admin
        assert login(email=email, password="x" * 12) is None
    assert len(checked) == 1
    assert not passwords.needs_rehash(checked[0])  # the parameters real hashes are made with


def test_login_is_case_insensitive_and_remember_me_sets_a_cookie(
    client: FlaskClient, citizen: Person
) -> None:
    response = client.post(
        "/log-ind", data={"email": citizen.email.upper(), "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 303
    assert client.get_cookie("remember_token") is not None


def test_login_never_redirects_off_site(client: FlaskClient, citizen: Person) -> None:
    response = client.post(
        "/log-ind?next=https://evil.example/", data={"email": citizen.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/hjem"


def test_logout_is_post_only(citizen_client: FlaskClient) -> None:
    assert citizen_client.get("/log-ud").status_code == 405
    assert citizen_client.post("/log-ud").status_code == 303
    assert citizen_client.get("/hjem").status_code == 302


def test_change_password_signs_out_other_sessions(app: Flask, citizen: Person) -> None:
    phone, laptop = app.test_client(), app.test_client()
    login(phone, citizen)
    login(laptop, citizen)
    response = phone.post(
        "/konto/adgangskode",
        data={
            "current_password": PASSWORD,
            "password": "Nyt-og-langt-kodeord",
            "password_confirm": "Nyt-og-langt-kodeord",
        },
    )
    assert response.status_code == 303
    assert phone.get("/hjem").status_code == 200
    assert laptop.get("/hjem").status_code == 302
    with app.app_context():
        assert verify_password(db.session.get(User, citizen.id).password_hash, "Nyt-og-langt-kodeord")


def test_change_password_needs_the_current_one(citizen_client: FlaskClient) -> None:
    response = citizen_client.post(
        "/konto/adgangskode",
        data={
            "current_password": "forkert",
            "password": "Nyt-og-langt-kodeord",
            "password_confirm": "Nyt-og-langt-kodeord",
        },
    )
    assert response.status_code == 422


def test_profile_update_changes_alias_and_opt_in(
    app: Flask, citizen_client: FlaskClient, citizen: Person
) -> None:
    response = citizen_client.post("/konto/profil", data={"alias": "Ny Alias"})
    assert response.status_code == 303
    with app.app_context():
        user = db.session.get(User, citizen.id)
        assert (user.alias, user.show_in_rankings) == ("Ny Alias", False)


def test_alias_is_unique_regardless_of_case(citizen_client: FlaskClient, make_user: Any) -> None:
    make_user(alias="Cykel Anna")
    response = citizen_client.post("/konto/profil", data={"alias": "cykel anna"})
    assert response.status_code == 422


def _log(client: FlaskClient) -> None:
    from app.clock import local_date, utcnow

    client.post(
        "/log/cykel-frem-for-bil",
        data={
            "quantity": "10",
            "occurred_on": local_date(utcnow()).isoformat(),
            "idempotency_key": "export-test-1",
        },
    )


def test_export_contains_my_data_and_nobody_elses(
    app: Flask, citizen_client: FlaskClient, citizen: Person, make_user: Any
) -> None:
    _log(citizen_client)
    response = citizen_client.get("/konto/eksport")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["email"] == citizen.email
    assert [log["points"] for log in data["logs"]] == [20]
    assert "password_hash" not in response.text


def test_delete_account_anonymises_ledger_and_keeps_area_totals(
    app: Flask, citizen_client: FlaskClient, citizen: Person
) -> None:
    _log(citizen_client)
    response = citizen_client.post("/konto/slet", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, citizen.id) is None
        entry = db.session.scalar(select(LogEntry))
        assert entry.user_id is None
        area = db.session.scalar(select(NeighbourhoodScore).where(NeighbourhoodScore.period == "all"))
        assert (area.points, area.participants) == (20, 1)
    assert citizen_client.get("/hjem").status_code == 302


def test_delete_account_needs_password_and_confirmation(
    app: Flask, citizen_client: FlaskClient, citizen: Person
) -> None:
    assert citizen_client.post("/konto/slet", data={"password": "forkert", "confirm": "y"}).status_code == 422
    assert citizen_client.post("/konto/slet", data={"password": PASSWORD}).status_code == 422
    with app.app_context():
        assert db.session.get(User, citizen.id) is not None


def test_account_pages_need_login(client: FlaskClient) -> None:
    for url in ("/konto", "/konto/eksport"):
        assert client.get(url).status_code == 302
