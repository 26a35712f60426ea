"""Køge's plan loaded, national sparring offers, and a helper that logs an action."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from app.db import db
from tests.conftest import Person


@pytest.fixture
def koege_plan(app: Flask, reference_data: None) -> None:
    from app.plan.loader import PLAN_DATA, load_plan
    from app.seed.business import seed_sparring_offers

    with app.app_context():
        load_plan(PLAN_DATA / "koege_plan.toml")
        seed_sparring_offers()
        db.session.remove()


def log(app: Flask, person: Person, slug: str, quantity: str, key: str) -> None:
    from app.accounts.models import User
    from app.actions.models import Action
    from app.actions.services import log_action
    from app.clock import local_date, utcnow

    with app.app_context():
        now = utcnow()
        action = db.session.scalar(select(Action).where(Action.slug == slug))
        log_action(
            user=db.session.get(User, person.id),
            action=action,
            quantity=Decimal(quantity),
            occurred_on=local_date(now),
            idempotency_key=key,
            now=now,
        )
        db.session.remove()
