"""Køge (the reference data) and Solrød (its data folder), each with citizens, and an
inter-municipal challenge over cycling that starts tomorrow (so municipalities may join)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.db import db

KOEGE = "http://koege.localhost"
SOLROED = "http://solroed.localhost"
BARE = "http://localhost"


@dataclass(frozen=True)
class Citizen:
    id: int
    municipality: str


@pytest.fixture
def solroed(app: Flask, reference_data: None) -> None:
    from app.seed.municipality_data import MUNICIPALITIES_DIR, load_municipality

    with app.app_context():
        load_municipality(MUNICIPALITIES_DIR / "solroed")
        db.session.remove()


@pytest.fixture
def make_citizen(app: Flask, solroed: None) -> Callable[[str], Citizen]:
    counter = {"n": 0}

    def make(municipality: str = "koege") -> Citizen:
        from app.accounts.services import register_user
        from app.neighbourhoods.models import Neighbourhood
        from app.tenancy.context import in_municipality
        from app.tenancy.models import Municipality

        counter["n"] += 1
        with app.app_context():
            municipality_id = db.session.scalar(
                select(Municipality.id).where(Municipality.slug == municipality)
            )
            assert municipality_id is not None
            with in_municipality(municipality_id):
                area_id = db.session.scalar(select(Neighbourhood.id).order_by(Neighbourhood.id))
                user = register_user(
                    email=f"inter{counter['n']}@example.dk",
                    password="Grøn-hverdag-i-Køge",
                    alias=f"Inter {counter['n']}",
                    neighbourhood_id=area_id,
                )
                citizen = Citizen(user.id, municipality)
            db.session.remove()
        return citizen

    return make


def today() -> date:
    from app.clock import local_date, utcnow

    return local_date(utcnow())


@pytest.fixture
def challenge(app: Flask, solroed: None) -> str:
    """Starts tomorrow, runs a week, counts cycling; nobody has joined yet."""
    return make_inter_challenge(app)


def make_inter_challenge(app: Flask, slug: str = "cykeluge") -> str:
    from app.intermunicipal.services import InterChallengeInput, create_inter_challenge

    with app.app_context():
        created = create_inter_challenge(
            InterChallengeInput(
                slug=slug,
                title_da="Fælles cykeluge",
                title_en="Cycling week together",
                starts_on=today() + timedelta(days=1),
                ends_on=today() + timedelta(days=7),
                metric="points",
                target_value=Decimal(1000),
                action_slugs=("cykel-frem-for-bil",),
            ),
            today=today(),
        )
        slug = created.slug
        db.session.remove()
    return slug


def join(app: Flask, slug: str, municipality: str) -> None:
    """Opt in the municipality directly (as its admin would, before the start)."""
    from app.intermunicipal.models import InterChallenge, InterChallengeEntry
    from app.tenancy.context import platform_scope
    from app.tenancy.models import Municipality

    with app.app_context(), platform_scope():
        challenge_id = db.session.scalar(select(InterChallenge.id).where(InterChallenge.slug == slug))
        municipality_id = db.session.scalar(select(Municipality.id).where(Municipality.slug == municipality))
        db.session.add(InterChallengeEntry(challenge_id=challenge_id, municipality_id=municipality_id))
        db.session.commit()
        db.session.remove()


def log(
    app: Flask, citizen: Citizen, *, slug: str = "cykel-frem-for-bil", day: date, key: str, km: str = "10"
) -> int:
    """A log through the real service in the citizen's municipality; returns its id."""
    from app.accounts.models import User
    from app.actions.queries import action_by_slug
    from app.actions.services import log_action
    from app.tenancy.context import in_municipality
    from app.tenancy.models import Municipality

    with app.app_context():
        municipality_id = db.session.scalar(
            select(Municipality.id).where(Municipality.slug == citizen.municipality)
        )
        assert municipality_id is not None
        with in_municipality(municipality_id):
            user = db.session.get(User, citizen.id)
            action = action_by_slug(slug)
            assert user is not None
            assert action is not None
            result = log_action(user=user, action=action, quantity=km, occurred_on=day, idempotency_key=key)
            log_id = result.entry.id
        db.session.remove()
    return log_id


def entry_totals(app: Flask, slug: str) -> dict[str, tuple[int, int, int]]:
    """municipality slug -> (points, logs, participants) of its entry."""
    from app.intermunicipal.models import InterChallenge, InterChallengeEntry
    from app.tenancy.context import platform_scope
    from app.tenancy.models import Municipality

    with app.app_context(), platform_scope():
        rows = db.session.execute(
            select(
                Municipality.slug,
                InterChallengeEntry.points,
                InterChallengeEntry.logs,
                InterChallengeEntry.participants,
            )
            .join(InterChallengeEntry, InterChallengeEntry.municipality_id == Municipality.id)
            .join(InterChallenge, InterChallenge.id == InterChallengeEntry.challenge_id)
            .where(InterChallenge.slug == slug)
        ).all()
        db.session.remove()
    return {m: (int(p), int(n), int(c)) for m, p, n, c in rows}


def move_days(app: Flask, slug: str, days: int) -> None:
    """Shift the challenge's window (to put today inside it after joining)."""
    from app.intermunicipal.models import InterChallenge
    from app.tenancy.context import platform_scope

    with app.app_context(), platform_scope():
        challenge = db.session.scalar(select(InterChallenge).where(InterChallenge.slug == slug))
        assert challenge is not None
        challenge.starts_on += timedelta(days=days)
        challenge.ends_on += timedelta(days=days)
        db.session.commit()
        db.session.remove()


__all__: list[Any] = []
