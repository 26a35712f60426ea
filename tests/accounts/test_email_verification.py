"""E-mail verification at sign-up, resending, and sign-up with an address that already exists."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.accounts.lifecycle import send_verification_mail
from app.accounts.models import EmailVerificationToken, User
from app.clock import utcnow
from app.db import db
from app.neighbourhoods.models import Neighbourhood
from tests.accounts.helpers import link_path, mails
from tests.conftest import Person, login

SIGNUP_PASSWORD = "Sol-og-vind-over-Koege"


def _sign_up(client: FlaskClient, app: Flask, **overrides: Any):  # type: ignore[no-untyped-def]
    with app.app_context():
        area_id = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == "ejby"))
    data = {
        "email": "ny@example.dk",
        "password": SIGNUP_PASSWORD,
        "password_confirm": SIGNUP_PASSWORD,
        "alias": "Ny Borger",
        "neighbourhood_id": str(area_id),
    }
    data.update(overrides)
    return client.post("/registrer", data=data)


def _verified_at(app: Flask, email: str) -> Any:
    with app.app_context():
        return db.session.scalar(select(User.email_verified_at).where(User.email == email))


def test_sign_up_logs_in_at_once_but_stays_unverified_until_the_link_is_posted(
    app: Flask, client: FlaskClient, reference_data: None
) -> None:
    response = _sign_up(client, app)
    assert response.status_code == 303
    assert client.get("/hjem").status_code == 200  # logged in at once
    assert _verified_at(app, "ny@example.dk") is None
    (mail,) = mails(app, "email_verification")
    assert mail.to_address == "ny@example.dk"
    path = link_path(mail.body, "/konto/bekraeft/")
    page = client.get(path)  # a mail scanner following the link changes nothing
    assert page.status_code == 200
    assert "Bekræft min adresse" in page.text
    assert _verified_at(app, "ny@example.dk") is None
    confirmed = app.test_client().post(path)  # the token alone proves the mailbox
    assert confirmed.status_code == 303
    assert _verified_at(app, "ny@example.dk") is not None
    assert client.get(path).status_code == 400  # single use


def test_business_sign_up_is_verified_the_same_way(
    app: Flask, client: FlaskClient, reference_data: None
) -> None:
    response = client.post(
        "/virksomhed/registrer",
        data={
            "email": "firma@example.dk",
            "password": SIGNUP_PASSWORD,
            "password_confirm": SIGNUP_PASSWORD,
            "alias": "Firma Bo",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/virksomhed/ny"
    assert _verified_at(app, "firma@example.dk") is None
    (mail,) = mails(app, "email_verification")
    assert mail.to_address == "firma@example.dk"
    assert client.get("/virksomhed/ny").status_code == 200  # logged in, on to the company form


def test_the_account_page_shows_unverified_and_resends(
    app: Flask, client: FlaskClient, reference_data: None
) -> None:
    _sign_up(client, app)
    page = client.get("/konto").text
    assert "Din e-mailadresse er ikke bekræftet" in page
    assert 'action="/konto/bekraeft-igen"' in page
    response = client.post("/konto/bekraeft-igen", data={"next": "/konto"})
    assert response.status_code == 303
    assert len(mails(app, "email_verification")) == 2
    assert "Vi har sendt en ny mail" in client.get("/konto").text


def test_a_verified_account_has_no_notice_and_gets_no_mail(app: Flask, citizen: Person) -> None:
    client = app.test_client()
    login(client, citizen)
    assert "ikke bekræftet" not in client.get("/konto").text
    assert client.post("/konto/bekraeft-igen").status_code == 303
    assert mails(app, "email_verification") == []


def test_resending_needs_a_login_and_a_post(app: Flask, reference_data: None) -> None:
    client = app.test_client()
    assert client.post("/konto/bekraeft-igen").status_code == 302
    assert client.get("/konto/bekraeft-igen").status_code == 405


def test_an_expired_verification_link_is_refused(app: Flask, make_user: Any) -> None:
    person = make_user()
    with app.test_request_context():
        user = db.session.get(User, person.id)
        user.email_verified_at = None
        db.session.commit()
        send_verification_mail(user=user, now=utcnow() - timedelta(days=7, minutes=1))
        row = db.session.scalar(select(EmailVerificationToken))
        assert row.expires_at - row.created_at == timedelta(days=7)
        db.session.remove()
    path = link_path(mails(app, "email_verification")[-1].body, "/konto/bekraeft/")
    client = app.test_client()
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    assert client.get("/konto/bekraeft/ukendt").status_code == 400
    assert _verified_at(app, person.email) is None


def test_sign_up_with_a_known_address_answers_the_same_and_mails_the_owner(
    app: Flask, citizen: Person
) -> None:
    fresh_client, known_client = app.test_client(), app.test_client()
    fresh = _sign_up(fresh_client, app, email="helt-ny@example.dk", alias="Helt Ny")
    known = _sign_up(known_client, app, email=citizen.email.upper(), alias="Anden Person")
    assert known.status_code == fresh.status_code == 303
    assert known.headers["Location"] == fresh.headers["Location"] == "/hjem"
    for client, address in ((fresh_client, "helt-ny@example.dk"), (known_client, citizen.email)):
        shown = client.get("/hjem", follow_redirects=True).text
        assert f"Tjek din mail: Vi har sendt en mail til {address}" in shown
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(User).where(User.alias_key == "anden person"))
            == 0
        )
        assert db.session.scalar(select(func.count()).select_from(User)) == 2
    (warning,) = mails(app, "registration_attempt")
    assert warning.to_address == citizen.email
    assert "/log-ind" in warning.body
    assert "/glemt-adgangskode" in warning.body
    assert [m.to_address for m in mails(app, "email_verification")] == ["helt-ny@example.dk"]


def test_a_taken_alias_is_still_reported(app: Flask, citizen: Person) -> None:
    response = _sign_up(app.test_client(), app, email="andet@example.dk", alias=citizen.alias)
    assert response.status_code == 422
    assert "Det alias er optaget" in response.text
    assert mails(app) == []


def test_admins_seed_and_cli_accounts_count_as_verified(app: Flask, reference_data: None) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "--email", "chef@example.dk", "--alias", "Chefen"],
        input="Et-langt-admin-kodeord\n" * 2,
    )
    assert result.exit_code == 0, result.output
    seeded = runner.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) > 1
        assert (
            db.session.scalar(select(func.count()).select_from(User).where(User.email_verified_at.is_(None)))
            == 0
        )


def test_the_confirm_and_resend_buttons_need_the_csrf_token(
    app: Flask, client: FlaskClient, reference_data: None
) -> None:
    _sign_up(client, app)
    path = link_path(mails(app, "email_verification")[-1].body, "/konto/bekraeft/")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(path).status_code == 400
    assert client.post("/konto/bekraeft-igen").status_code == 400
    assert _verified_at(app, "ny@example.dk") is None
    assert len(mails(app, "email_verification")) == 1
    page = client.get(path).text
    csrf = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    assert client.post(path, data={"csrf_token": csrf}).status_code == 303
    assert _verified_at(app, "ny@example.dk") is not None
