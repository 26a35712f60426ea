"""A citizen and a business user with a full footprint, built through the real services, and a
scan of every text column of every table."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import JSON, String, Text, select

from app.accounts.models import User
from app.actions.models import Action
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from tests.conftest import Person
from tests.support.business import company_values, make_offer

CITIZEN_ALIAS = "Solsikke Hansen"
OWNER_ALIAS = "Karen Jensen"
OWNER_CONTACT_NAME = "Karen Margrethe Jensen"


@dataclass(frozen=True)
class Footprint:
    citizen: Person
    citizen_public_id: str
    owner: Person
    owner_public_id: str
    colleague_email: str
    company_id: int
    request_id: int
    admin: Person
    owner_token: str


def _log(user: User, slug: str, quantity: str, key: str) -> None:
    from app.actions.services import log_action

    action = db.session.scalar(select(Action).where(Action.slug == slug))
    assert action is not None
    log_action(
        user=user,
        action=action,
        quantity=Decimal(quantity),
        occurred_on=local_date(utcnow()),
        idempotency_key=key,
    )


def _citizen_footprint(citizen: User, team_code: str, challenge_id: int) -> None:
    from app.accounts.tokens import issue_token
    from app.actions.routines import mark_always, save_todays_logs_as_usual_day
    from app.business.services import join_team
    from app.challenges.services import join_challenge
    from app.gamification.models import FlagKind
    from app.moderation.flags import raise_flag
    from app.moderation.throttle import note_cap_refusal
    from app.outbox.services import queue_mail

    join_challenge(user=citizen, challenge_id=challenge_id)
    join_team(user=citizen, code=team_code)
    _log(citizen, "cykel-frem-for-bil", "10", "footprint-key-0001")
    _log(citizen, "cykel-frem-for-bil", "5", "footprint-key-0002")
    save_todays_logs_as_usual_day(user=citizen)
    bike = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
    assert bike is not None
    mark_always(user=citizen, action=bike)
    note_cap_refusal(user=citizen, now=utcnow())
    raise_flag(
        user_id=citizen.id,
        kind=FlagKind.BURST,
        day=local_date(utcnow()),
        params={"logs": 40, "minutes": 15},
        details=f"{CITIZEN_ALIAS} logged 40 times",
    )
    issue_token(user=citizen, name="Solsikkes telefon")
    _notification_footprint(citizen)
    with write_transaction():
        queue_mail(
            to=citizen.email,
            subject="Velkommen",
            kind="welcome",
            body=f"Hej {CITIZEN_ALIAS}, velkommen til Klimadyst.",
        )


SOLSIKKE_ENDPOINT = "https://fcm.googleapis.com/fcm/send/solsikke-telefon"


def _notification_footprint(citizen: User) -> None:
    """Reminder choices and a push device (push needs a VAPID key pair in the configuration)."""
    import base64
    from datetime import time

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from flask import current_app

    from app.push.keys import generate_vapid_keys
    from app.push.services import subscribe_device
    from app.reminders.services import save_preferences

    keys = generate_vapid_keys()
    current_app.config.update(VAPID_PUBLIC_KEY=keys.public_key, VAPID_PRIVATE_KEY=keys.private_key)
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    subscribe_device(
        user=citizen,
        endpoint=SOLSIKKE_ENDPOINT,
        p256dh=base64.urlsafe_b64encode(point).rstrip(b"=").decode(),
        auth=base64.urlsafe_b64encode(b"0123456789abcdef").rstrip(b"=").decode(),
        user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36",
    )
    save_preferences(
        user=citizen,
        reminder_enabled=True,
        weekdays=[0, 3],
        reminder_time=time(18, 30),
        only_if_not_logged=True,
        digest_enabled=True,
        channel="push",
    )


@pytest.fixture
def footprint(app: Flask, make_user: Any) -> Footprint:
    """Logs, badges, challenges, a team, a company, sparring requests and comments,
    invitations, tokens and mails, all through the services."""
    from app.accounts.tokens import issue_token
    from app.business.services import invite_member, open_team, register_company
    from app.sparring.services import add_comment, request_sparring
    from tests.admin.samples import make_challenge

    admin = make_user(role="admin", alias="Kommunen Admin")
    citizen = make_user(alias=CITIZEN_ALIAS)
    owner = make_user(role="business", alias=OWNER_ALIAS)
    challenge_id = make_challenge(app, admin)
    offer_id = make_offer(app)
    with app.app_context():
        owner_user = db.session.get_one(User, owner.id)
        company = register_company(
            owner=owner_user,
            **company_values(
                name="Solcelle ApS",
                contact_name=OWNER_CONTACT_NAME,
                contact_email=owner.email,
                contact_phone="12345678",
            ),
        )
        team = open_team(company=company, actor=owner_user, name="Solcelle-holdet")
        invite_member(
            company=company,
            actor=owner_user,
            email="kollega@firma.dk",
            accept_link=lambda token: f"http://x/{token}",
        )
        request = request_sparring(
            company=company,
            requester=owner_user,
            offer_ids=[offer_id],
            topic="Solceller",
            message=f"Hej, det er {OWNER_ALIAS} ({owner.email}). Hvor starter vi?",
            contact_method="email",
            contact_time="Formiddag",
        )
        add_comment(request=request, author=owner_user, body="Vi har 40 ansatte.")
        add_comment(
            request=request,
            author=db.session.get_one(User, admin.id),
            body=f"Tak {OWNER_ALIAS}, vi ringer i morgen.",
        )
        owner_token = issue_token(user=owner_user, name="Karens bærbare").secret
        _citizen_footprint(db.session.get_one(User, citizen.id), team.join_code, challenge_id)
        result = Footprint(
            citizen,
            db.session.get_one(User, citizen.id).public_id,
            owner,
            owner_user.public_id,
            "kollega@firma.dk",
            company.id,
            request.id,
            admin,
            owner_token,
        )
        db.session.remove()
    return result


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Another app on the test database with some settings changed; its pool is closed after."""
    from app import create_app

    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        made.append(create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, **overrides}))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def text_columns() -> list[tuple[str, Any]]:
    return [
        (table.name, column)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text | JSON)
    ]


def scan_for(*terms: str) -> list[str]:
    """Every (table.column: value) whose text contains one of `terms`, case-insensitively."""
    wanted = [t.lower() for t in terms]
    hits = []
    for table_name, column in text_columns():
        for value in db.session.scalars(select(column)):
            text = str(value).lower()
            if value is not None and any(t in text for t in wanted):
                hits.append(f"{table_name}.{column.name}: {value!r}")
    return hits
