"""Changing neighbourhood: the 30-day rule, who may move, the score rows, and the form."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.services import change_neighbourhood, next_neighbourhood_move_on
from app.actions.models import Action
from app.actions.services import log_action
from app.clock import local_date
from app.db import db
from app.errors import PermissionDenied, ValidationError
from app.leaderboards.models import UserScore
from app.neighbourhoods.models import Neighbourhood
from tests.conftest import Person, login

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # a Wednesday, 11:00 in Køge


def _area(slug: str) -> int:
    return db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == slug))  # type: ignore[return-value]


def _user(person: Person) -> User:
    return db.session.get(User, person.id)  # type: ignore[return-value]


def test_a_citizen_moves_at_most_once_per_30_days(ctx: Flask, citizen: Person) -> None:
    change_neighbourhood(user=_user(citizen), neighbourhood_id=_area("borup"), now=NOW)
    with pytest.raises(ValidationError) as refused:
        change_neighbourhood(
            user=_user(citizen), neighbourhood_id=_area("ejby"), now=NOW + timedelta(days=29)
        )
    assert refused.value.field == "neighbourhood_id"
    assert "30" in str(refused.value.message)
    assert _user(citizen).neighbourhood_id == _area("borup")

    moved = change_neighbourhood(
        user=_user(citizen), neighbourhood_id=_area("ejby"), now=NOW + timedelta(days=30)
    )
    assert moved.neighbourhood_id == _area("ejby")
    assert moved.neighbourhood_changed_at == NOW + timedelta(days=30)


def test_the_limit_counts_local_days_and_is_a_setting(ctx: Flask, citizen: Person) -> None:
    ctx.config["NEIGHBOURHOOD_MOVE_MIN_DAYS"] = 7
    late_evening = datetime(2026, 11, 18, 22, 30, tzinfo=UTC)  # 23:30 in Køge, still the 18th
    change_neighbourhood(user=_user(citizen), neighbourhood_id=_area("borup"), now=late_evening)
    assert next_neighbourhood_move_on(user=_user(citizen), now=late_evening) == local_date(
        late_evening
    ) + timedelta(days=7)
    # the morning of day 7 is allowed, although fewer than 7 x 24 hours have passed
    change_neighbourhood(
        user=_user(citizen), neighbourhood_id=_area("ejby"), now=datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    )
    assert _user(citizen).neighbourhood_id == _area("ejby")


def test_a_citizen_who_never_moved_may_move_right_away(ctx: Flask, citizen: Person) -> None:
    assert next_neighbourhood_move_on(user=_user(citizen), now=NOW) is None
    change_neighbourhood(user=_user(citizen), neighbourhood_id=_area("borup"), now=NOW)
    assert next_neighbourhood_move_on(user=_user(citizen), now=NOW) == local_date(NOW) + timedelta(days=30)


def test_moving_to_the_same_area_is_refused(ctx: Flask, citizen: Person) -> None:
    with pytest.raises(ValidationError) as refused:
        change_neighbourhood(user=_user(citizen), neighbourhood_id=citizen.neighbourhood_id or 0, now=NOW)
    assert refused.value.field == "neighbourhood_id"
    assert _user(citizen).neighbourhood_changed_at is None  # a refusal is not a move


def test_an_unknown_area_is_refused(ctx: Flask, citizen: Person) -> None:
    with pytest.raises(ValidationError):
        change_neighbourhood(user=_user(citizen), neighbourhood_id=999_999, now=NOW)


@pytest.mark.parametrize("role", ["admin", "staff", "business"])
def test_only_citizens_with_an_area_can_move(ctx: Flask, make_user: Any, role: str) -> None:
    person = make_user(role=role)
    with pytest.raises(PermissionDenied):
        change_neighbourhood(user=_user(person), neighbourhood_id=_area("borup"), now=NOW)
    assert _user(person).neighbourhood_id is None


def test_the_move_points_my_score_rows_at_the_new_area(ctx: Flask, citizen: Person) -> None:
    action = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
    log_action(
        user=_user(citizen),
        action=action,
        quantity=Decimal(5),
        occurred_on=local_date(NOW),
        idempotency_key="before-the-move",
        now=NOW,
    )
    change_neighbourhood(user=_user(citizen), neighbourhood_id=_area("borup"), now=NOW)
    rows = list(db.session.scalars(select(UserScore).where(UserScore.user_id == citizen.id)))
    assert len(rows) == 3  # week, month, all time
    assert {row.neighbourhood_id for row in rows} == {_area("borup")}


# --- The form on the account page ---------------------------------------------------------------


def _area_id(app: Flask, slug: str) -> int:
    with app.app_context():
        return _area(slug)


def test_account_page_has_the_move_form_and_the_rule(citizen_client: FlaskClient) -> None:
    html = citizen_client.get("/konto").text
    assert "Skift område" in html
    assert '<label for="neighbourhood_id">Nyt område</label>' in html
    assert '<select id="neighbourhood_id" name="neighbourhood_id"' in html
    assert "Et skift gælder fra din næste registrering" in html
    assert "én gang hver 30. dag" in html
    assert "igen fra" not in html  # never moved: no waiting date


def test_moving_through_the_form_redirects_and_then_shows_the_next_date(
    app: Flask, citizen_client: FlaskClient, citizen: Person
) -> None:
    borup = _area_id(app, "borup")
    response = citizen_client.post("/konto/omraade", data={"neighbourhood_id": str(borup)})
    assert response.status_code == 303
    assert response.headers["Location"] == "/konto"
    page = citizen_client.get("/konto").text
    assert "Du er flyttet til Borup" in page
    next_day = local_date(datetime.now(UTC)) + timedelta(days=30)
    assert f"Du kan skifte område igen fra {next_day.day}." in page
    with app.app_context():
        assert db.session.get(User, citizen.id).neighbourhood_id == borup  # type: ignore[union-attr]

    again = citizen_client.post("/konto/omraade", data={"neighbourhood_id": str(_area_id(app, "ejby"))})
    assert again.status_code == 422
    assert re.search(r'<p class="error" id="neighbourhood_id-error">[^<]*30[^<]*</p>', again.text)
    assert 'aria-invalid="true"' in again.text


@pytest.mark.parametrize(
    ("choice", "message"), [("herfoelge", "Du hører allerede til dette område."), (None, "Vælg dit område.")]
)
def test_an_invalid_move_is_422_with_the_message_on_the_field(
    app: Flask, citizen_client: FlaskClient, citizen: Person, choice: str | None, message: str
) -> None:
    value = str(_area_id(app, choice)) if choice else "0"
    response = citizen_client.post("/konto/omraade", data={"neighbourhood_id": value})
    assert response.status_code == 422
    assert f'<p class="error" id="neighbourhood_id-error">{message}</p>' in response.text
    with app.app_context():
        user = db.session.get(User, citizen.id)
        assert user is not None
        assert (user.neighbourhood_id, user.neighbourhood_changed_at) == (citizen.neighbourhood_id, None)


def test_the_move_form_needs_a_csrf_token(app: Flask, citizen_client: FlaskClient, citizen: Person) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    borup = _area_id(app, "borup")
    assert citizen_client.post("/konto/omraade", data={"neighbourhood_id": str(borup)}).status_code == 400
    page = citizen_client.get("/konto").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token is not None
    response = citizen_client.post(
        "/konto/omraade", data={"neighbourhood_id": str(borup), "csrf_token": token[1]}
    )
    assert response.status_code == 303


def test_staff_see_no_move_form_and_cannot_post_one(app: Flask, client: FlaskClient, make_user: Any) -> None:
    login(client, make_user(role="staff"))
    assert "Skift område" not in client.get("/konto").text
    response = client.post("/konto/omraade", data={"neighbourhood_id": str(_area_id(app, "borup"))})
    assert response.status_code == 403
