"""A transaction reads back its own score upserts from memory, and only its own."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.clock import Period, period_key
from app.db import db, write_transaction
from app.leaderboards import written
from app.leaderboards.models import NeighbourhoodScore, UserScore
from app.leaderboards.queries import area_row_now, user_points_now
from app.leaderboards.services import apply_bonus_delta, apply_score_delta
from app.tenancy.context import require_municipality_id
from tests.conftest import Person

DAY = date(2026, 6, 10)
WEEK = period_key(Period.WEEK, DAY)


@pytest.fixture
def person(make_user: Any) -> Person:
    return make_user(neighbourhood="borup")  # type: ignore[no-any-return]


def _log(person: Person, *, direction: int = 1, points: int = 20, co2e_g: int = 500) -> None:
    apply_score_delta(
        user_id=person.id,
        neighbourhood_id=person.neighbourhood_id or 0,
        occurred_on=DAY,
        points=points,
        co2e_g=co2e_g,
        direction=direction,
        participant_ref=f"ref-{person.id}",
        action_id=1,
        category="transport",
        municipality_id=require_municipality_id(),
    )


def _area_in_database(area_id: int) -> tuple[int, int, int] | None:
    row = db.session.execute(
        select(NeighbourhoodScore.points, NeighbourhoodScore.co2e_g, NeighbourhoodScore.participants).where(
            NeighbourhoodScore.neighbourhood_id == area_id,
            NeighbourhoodScore.period == "week",
            NeighbourhoodScore.period_key == WEEK,
        )
    ).first()
    return (row[0], row[1], row[2]) if row else None


def _user_in_database(user_id: int) -> int | None:
    return db.session.scalar(
        select(UserScore.points).where(
            UserScore.user_id == user_id, UserScore.period == "all", UserScore.period_key == "all"
        )
    )


def test_the_upsert_returns_what_a_read_in_the_transaction_would_see(
    app: Flask, person: Person, make_user: Any
) -> None:
    neighbour = make_user(neighbourhood="borup")
    area = person.neighbourhood_id or 0
    with app.app_context(), write_transaction():
        _log(neighbour, points=7, co2e_g=100)
        _log(person)
        apply_bonus_delta(user_id=person.id, neighbourhood_id=area, occurred_on=DAY, points=5, direction=1)
        assert written.recalled("neighbourhood_scores", area, "week", WEEK)[0]  # answered from memory
        assert area_row_now(area, Period.WEEK, WEEK) == _area_in_database(area) == (32, 600, 2)
        assert user_points_now(person.id, Period.ALL, "all") == _user_in_database(person.id) == 25


def test_a_later_transaction_reads_the_rows_again(app: Flask, person: Person, make_user: Any) -> None:
    area = person.neighbourhood_id or 0
    neighbour = make_user(neighbourhood="borup")
    with app.app_context():
        with write_transaction():
            _log(person)
        with write_transaction():
            assert written.recalled("neighbourhood_scores", area, "week", WEEK) == (False, None)
            _log(neighbour, points=3, co2e_g=0)  # memo of this transaction only
        # another transaction (another worker) changes the row; this one has written nothing
        db.session.execute(
            NeighbourhoodScore.__table__.update()  # type: ignore[attr-defined]
            .where(NeighbourhoodScore.neighbourhood_id == area, NeighbourhoodScore.period == "week")
            .values(points=999)
        )
        assert area_row_now(area, Period.WEEK, WEEK) == (999, 500, 2)
        db.session.rollback()


def test_a_row_the_transaction_emptied_and_deleted_reads_as_absent(app: Flask, person: Person) -> None:
    area = person.neighbourhood_id or 0
    with app.app_context():
        with write_transaction():
            _log(person)
        with write_transaction():
            _log(person, direction=-1)
            assert written.recalled("neighbourhood_scores", area, "week", WEEK) == (True, None)
            assert area_row_now(area, Period.WEEK, WEEK) is None
            assert _area_in_database(area) is None
            assert user_points_now(person.id, Period.ALL, "all") == 0


def test_a_score_write_that_records_nothing_forgets_the_memo(app: Flask, person: Person) -> None:
    area = person.neighbourhood_id or 0
    with app.app_context(), write_transaction():
        _log(person)
        written.forget()
        assert written.recalled("neighbourhood_scores", area, "week", WEEK) == (False, None)
        assert area_row_now(area, Period.WEEK, WEEK) == (20, 500, 1)  # read from the row
