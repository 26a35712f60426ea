"""Challenges: admin validation, joining, which logs count, bonus in the scores, undo, rebuild."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action, undo_log
from app.challenges.models import Challenge, ChallengeParticipant
from app.challenges.queries import area_standings, challenge_totals, progress
from app.challenges.services import ChallengeInput, create_challenge, join_challenge, update_challenge
from app.clock import local_date
from app.db import db
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.features import rebuild_derived_rows
from app.gamification.models import FeedEvent
from app.leaderboards.models import NeighbourhoodScore, UserScore
from app.neighbourhoods.models import Neighbourhood
from tests.conftest import Person

NOW = datetime(2026, 9, 16, 10, 0, tzinfo=UTC)  # Wednesday of ISO week 38
TODAY = local_date(NOW)


def _action_id(slug: str) -> int:
    return db.session.scalar(select(Action.id).where(Action.slug == slug))  # type: ignore[return-value]


def _input(**changes: Any) -> ChallengeInput:
    base = ChallengeInput(
        slug="cykeluge",
        title_da="Cykeluge",
        title_en="Cycling week",
        description_da="",
        description_en="",
        starts_on=date(2026, 9, 14),
        ends_on=date(2026, 9, 20),
        action_ids=[_action_id("cykel-frem-for-bil")],
        reward_kind="bonus",
        reward_value=Decimal(5),
        target_metric="quantity",
        target_value=Decimal(100),
    )
    return replace(base, **changes)


@pytest.fixture
def admin(make_user, ctx: Flask) -> User:  # type: ignore[no-untyped-def]
    person = make_user(role="admin")
    return db.session.get(User, person.id)  # type: ignore[return-value]


@pytest.fixture
def challenge(admin: User) -> Challenge:
    return create_challenge(actor=admin, data=_input())


def _user(person: Person) -> User:
    return db.session.get(User, person.id)  # type: ignore[return-value]


def _log(
    person: Person,
    slug: str = "cykel-frem-for-bil",
    quantity: str = "10",
    *,
    key: str,
    now: datetime = NOW,
    day: date | None = None,
):
    action = db.session.scalar(select(Action).where(Action.slug == slug))
    return log_action(
        user=_user(person),
        action=action,
        quantity=Decimal(quantity),
        occurred_on=day or local_date(now),
        idempotency_key=key,
        now=now,
    )


def _points(person: Person, period: str = "all") -> int:
    return (
        db.session.scalar(
            select(UserScore.points).where(UserScore.user_id == person.id, UserScore.period == period)
        )
        or 0
    )


# --- Admin rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "Cykel Uge"}, "slug"),
        ({"title_da": " "}, "title_da"),
        ({"ends_on": date(2026, 9, 13)}, "ends_on"),
        ({"action_ids": []}, "actions"),
        ({"action_ids": [999_999]}, "actions"),
        ({"reward_kind": "lottery"}, "reward_kind"),
        ({"reward_value": Decimal(0)}, "reward_value"),
        ({"reward_value": Decimal("2.5")}, "reward_value"),
        ({"reward_value": Decimal(501)}, "reward_value"),
        ({"reward_kind": "multiplier", "reward_value": Decimal(1)}, "reward_value"),
        ({"reward_kind": "multiplier", "reward_value": Decimal(6)}, "reward_value"),
        ({"target_value": Decimal(0)}, "target_value"),
        ({"target_value": None}, "target_value"),
        ({"target_metric": "trees"}, "target_metric"),
    ],
)
def test_create_challenge_validates(admin: User, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        create_challenge(actor=admin, data=_input(**changes))
    assert refused.value.field == field


def test_a_unit_target_needs_one_shared_unit(admin: User) -> None:
    mixed = [_action_id("cykel-frem-for-bil"), _action_id("plantebaseret-dag")]
    with pytest.raises(ValidationError) as refused:
        create_challenge(actor=admin, data=_input(action_ids=mixed))
    assert refused.value.field == "target_metric"
    ok = create_challenge(actor=admin, data=_input(action_ids=mixed, target_metric="logs"))
    assert len(ok.actions) == 2


def test_target_is_optional_and_one_day_challenges_are_fine(admin: User) -> None:
    created = create_challenge(
        actor=admin,
        data=_input(
            target_metric=None,
            target_value=None,
            ends_on=date(2026, 9, 14),
            reward_kind="multiplier",
            reward_value=Decimal("1.5"),
        ),
    )
    assert created.target_value is None
    assert created.starts_on == created.ends_on


def test_only_managers_create_and_slugs_are_unique(citizen: Person, admin: User) -> None:
    with pytest.raises(PermissionDenied):
        create_challenge(actor=_user(citizen), data=_input())
    create_challenge(actor=admin, data=_input())
    with pytest.raises(ConflictError):
        create_challenge(actor=admin, data=_input())


def test_update_challenge_and_finished_ones_are_final(admin: User, challenge: Challenge) -> None:
    updated = update_challenge(
        actor=admin, challenge_id=challenge.id, data=_input(title_en="Bike week"), now=NOW
    )
    assert updated.title_en == "Bike week"
    with pytest.raises(ConflictError):
        update_challenge(actor=admin, challenge_id=challenge.id, data=_input(), now=NOW + timedelta(days=5))


# --- Joining and crediting ---------------------------------------------------------------------


def test_only_joined_citizens_get_credit_for_covered_actions_in_the_window(
    challenge: Challenge, make_user
) -> None:  # type: ignore[no-untyped-def]
    joined, outsider = make_user(), make_user()
    _log(joined, key="before-join-01")  # before joining: no credit
    _participant, created = join_challenge(user=_user(joined), challenge_id=challenge.id, now=NOW)
    assert created
    assert not join_challenge(user=_user(joined), challenge_id=challenge.id, now=NOW)[1]
    result = _log(joined, key="after-join-01", now=NOW + timedelta(minutes=20))
    assert result.challenge_bonus == 5
    assert "challenge-taker" in result.badges
    assert _log(joined, "vegetar-maaltid", "1", key="not-covered-1").challenge_bonus == 0
    assert _log(outsider, key="outsider-001").challenge_bonus == 0
    totals = challenge_totals(challenge.id)
    assert (totals.joined, totals.active, totals.logs, totals.quantity) == (1, 1, 1, Decimal(10))
    assert totals.points == 20 + 5
    # The bonus is in the normal score rows too: 10 + (20 + 5) + 8 for the joined citizen.
    assert _points(joined) == 20 + 25 + 8


def test_logs_outside_the_window_do_not_count(challenge: Challenge, citizen: Person) -> None:
    join_challenge(user=_user(citizen), challenge_id=challenge.id, now=NOW - timedelta(days=3))
    first_day = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
    assert _log(citizen, key="early-00001", now=first_day).challenge_bonus == 5
    assert (
        _log(citizen, key="early-00002", now=first_day, day=date(2026, 9, 13)).challenge_bonus == 0
    )  # backdated to before the start
    after_end = datetime(2026, 9, 21, 9, 0, tzinfo=UTC)
    assert (
        _log(citizen, key="late-000001", now=after_end, day=date(2026, 9, 20)).challenge_bonus == 0
    )  # backdated after the end


def test_joining_rules(challenge: Challenge, admin: User, citizen: Person) -> None:
    with pytest.raises(PermissionDenied):
        join_challenge(user=admin, challenge_id=challenge.id, now=NOW)
    with pytest.raises(ConflictError):
        join_challenge(user=_user(citizen), challenge_id=challenge.id, now=NOW + timedelta(days=6))


def test_undo_takes_the_bonus_back(challenge: Challenge, citizen: Person) -> None:
    join_challenge(user=_user(citizen), challenge_id=challenge.id, now=NOW)
    result = _log(citizen, key="undo-me-0001")
    assert _points(citizen) == 25
    undo_log(user=_user(citizen), log_id=result.entry.id, now=NOW)
    db.session.expire_all()
    assert _points(citizen) == 0
    assert challenge_totals(challenge.id).points == 0
    assert (
        db.session.scalar(select(NeighbourhoodScore.points).where(NeighbourhoodScore.period == "all")) is None
    )  # the area's row went with its last log


def test_multiplier_bonus(admin: User, citizen: Person) -> None:
    challenge = create_challenge(
        actor=admin, data=_input(reward_kind="multiplier", reward_value=Decimal("1.5"))
    )
    join_challenge(user=_user(citizen), challenge_id=challenge.id, now=NOW)
    assert _log(citizen, "cykel-frem-for-bil", "7.5", key="multi-00001").challenge_bonus == 8


def test_target_reached_is_a_milestone_once_and_progress_is_clamped(
    challenge: Challenge, citizen: Person
) -> None:
    join_challenge(user=_user(citizen), challenge_id=challenge.id, now=NOW)
    for n in range(3):  # 60 km per day is the cap: 3 days of 40 km = 120 km of a 100 km target
        _log(citizen, "cykel-frem-for-bil", "40", key=f"target-{n:04d}", day=TODAY - timedelta(days=n))
    shown = progress(db.session.get(Challenge, challenge.id))
    assert shown.total == Decimal(120)
    assert shown.fraction == 1.0
    targets = db.session.scalars(select(FeedEvent).where(FeedEvent.kind == "target")).all()
    assert len(targets) == 1


@pytest.mark.parametrize("metric", ["logs", "quantity", "co2e_kg"])
def test_the_target_milestone_comes_with_the_log_that_crosses_it(
    admin: User, citizen: Person, metric: str
) -> None:
    """Each log adds to the running total in the target's unit; the one that crosses it (the third
    of 20 km, here) makes the feed line, once, and none before."""
    bike = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
    assert bike is not None and bike.co2e_kg_per_unit  # noqa: PT018
    per_log = {"logs": Decimal(1), "quantity": Decimal(20), "co2e_kg": Decimal(20) * bike.co2e_kg_per_unit}
    target = per_log[metric] * Decimal("2.5")
    challenge = create_challenge(actor=admin, data=_input(target_metric=metric, target_value=target))
    join_challenge(user=_user(citizen), challenge_id=challenge.id, now=NOW)
    seen = []
    for n in range(4):
        _log(citizen, "cykel-frem-for-bil", "20", key=f"crossing-{n:04d}", day=TODAY - timedelta(days=n % 3))
        seen.append(len(db.session.scalars(select(FeedEvent).where(FeedEvent.kind == "target")).all()))
    assert seen == [0, 0, 1, 1]


def test_area_ranking_is_the_boards_fair_score(challenge: Challenge, make_user, ctx: Flask) -> None:  # type: ignore[no-untyped-def]
    herfoelge = [make_user(neighbourhood="herfoelge") for _ in range(2)]
    borup = [make_user(neighbourhood="borup") for _ in range(2)]
    lonely = make_user(neighbourhood="ejby")
    for person in [*herfoelge, *borup, lonely]:
        join_challenge(user=_user(person), challenge_id=challenge.id, now=NOW)
    for n, (person, km) in enumerate(
        [(herfoelge[0], "10"), (herfoelge[1], "10"), (borup[0], "30"), (borup[1], "1"), (lonely, "50")]
    ):
        _log(person, "cykel-frem-for-bil", km, key=f"rank-{n:05d}")
    standings = area_standings(challenge.id)
    # Points against population (3,738 in Ejby, 4,833 in Borup, 12,253 in Herfølge): one keen
    # participant in a small area beats two in the largest, and no minimum holds Ejby back.
    assert [(s.neighbourhood.slug, s.rank, s.points, s.participants) for s in standings[:2]] == [
        ("ejby", 1, 105, 1),
        ("borup", 2, 65 + 7, 2),
    ]
    assert len(standings) == db.session.scalar(select(func.count()).select_from(Neighbourhood))
    assert [s.rank for s in standings] == list(range(1, len(standings) + 1))
    herfoelge_row = next(s for s in standings if s.neighbourhood.slug == "herfoelge")
    assert (herfoelge_row.points, herfoelge_row.participants) == (50, 2)
    assert all(s.fair_score is not None for s in standings)


def test_rebuild_equals_incremental_with_challenge_bonus(admin: User, make_user) -> None:  # type: ignore[no-untyped-def]
    challenge = create_challenge(
        actor=admin,
        data=_input(
            action_ids=[_action_id("cykel-frem-for-bil"), _action_id("vegetar-maaltid")], target_metric="logs"
        ),
    )
    rng = random.Random(3)
    people = [make_user(neighbourhood=rng.choice(["herfoelge", "borup"])) for _ in range(4)]
    for person in people[:3]:
        join_challenge(user=_user(person), challenge_id=challenge.id, now=NOW)
    logged = []
    for step in range(40):
        person = rng.choice(people)
        slug = rng.choice(["cykel-frem-for-bil", "vegetar-maaltid", "kortere-bad"])
        now = NOW + timedelta(days=rng.randint(0, 3), minutes=step)
        try:
            result = _log(person, slug, "1", key=f"rebuild-{step:04d}", now=now)
        except ValidationError:
            continue
        logged.append((person, result.entry.id, now))
    for person, log_id, now in logged[::4]:
        undo_log(user=_user(person), log_id=log_id, now=now)

    def snapshot() -> tuple[set[tuple], set[tuple], set[tuple]]:
        return (
            {
                (s.user_id, s.period, s.period_key, s.points, s.co2e_g, s.logs)
                for s in db.session.scalars(select(UserScore))
            },
            {
                (s.neighbourhood_id, s.period, s.period_key, s.points, s.logs, s.participants)
                for s in db.session.scalars(select(NeighbourhoodScore))
            },
            {
                (p.id, p.points, p.bonus_points, p.quantity, p.co2e_g, p.logs)
                for p in db.session.scalars(select(ChallengeParticipant))
            },
        )

    db.session.expire_all()
    incremental = snapshot()
    assert any(p[2] for p in incremental[2])  # some bonus was earned
    rebuild_derived_rows()
    db.session.expire_all()
    assert snapshot() == incremental


def test_a_credited_log_writes_its_bonus_with_its_points_in_one_upsert_per_table(
    challenge: Challenge, citizen: Person
) -> None:
    """The write path's round trips (README "Performance"): the bonus is in the log's own score
    upserts, the challenge's actions are not loaded, the credit is not looked up again for the
    badge check, and the idempotency key and the day's quantity are one statement."""
    from sqlalchemy import event

    join_challenge(user=_user(citizen), challenge_id=challenge.id, now=NOW)
    _log(citizen, key="warm-up-0001", day=TODAY - timedelta(days=1))
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        result = _log(citizen, key="counted-0001", now=NOW + timedelta(minutes=5))
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert result.challenge_bonus == 5
    assert len([s for s in statements if s.startswith("INSERT INTO user_scores")]) == 1
    assert len([s for s in statements if s.startswith("INSERT INTO neighbourhood_scores")]) == 1
    assert not [s for s in statements if "FROM challenge_actions" in s and "JOIN actions" in s]
    assert not [s for s in statements if s.startswith("SELECT challenge_credits.id")]
    assert not [s for s in statements if s.startswith("SELECT action_logs.id, action_logs.user_id")]
    week = db.session.scalar(
        select(UserScore.points).where(UserScore.user_id == citizen.id, UserScore.period == "week")
    )
    assert week == 2 * (20 + 5)  # both logs (in the window, credited): 10 km at 2 points + 5 bonus


def test_a_replayed_key_returns_the_first_log_without_crediting_again(
    challenge: Challenge, citizen: Person
) -> None:
    join_challenge(user=_user(citizen), challenge_id=challenge.id, now=NOW)
    first = _log(citizen, key="replayed-0001")
    again = _log(citizen, key="replayed-0001", now=NOW + timedelta(minutes=1))
    assert first.created
    assert not again.created
    assert again.entry.id == first.entry.id
    assert db.session.scalar(select(ChallengeParticipant.bonus_points)) == 5
