"""Admin test helpers: an admin and a staff member, logged-in clients, and ledger shortcuts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action
from app.clock import local_date
from app.db import db
from tests.conftest import Person, login

NOW = datetime(2026, 11, 18, 11, 0, tzinfo=UTC)  # a Wednesday
TODAY = local_date(NOW)


@pytest.fixture
def admin(make_user: Any) -> Person:
    return make_user(role="admin", alias="Kommunen Test")  # type: ignore[no-any-return]


@pytest.fixture
def staff(make_user: Any) -> Person:
    return make_user(role="staff", alias="Medarbejder Test")  # type: ignore[no-any-return]


@pytest.fixture
def admin_client(client: FlaskClient, admin: Person) -> FlaskClient:
    login(client, admin)
    return client


def action(slug: str = "cykel-frem-for-bil") -> Action:
    found = db.session.scalar(select(Action).where(Action.slug == slug))
    assert found is not None
    return found


def log(
    person: Person,
    quantity: str = "5",
    *,
    slug: str = "cykel-frem-for-bil",
    day: date = TODAY,
    now: datetime = NOW,
    key: str | None = None,
) -> int:
    """Log for a person inside an app context; returns the ledger row id."""
    log.counter += 1  # type: ignore[attr-defined]
    result = log_action(
        user=db.session.get(User, person.id),
        action=action(slug),
        quantity=Decimal(quantity),
        occurred_on=day,
        now=now,
        idempotency_key=key or f"test-key-{log.counter:06d}",
    )  # type: ignore[attr-defined]
    return result.entry.id


log.counter = 0  # type: ignore[attr-defined]


def user(person: Person) -> User:
    found = db.session.get(User, person.id)
    assert found is not None
    return found


def logged_in(app: Flask, person: Person) -> FlaskClient:
    client = app.test_client()
    login(client, person)
    return client
