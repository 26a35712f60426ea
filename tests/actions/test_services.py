"""The log service: caps, backdating window, idempotency, undo, and its score rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.actions.models import Action, LogEntry, LogStatus
from app.actions.services import log_action, undo_log
from app.clock import local_date
from app.db import db
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.leaderboards.models import NeighbourhoodScore, UserScore
from tests.conftest import Person

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # a Friday
TODAY = local_date(NOW)


def _action(slug: str = "cykel-frem-for-bil") -> Action:
    action = db.session.scalar(select(Action).where(Action.slug == slug))
    assert action is not None
    return action


def _log(
    person: Person,
    quantity: str = "5",
    *,
    key: str = "key-00000001",
    slug: str = "cykel-frem-for-bil",
    day: date = TODAY,
    now: datetime = NOW,
):
    return log_action(
        user=db.session.get(User, person.id),
        action=_action(slug),
        quantity=Decimal(quantity),
        occurred_on=day,
        idempotency_key=key,
        now=now,
    )


def _score(person: Person, period: str = "week") -> UserScore | None:
    return db.session.scalar(
        select(UserScore).where(UserScore.user_id == person.id, UserScore.period == period)
    )


@pytest.fixture
def person(citizen: Person, ctx: Flask) -> Person:
    return citizen


def test_log_credits_points_and_co2e_in_every_period(person: Person) -> None:
    result = _log(person, "10")
    assert result.created
    assert result.entry.points == 20
    assert result.entry.co2e_g == 1410
    for period in ("week", "month", "all"):
        score = _score(person, period)
        assert score is not None
        assert (score.points, score.co2e_g, score.logs) == (20, 1410, 1)
    area = db.session.scalar(select(NeighbourhoodScore).where(NeighbourhoodScore.period == "week"))
    assert (area.points, area.participants) == (20, 1)


def test_action_without_co2_figure_earns_points_only(person: Person) -> None:
    entry = _log(person, "1", slug="lokal-indsats").entry
    assert entry.co2e_g is None
    assert entry.points == 25
    assert _score(person).co2e_g == 0


def test_same_idempotency_key_counts_once_and_returns_the_first_result(person: Person) -> None:
    first = _log(person, "5", key="double-tap-1")
    again = _log(person, "5", key="double-tap-1")
    assert again.created is False
    assert again.entry.id == first.entry.id
    assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 1
    assert _score(person).points == 10


def test_reusing_a_key_for_another_action_is_a_conflict(person: Person) -> None:
    _log(person, "5", key="reused-key-1")
    with pytest.raises(ConflictError):
        _log(person, "1", key="reused-key-1", slug="plantebaseret-dag")


def test_missing_idempotency_key_is_refused(person: Person) -> None:
    with pytest.raises(ValidationError):
        _log(person, key="")


def test_daily_cap_refuses_without_partial_credit(person: Person) -> None:
    _log(person, "50", key="cap-key-0001")
    with pytest.raises(ValidationError) as caught:
        _log(person, "11", key="cap-key-0002")
    assert caught.value.field == "quantity"
    assert "10" in str(caught.value.message)  # what is left today
    _log(person, "10", key="cap-key-0003")  # exactly up to the cap is fine
    assert _score(person).points == 120


def test_cap_counts_per_occurred_day(person: Person) -> None:
    _log(person, "60", key="day-key-0001")
    _log(person, "60", key="day-key-0002", day=TODAY - timedelta(days=1))
    assert _score(person, "all").points == 240


def test_quantity_must_be_above_zero(person: Person) -> None:
    with pytest.raises(ValidationError):
        _log(person, "0")


@pytest.mark.parametrize(("offset", "ok"), [(0, True), (1, True), (2, True), (3, False), (-1, False)])
def test_backdating_window_in_copenhagen_days(person: Person, offset: int, ok: bool) -> None:
    day = TODAY - timedelta(days=offset)
    if ok:
        assert _log(person, day=day).created
    else:
        with pytest.raises(ValidationError) as caught:
            _log(person, day=day)
        assert caught.value.field == "occurred_on"


def test_window_uses_the_local_day_not_utc(person: Person) -> None:
    # 23:30 UTC on 20 Nov is already 21 Nov in Copenhagen: 18 Nov is then three days back.
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    with pytest.raises(ValidationError):
        _log(person, day=date(2026, 11, 18), now=late)
    assert _log(person, day=date(2026, 11, 21), now=late, key="late-key-01").created


def test_retired_action_cannot_be_logged(person: Person) -> None:
    _action().is_active = False
    db.session.commit()
    with pytest.raises(ValidationError):
        _log(person)


def test_suspended_citizen_cannot_log(person: Person) -> None:
    db.session.get(User, person.id).is_suspended = True
    db.session.commit()
    with pytest.raises(PermissionDenied):
        _log(person)


def test_undo_takes_the_points_back_and_keeps_the_ledger_row(person: Person) -> None:
    entry = _log(person, "5").entry
    _log(person, "1", key="other-key-01", slug="plantebaseret-dag")
    undone = undo_log(user=db.session.get(User, person.id), log_id=entry.id, now=NOW)
    assert undone.status == LogStatus.UNDONE
    assert db.session.get(LogEntry, entry.id) is not None
    assert _score(person).points == 15


def test_undoing_the_only_log_removes_the_participant(person: Person) -> None:
    entry = _log(person, "5").entry
    undo_log(user=db.session.get(User, person.id), log_id=entry.id, now=NOW)
    assert _score(person) is None
    assert db.session.scalar(select(func.count()).select_from(NeighbourhoodScore)) == 0


def test_undo_twice_is_refused(person: Person) -> None:
    entry = _log(person).entry
    user = db.session.get(User, person.id)
    undo_log(user=user, log_id=entry.id, now=NOW)
    with pytest.raises(ConflictError):
        undo_log(user=user, log_id=entry.id, now=NOW)


def test_only_logs_registered_today_can_be_undone(person: Person) -> None:
    entry = _log(person).entry
    with pytest.raises(ValidationError):
        undo_log(user=db.session.get(User, person.id), log_id=entry.id, now=NOW + timedelta(days=1))


def test_a_citizen_cannot_undo_another_citizens_log(person: Person, make_user) -> None:  # type: ignore[no-untyped-def]
    entry = _log(person).entry
    other = make_user()
    with pytest.raises(NotFound):
        undo_log(user=db.session.get(User, other.id), log_id=entry.id, now=NOW)
    assert db.session.get(LogEntry, entry.id).status == LogStatus.COUNTED


# --- Caps count only what still counts ------------------------------------------------------


def test_an_undone_log_frees_its_units_for_the_day(person: Person) -> None:
    full = _log(person, "60", key="cap-undo-0001").entry  # the whole 60 km cap
    with pytest.raises(ValidationError):
        _log(person, "1", key="cap-undo-0002")
    undo_log(user=db.session.get(User, person.id), log_id=full.id, now=NOW)
    assert _log(person, "60", key="cap-undo-0003").created


def test_a_voided_log_frees_its_units_for_the_day(person: Person, make_user) -> None:  # type: ignore[no-untyped-def]
    from app.moderation.services import void_log

    admin = make_user(role="admin")
    full = _log(person, "60", key="cap-void-0001").entry
    void_log(admin=db.session.get(User, admin.id), log_id=full.id, reason="Dobbelt registrering", now=NOW)
    assert _log(person, "60", key="cap-void-0002").created
    assert _score(person).points == 120  # only the new log counts


# --- Idempotency keys belong to one citizen -------------------------------------------------


def test_two_citizens_with_the_same_key_each_get_their_own_log(person: Person, make_user) -> None:  # type: ignore[no-untyped-def]
    other = make_user()
    mine = _log(person, "5", key="shared-key-0001")
    theirs = _log(other, "5", key="shared-key-0001")
    assert mine.created
    assert theirs.created
    assert theirs.entry.id != mine.entry.id
    assert (mine.entry.user_id, theirs.entry.user_id) == (person.id, other.id)
    assert _score(person).points == _score(other).points == 10


# --- Undo is about when a log was registered, not the day it is for -------------------------

MONDAY = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # Monday 1 June: Sunday is last week and May


def _points_by_period(model: type[UserScore] | type[NeighbourhoodScore]) -> dict[str, int]:
    """period key -> points of the only citizen's (or area's) non-empty score rows."""
    return {row.period_key: row.points for row in db.session.scalars(select(model)) if row.points}


def test_a_log_backdated_to_yesterday_can_be_undone_the_day_it_was_registered(person: Person) -> None:
    yesterday = local_date(MONDAY) - timedelta(days=1)
    backdated = _log(person, "5", key="backdated-001", day=yesterday, now=MONDAY).entry
    undone = undo_log(
        user=db.session.get(User, person.id), log_id=backdated.id, now=MONDAY + timedelta(hours=3)
    )
    assert undone.status == LogStatus.UNDONE


def test_undoing_a_backdated_log_takes_points_from_its_own_week_and_month(person: Person) -> None:
    yesterday = local_date(MONDAY) - timedelta(days=1)
    backdated = _log(person, "5", key="backdated-002", day=yesterday, now=MONDAY).entry  # 10 points
    _log(person, "1", key="today-log-002", slug="plantebaseret-dag", now=MONDAY, day=local_date(MONDAY))
    for model in (UserScore, NeighbourhoodScore):
        assert _points_by_period(model) == {
            "2026-W22": 10,
            "2026-05": 10,
            "2026-W23": 15,
            "2026-06": 15,
            "all": 25,
        }, model

    undo_log(user=db.session.get(User, person.id), log_id=backdated.id, now=MONDAY + timedelta(hours=1))

    for model in (UserScore, NeighbourhoodScore):
        assert _points_by_period(model) == {"2026-W23": 15, "2026-06": 15, "all": 15}, model
