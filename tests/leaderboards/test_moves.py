"""A citizen who changes neighbourhood: where their logs count, participants, and rebuild."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.services import change_neighbourhood
from app.actions.models import Action, LogEntry
from app.actions.services import LogResult, log_action, undo_log
from app.challenges.services import ChallengeInput, create_challenge, join_challenge
from app.clock import local_date
from app.db import db
from app.features import rebuild_derived_rows
from app.leaderboards.models import NeighbourhoodScore, UserScore
from app.neighbourhoods.models import Neighbourhood
from tests.conftest import Person
from tests.leaderboards.test_scores import _snapshot

MONDAY = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)  # ISO week 2026-W38
WEDNESDAY = MONDAY + timedelta(days=2)


def _area(slug: str) -> int:
    return db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == slug))  # type: ignore[return-value]


def _log(person: Person, *, key: str, now: datetime, km: str = "10") -> LogResult:
    action = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
    return log_action(
        user=db.session.get(User, person.id),
        action=action,  # type: ignore[arg-type]
        quantity=Decimal(km),
        occurred_on=local_date(now),
        idempotency_key=f"moves-{key}",
        now=now,
    )


def _move(person: Person, slug: str, now: datetime) -> None:
    change_neighbourhood(
        user=db.session.get(User, person.id),
        neighbourhood_id=_area(slug),  # type: ignore[arg-type]
        now=now,
    )


def _area_row(slug: str, period: str = "week") -> tuple[int, int, int]:
    """(points, logs, participants) of an area in the period; zeros when it has no row."""
    row = db.session.scalar(
        select(NeighbourhoodScore).where(
            NeighbourhoodScore.neighbourhood_id == _area(slug), NeighbourhoodScore.period == period
        )
    )
    return (row.points, row.logs, row.participants) if row else (0, 0, 0)


def test_past_logs_stay_in_the_old_area_and_the_next_log_lands_in_the_new(ctx: Flask, make_user: Any) -> None:
    mover = make_user(neighbourhood="herfoelge")
    first = _log(mover, key="before", now=MONDAY, km="10").entry.id
    _move(mover, "borup", WEDNESDAY)
    second = _log(mover, key="after", now=WEDNESDAY + timedelta(hours=1), km="5").entry.id

    areas = dict(db.session.execute(select(LogEntry.id, LogEntry.neighbourhood_id)).all())
    assert areas == {first: _area("herfoelge"), second: _area("borup")}  # the ledger is untouched
    for period in ("week", "month", "all"):
        assert _area_row("herfoelge", period) == (20, 1, 1)
        assert _area_row("borup", period) == (10, 1, 1)
    mine = list(db.session.scalars(select(UserScore).where(UserScore.user_id == mover.id)))
    assert {(row.period, row.points, row.neighbourhood_id) for row in mine} == {
        ("week", 30, _area("borup")),
        ("month", 30, _area("borup")),
        ("all", 30, _area("borup")),
    }


def test_a_mover_counts_once_in_each_area_they_logged_in_that_week(ctx: Flask, make_user: Any) -> None:
    mover = make_user(neighbourhood="herfoelge")
    local = make_user(neighbourhood="borup")
    _log(local, key="local-1", now=MONDAY)
    _log(mover, key="mover-old-1", now=MONDAY)
    _log(mover, key="mover-old-2", now=MONDAY + timedelta(hours=1))
    _move(mover, "borup", WEDNESDAY)
    # The mover's own week row already has logs; their first Borup log must still count them.
    new_first = _log(mover, key="mover-new-1", now=WEDNESDAY + timedelta(hours=1)).entry.id
    _log(mover, key="mover-new-2", now=WEDNESDAY + timedelta(hours=2))
    for period in ("week", "month", "all"):
        assert _area_row("herfoelge", period)[2] == 1
        assert _area_row("borup", period)[2] == 2

    # Taking back one of two Borup logs keeps the mover there; the last one makes them leave.
    undo_log(
        user=db.session.get(User, mover.id),
        log_id=new_first,  # type: ignore[arg-type]
        now=WEDNESDAY + timedelta(hours=3),
    )
    assert _area_row("borup")[2] == 2
    last = db.session.scalar(select(LogEntry.id).where(LogEntry.idempotency_key == "moves-mover-new-2"))
    undo_log(
        user=db.session.get(User, mover.id),
        log_id=last,  # type: ignore[arg-type]
        now=WEDNESDAY + timedelta(hours=3),
    )
    assert _area_row("borup") == (20, 1, 1)
    assert _area_row("herfoelge") == (40, 2, 1)  # the past week in Herfølge is untouched


def test_a_log_in_another_category_or_day_does_not_count_a_participant_twice(
    ctx: Flask, make_user: Any
) -> None:
    citizen = make_user(neighbourhood="ejby")
    _log(citizen, key="bike-monday", now=MONDAY)
    meal = db.session.scalar(select(Action).where(Action.slug == "vegetar-maaltid"))
    log_action(
        user=db.session.get(User, citizen.id),
        action=meal,
        quantity=Decimal(1),  # type: ignore[arg-type]
        occurred_on=local_date(WEDNESDAY),
        idempotency_key="meal-wednesday",
        now=WEDNESDAY,
    )
    _log(citizen, key="bike-wednesday", now=WEDNESDAY)
    assert _area_row("ejby")[2] == 1
    undo_log(
        user=db.session.get(User, citizen.id),  # type: ignore[arg-type]
        log_id=db.session.scalar(select(LogEntry.id).where(LogEntry.idempotency_key == "meal-wednesday")),  # type: ignore[arg-type]
        now=WEDNESDAY,
    )
    assert _area_row("ejby")[2] == 1


def _cycling_challenge(make_user: Any) -> int:
    admin = db.session.get(User, make_user(role="admin").id)
    action_id = db.session.scalar(select(Action.id).where(Action.slug == "cykel-frem-for-bil"))
    challenge = create_challenge(
        actor=admin,
        data=ChallengeInput(  # type: ignore[arg-type]
            slug="cykeluge",
            title_da="Cykeluge",
            title_en="Cycling week",
            description_da="",
            description_en="",
            starts_on=date(2026, 9, 14),
            ends_on=date(2026, 9, 20),
            action_ids=[action_id],
            reward_kind="bonus",  # type: ignore[list-item]
            reward_value=Decimal(5),
            target_metric="quantity",
            target_value=Decimal(100),
        ),
    )
    return challenge.id


def test_rebuild_equals_incremental_after_a_mid_week_move_and_an_old_area_undo(
    ctx: Flask, make_user: Any
) -> None:
    mover = make_user(neighbourhood="herfoelge")  # keeps a Monday log in Herfølge
    quick = make_user(neighbourhood="herfoelge")  # their only Herfølge log this week is undone
    neighbour = make_user(neighbourhood="herfoelge")
    local = make_user(neighbourhood="borup")
    challenge_id = _cycling_challenge(make_user)
    join_challenge(
        user=db.session.get(User, mover.id),
        challenge_id=challenge_id,  # type: ignore[arg-type]
        now=MONDAY - timedelta(days=1),
    )  # the mover's bike logs earn a bonus

    _log(mover, key="m-mon", now=MONDAY)
    _log(neighbour, key="n-mon", now=MONDAY)
    _log(local, key="l-mon", now=MONDAY)
    old_mover = _log(mover, key="m-wed-old", now=WEDNESDAY).entry.id
    old_quick = _log(quick, key="q-wed-old", now=WEDNESDAY).entry.id
    _move(mover, "borup", WEDNESDAY + timedelta(hours=1))
    _move(quick, "borup", WEDNESDAY + timedelta(hours=1))
    _log(mover, key="m-wed-new", now=WEDNESDAY + timedelta(hours=2))
    _log(quick, key="q-wed-new", now=WEDNESDAY + timedelta(hours=2))
    for user, log_id in ((mover, old_mover), (quick, old_quick)):
        undo_log(
            user=db.session.get(User, user.id),
            log_id=log_id,  # type: ignore[arg-type]
            now=WEDNESDAY + timedelta(hours=3),
        )

    assert _area_row("herfoelge")[2] == 2  # mover (Monday) and neighbour; quick has left
    assert _area_row("borup")[2] == 3  # local, mover and quick
    mover_all = db.session.scalar(
        select(UserScore.points).where(UserScore.user_id == mover.id, UserScore.period == "all")
    )
    assert mover_all == 2 * (20 + 5)  # two counted bike logs, each with the challenge bonus
    moved_rows = db.session.scalars(
        select(UserScore.neighbourhood_id).where(UserScore.user_id.in_([mover.id, quick.id]))
    )
    assert set(moved_rows) == {_area("borup")}  # the old-area undo did not pull them back

    incremental = _snapshot()
    rebuild_derived_rows()
    assert _snapshot() == incremental
