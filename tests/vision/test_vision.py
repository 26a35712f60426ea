"""The shared-vision page and its target: score rows against the admin's target, goals as data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action
from app.clock import local_date, utcnow
from app.db import db
from app.errors import PermissionDenied, ValidationError
from app.leaderboards.models import NeighbourhoodScore
from app.vision.queries import area_contributions, target_for, top_actions, year_totals
from app.vision.services import seed_climate_goals, set_vision_target
from tests.conftest import Person

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")


def _log(app: Flask, person: Person, slug: str, quantity: str, key: str) -> None:
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


def test_set_vision_target_rules(app: Flask, make_user) -> None:  # type: ignore[no-untyped-def]
    admin, citizen = make_user(role="admin"), make_user()
    with app.app_context():
        with pytest.raises(PermissionDenied):
            set_vision_target(actor=db.session.get(User, citizen.id), year=2026, target_co2e_kg=1000)
        actor = db.session.get(User, admin.id)
        for year, target, field in [
            (1999, 1000, "year"),
            (2026, 0, "target_co2e_kg"),
            (2026, -5, "target_co2e_kg"),
        ]:
            with pytest.raises(ValidationError) as refused:
                set_vision_target(actor=actor, year=year, target_co2e_kg=target)
            assert refused.value.field == field
        set_vision_target(actor=actor, year=2026, target_co2e_kg=1000)
        set_vision_target(actor=actor, year=2026, target_co2e_kg=2500)  # changing it is fine
        assert target_for(2026).target_co2e_kg == 2500


def test_year_totals_come_from_monthly_score_rows(app: Flask, make_user) -> None:  # type: ignore[no-untyped-def]
    person = make_user(neighbourhood="borup")
    with app.app_context():
        area_id = person.neighbourhood_id
        # Rows of another year and of other periods must not be counted.
        db.session.add_all(
            [
                NeighbourhoodScore(
                    neighbourhood_id=area_id,
                    period="month",
                    period_key="2030-01",
                    points=10,
                    co2e_g=5000,
                    logs=1,
                    participants=1,
                ),
                NeighbourhoodScore(
                    neighbourhood_id=area_id,
                    period="month",
                    period_key="2030-02",
                    points=20,
                    co2e_g=7000,
                    logs=2,
                    participants=1,
                ),
                NeighbourhoodScore(
                    neighbourhood_id=area_id,
                    period="month",
                    period_key="2029-12",
                    points=99,
                    co2e_g=99000,
                    logs=9,
                    participants=1,
                ),
                NeighbourhoodScore(
                    neighbourhood_id=area_id,
                    period="all",
                    period_key="all",
                    points=129,
                    co2e_g=111000,
                    logs=12,
                    participants=1,
                ),
            ]
        )
        db.session.commit()
        assert year_totals(2030) == (12000, 30, 3)
        contributions = area_contributions(2030)
        assert contributions[0].neighbourhood.slug == "borup"
        assert contributions[0].share == 1.0
        assert len(contributions) == 10


def test_shared_vision_page_is_public_and_shows_the_progress(
    app: Flask, client: FlaskClient, make_user
) -> None:  # type: ignore[no-untyped-def]
    admin, citizen = make_user(role="admin"), make_user(neighbourhood="ejby")
    _log(app, citizen, "reparerede-elektronik", "1", "vision-0001")  # 45 kg
    _log(app, citizen, "cykel-frem-for-bil", "10", "vision-0002")  # 1.41 kg
    with app.app_context():
        seed_climate_goals()
        set_vision_target(
            actor=db.session.get(User, admin.id), year=local_date(utcnow()).year, target_co2e_kg=93
        )
        assert [a.action.slug for a in top_actions(local_date(utcnow()).year)] == [
            "reparerede-elektronik",
            "cykel-frem-for-bil",
        ]
        db.session.remove()
    page = client.get("/faelles-maal")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-col="year-co2e">46 ' in html
    assert 'aria-valuenow="50"' in html  # 46.41 of 93 kg
    assert "46 %" in html
    assert "2030" in html
    assert "2050" in html
    assert "groenomstilling.koege.dk" in html
    assert 'data-area="ejby"' in html


def test_goals_seed_is_idempotent(app: Flask) -> None:
    with app.app_context():
        assert seed_climate_goals() == 2
        assert seed_climate_goals() == 0


def test_page_without_target_or_data_still_renders(client: FlaskClient, reference_data: None) -> None:
    html = client.get("/faelles-maal").get_data(as_text=True)
    assert "progressbar" not in html.split("total-title")[1].split("areas-title")[0]
