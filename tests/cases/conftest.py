"""Cases between two municipalities: Køge (the default host) and Solrød, an admin in each, and a
finished challenge in Køge to write a case about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.clock import local_date, utcnow
from app.db import db
from tests.conftest import PASSWORD, Person

KOEGE = "http://koege.localhost"
SOLROED = "http://solroed.localhost"


@dataclass(frozen=True)
class Towns:
    koege_id: int
    solroed_id: int
    koege_admin: Person
    solroed_admin: Person
    solroed_area_id: int


def person_in(municipality_id: int, *, email: str, role: str, area_id: int | None = None) -> Person:
    """An account in `municipality_id` (call inside an app context)."""
    from app.accounts.models import Role
    from app.accounts.services import register_user
    from app.tenancy.context import in_municipality

    with in_municipality(municipality_id):
        user = register_user(
            email=email,
            password=PASSWORD,
            alias=email.split("@")[0],
            neighbourhood_id=area_id,
            role=Role(role),
        )
        return Person(user.id, user.email, user.alias, PASSWORD, user.neighbourhood_id)


@pytest.fixture
def towns(app: Flask, reference_data: None) -> Towns:
    from app.neighbourhoods.models import Neighbourhood
    from app.tenancy.context import in_municipality
    from app.tenancy.models import Municipality
    from app.tenancy.services import create_municipality

    with app.app_context():
        koege_id = db.session.scalar(select(Municipality.id).where(Municipality.slug == "koege"))
        assert koege_id is not None
        solroed_id = create_municipality(slug="solroed", name="Solrød Kommune", inhabitants=23700).id
        with in_municipality(solroed_id):
            area = Neighbourhood(slug="havdrup", name="Havdrup", population=5000)
            db.session.add(area)
            db.session.commit()
            area_id = area.id
        koege_admin = person_in(koege_id, email="admin@koege.dk", role="admin")
        solroed_admin = person_in(solroed_id, email="admin@solroed.dk", role="admin")
        db.session.remove()
    return Towns(koege_id, solroed_id, koege_admin, solroed_admin, area_id)


def client_at(app: Flask, host: str, person: Person | None = None) -> FlaskClient:
    """A client whose every request goes to `host`, signed in as `person` there."""
    client = app.test_client()
    plain_open = client.open

    def open_at(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", host)
        return plain_open(*args, **kwargs)

    client.open = open_at  # type: ignore[method-assign]
    if person is not None:
        response = client.post("/log-ind", data={"email": person.email, "password": person.password})
        assert response.status_code == 303, response.text
    return client


def finished_challenge(
    app: Flask,
    admin: Person,
    *,
    slug: str = "cykel-januar",
    actions: tuple[str, ...] = ("cykel-frem-for-bil",),
) -> int:
    """A Køge challenge that ended yesterday (made in the past through the service)."""
    from app.accounts.models import User
    from app.actions.models import Action
    from app.challenges.services import ChallengeInput, create_challenge

    today = local_date(utcnow())
    with app.app_context():
        ids = list(db.session.scalars(select(Action.id).where(Action.slug.in_(actions))))
        challenge = create_challenge(
            actor=db.session.get(User, admin.id),
            data=ChallengeInput(
                slug=slug,
                title_da="Cykeljanuar",
                title_en="Cycling January",
                description_da="Cykl til arbejde i januar.",
                description_en="Cycle to work in January.",
                starts_on=today - timedelta(days=14),
                ends_on=today - timedelta(days=1),
                action_ids=ids,
                reward_kind="bonus",
                reward_value=Decimal(5),
                target_metric="logs",
                target_value=Decimal(100),
            ),
        )
        challenge_id = challenge.id
        db.session.remove()
    return challenge_id


def case_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "campaign",
        "language": "da",
        "title": "Kampagne: sluk standby",
        "challenge_id": "0",
        "summary": "Vi bad borgerne slukke for standby.",
        "what_was_done": "Plakater og en konkurrence.",
        "results": "1.200 husstande deltog.",
        "advice": "Start i oktober.",
        "participants": "1200",
        "points_total": "",
        "co2e_kg": "3400",
    }
    data.update(overrides)
    return data


def published_challenge_case(app: Flask, admin: Person, *, slug: str = "case-cykling") -> int:
    """A published case about a finished challenge of `admin`'s municipality (Køge)."""
    from app.accounts.models import User
    from app.cases.services import CaseInput, publish_case, save_case

    challenge_id = finished_challenge(app, admin, slug=slug)
    with app.app_context():
        actor = db.session.get(User, admin.id)
        assert actor is not None
        case = save_case(
            admin=actor,
            data=CaseInput(
                kind="challenge",
                language="da",
                title="Cykeljanuar i Køge",
                summary="En måned på cykel.",
                results="312 deltagere cyklede 41.000 km.",
                advice="Begynd med arbejdspladserne.",
                participants=312,
                points_total=48210,
                co2e_kg=5600,
                challenge_id=challenge_id,
            ),
        )
        publish_case(admin=actor, case_id=case.id)
        case_id = case.id
        db.session.remove()
    return case_id
