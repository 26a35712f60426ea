"""Mailed links (password reset, address confirmation, company invitation, unsubscribe) work only
at the host of the municipality whose person they were sent to."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from app.db import db
from tests.conftest import PASSWORD
from tests.tenancy.conftest import Town

NEW_PASSWORD = "Et-helt-nyt-kodeord-2026"


def _mailed_secrets(app: Flask, town: Town) -> dict[str, str]:
    from app.accounts.models import EmailVerificationToken, PasswordResetToken, Role, User
    from app.accounts.services import register_user
    from app.business.models import Company, CompanyMember, MemberRole
    from app.business.services import invite_member
    from app.clock import utcnow
    from app.digest import secret_digest
    from app.reminders.services import save_preferences
    from app.reminders.tokens import Topic, unsubscribe_token
    from app.tenancy.context import in_municipality

    secrets = {
        "reset": f"nulstil-{town.slug}-000000000000000000000",
        "verify": f"bekraeft-{town.slug}-0000000000",
    }
    with app.app_context(), in_municipality(town.municipality_id):
        now = utcnow()
        user_id = town.citizen.id
        db.session.add(
            PasswordResetToken(
                user_id=user_id,
                token_hash=secret_digest(secrets["reset"]),
                created_at=now,
                expires_at=now + timedelta(hours=1),
            )
        )
        db.session.add(
            EmailVerificationToken(
                user_id=user_id,
                token_hash=secret_digest(secrets["verify"]),
                created_at=now,
                expires_at=now + timedelta(days=1),
            )
        )
        db.session.commit()
        citizen = db.session.get(User, user_id)
        save_preferences(
            user=citizen,
            reminder_enabled=True,
            weekdays=range(7),
            reminder_time=now.time().replace(microsecond=0),
            only_if_not_logged=False,
            digest_enabled=False,
            channel="email",
        )
        owner = register_user(
            email=f"ejer@{town.slug}.dk",
            password=PASSWORD,
            alias="Ejer",
            neighbourhood_id=None,
            role=Role.BUSINESS,
        )
        company = db.session.scalar(select(Company).where(Company.slug == "groen-test"))
        db.session.add(CompanyMember(company_id=company.id, user_id=owner.id, role=MemberRole.OWNER))
        db.session.commit()
        tokens: list[str] = []
        invite_member(
            company=company, actor=owner, email="ny@example.dk", accept_link=lambda t: tokens.append(t) or t
        )
        secrets["invitation"] = tokens[0]
        secrets["unsubscribe"] = unsubscribe_token(user_id=user_id, topic=Topic.REMINDER)
        db.session.remove()
    return secrets


def _state(app: Flask, town: Town) -> tuple[object, ...]:
    """What following the links would change: the password, the reminder, the members."""
    from app.accounts.models import User
    from app.business.models import CompanyMember
    from app.reminders.models import ReminderPreference
    from app.tenancy.context import platform_scope

    with app.app_context(), platform_scope():
        user = db.session.get(User, town.citizen.id)
        state = (
            user.password_hash,
            user.email_verified_at,
            db.session.get(ReminderPreference, user.id).reminder_enabled,
            db.session.scalar(select(db.func.count()).select_from(CompanyMember)),
        )
        db.session.remove()
    return state


def test_a_mailed_link_is_unknown_at_another_municipalitys_host(app: Flask, towns: tuple[Town, Town]) -> None:
    koege, solroed = towns
    secrets = _mailed_secrets(app, koege)
    before = _state(app, koege)
    client = app.test_client()
    reset = f"/adgangskode/nulstil/{secrets['reset']}"
    assert client.get(reset, base_url=solroed.host).status_code == 400
    posted = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    assert client.post(reset, data=posted, base_url=solroed.host).status_code == 400
    assert client.get(f"/konto/bekraeft/{secrets['verify']}", base_url=solroed.host).status_code == 400
    assert client.post(f"/konto/bekraeft/{secrets['verify']}", base_url=solroed.host).status_code == 400
    unsubscribe = f"/afmeld/{secrets['unsubscribe']}"
    assert client.get(unsubscribe, base_url=solroed.host).status_code == 400
    assert client.post(unsubscribe, base_url=solroed.host).status_code == 400
    assert client.get(f"/invitation/{secrets['invitation']}", base_url=solroed.host).status_code == 404
    signed_in = {"email": solroed.citizen.email, "password": PASSWORD}
    assert client.post("/log-ind", base_url=solroed.host, data=signed_in).status_code == 303
    assert client.post(f"/invitation/{secrets['invitation']}", base_url=solroed.host).status_code == 404
    assert _state(app, koege) == before


def test_the_same_links_work_at_their_own_host(app: Flask, towns: tuple[Town, Town]) -> None:
    koege = towns[0]
    secrets = _mailed_secrets(app, koege)
    client = app.test_client()
    assert client.get(f"/adgangskode/nulstil/{secrets['reset']}", base_url=koege.host).status_code == 200
    assert client.get(f"/konto/bekraeft/{secrets['verify']}", base_url=koege.host).status_code == 200
    assert client.get(f"/invitation/{secrets['invitation']}", base_url=koege.host).status_code == 200
    assert client.post(f"/afmeld/{secrets['unsubscribe']}", base_url=koege.host).status_code == 303
    assert _state(app, koege)[2] is False
