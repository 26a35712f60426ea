"""Game and fairness inside the log service: throttle, flags, badges once, levels, streak, feed."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.actions.models import Action, LogEntry, LogStatus
from app.actions.services import log_action, take_back_entry, undo_log
from app.clock import local_date
from app.db import db, write_transaction
from app.errors import ConflictError, PermissionDenied, RateLimited, ValidationError
from app.gamification.models import ActionTally, CapHit, FeedEvent, Flag, FlagKind, UserBadge
from app.gamification.queries import badges_of, level_of, open_flags, streak_of
from app.leaderboards.models import UserScore
from app.moderation.flags import raise_flag, resolve_flag
from tests.conftest import Person

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # Friday, 11:00 in Copenhagen
TODAY = local_date(NOW)


def _action(slug: str) -> Action:
    action = db.session.scalar(select(Action).where(Action.slug == slug))
    assert action is not None
    return action


def _log(
    person: Person,
    slug: str = "vegetar-maaltid",
    quantity: str = "1",
    *,
    key: str,
    now: datetime = NOW,
    day: date | None = None,
):
    return log_action(
        user=db.session.get(User, person.id),
        action=_action(slug),
        quantity=Decimal(quantity),
        occurred_on=day or local_date(now),
        idempotency_key=key,
        now=now,
    )


@pytest.fixture
def person(citizen: Person, ctx: Flask) -> Person:
    return citizen


def _flags(person: Person, kind: FlagKind | None = None) -> list[Flag]:
    query = select(Flag).where(Flag.user_id == person.id)
    if kind:
        query = query.where(Flag.kind == kind)
    return list(db.session.scalars(query))


# --- Throttle ----------------------------------------------------------------------------------


def test_a_burst_past_the_limit_is_refused_flagged_and_cools_down(person: Person, ctx: Flask) -> None:
    ctx.config.update(THROTTLE_MAX_LOGS=5, THROTTLE_WINDOW_MINUTES=15, THROTTLE_COOLDOWN_MINUTES=15)
    for n in range(5):  # 5 logs within a minute: allowed
        _log(
            person,
            "lokal-indsats" if n == 0 else "kortere-bad" if n < 3 else "toerresnor",
            key=f"burst-{n:04d}",
            now=NOW + timedelta(seconds=10 * n),
        )
    with pytest.raises(RateLimited) as refused:
        _log(person, "sorterede-plast", key="burst-0006", now=NOW + timedelta(minutes=1))
    assert "11:16" in str(refused.value.message)  # paused until 11:01 + 15 min, local time
    # The refused log left nothing in the ledger, but its flag was committed on its own.
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 5
    assert len(_flags(person, FlagKind.BURST)) == 1
    # During the cool-down every log is refused, even outside the burst window, without new flags.
    with pytest.raises(RateLimited):
        _log(person, "sorterede-plast", key="burst-0007", now=NOW + timedelta(minutes=10))
    assert len(_flags(person, FlagKind.BURST)) == 1
    # After the cool-down logging works again.
    assert _log(person, "sorterede-plast", key="burst-0008", now=NOW + timedelta(minutes=17)).created


def test_logs_spread_over_time_are_not_throttled(person: Person, ctx: Flask) -> None:
    ctx.config.update(THROTTLE_MAX_LOGS=2, THROTTLE_WINDOW_MINUTES=15)
    for n in range(4):
        _log(
            person,
            "vegetar-maaltid" if n < 3 else "kortere-bad",
            key=f"spread-{n:03d}",
            now=NOW + timedelta(minutes=16 * n),
        )
    assert not _flags(person)


def test_a_repeated_idempotency_key_is_not_throttled(person: Person, ctx: Flask) -> None:
    ctx.config.update(THROTTLE_MAX_LOGS=1)
    first = _log(person, key="same-key-01")
    again = _log(person, key="same-key-01", now=NOW + timedelta(seconds=5))
    assert again.entry.id == first.entry.id
    assert not again.created


def test_default_throttle_is_thirty_logs_per_quarter_hour(app: Flask) -> None:
    assert (app.config["THROTTLE_MAX_LOGS"], app.config["THROTTLE_WINDOW_MINUTES"]) == (30, 15)


# --- Cap hits and outliers ---------------------------------------------------------------------


def test_third_cap_refusal_of_a_day_raises_one_flag(person: Person) -> None:
    _log(person, "plantebaseret-dag", key="cap-ok-01")
    for n in range(4):
        with pytest.raises(ValidationError):
            _log(person, "plantebaseret-dag", key=f"cap-no-{n:02d}", now=NOW + timedelta(minutes=n + 1))
    assert db.session.scalar(select(CapHit.hits).where(CapHit.user_id == person.id)) == 4
    assert len(_flags(person, FlagKind.CAP_HITS)) == 1


def test_other_refusals_do_not_count_as_cap_hits(person: Person) -> None:
    for n in range(3):
        with pytest.raises(ValidationError):
            _log(person, key=f"old-{n:04d}", day=TODAY - timedelta(days=10))
    assert not _flags(person)


def test_a_day_far_above_the_area_is_flagged_once(person: Person, ctx: Flask, make_user) -> None:  # type: ignore[no-untyped-def]
    ctx.config.update(OUTLIER_MIN_POINTS=100, OUTLIER_FACTOR=5)
    # Last week two neighbours earned 20 points each: the area's weekly mean is 20, so one day
    # above max(5 x 20, 100) = 100 points is an outlier.
    for n in range(2):
        _log(make_user(), "cykel-frem-for-bil", "10", key=f"neighbour-{n:03d}", now=NOW - timedelta(days=7))
    _log(person, "cykel-frem-for-bil", "40", key="outlier-1")  # 80 points
    assert not _flags(person, FlagKind.OUTLIER)
    _log(person, "cykel-frem-for-bil", "20", key="outlier-2")  # 120 points today
    _log(person, "gaa-frem-for-bil", "5", key="outlier-3")  # 135: still the same day, no new flag
    flags = _flags(person, FlagKind.OUTLIER)
    assert len(flags) == 1
    assert flags[0].day == TODAY


# --- Flags for the moderators ------------------------------------------------------------------


def test_open_flags_and_resolving_them(person: Person, make_user) -> None:  # type: ignore[no-untyped-def]
    admin = make_user(role="admin")
    flag = raise_flag(
        user_id=person.id, kind=FlagKind.OUTLIER, day=TODAY, params={"points": 900, "threshold": 400}
    )
    assert [f.id for f in open_flags()] == [flag.id]
    with pytest.raises(PermissionDenied):
        resolve_flag(flag_id=flag.id, actor=db.session.get(User, person.id), resolution="ok")
    with pytest.raises(ValidationError):
        resolve_flag(flag_id=flag.id, actor=db.session.get(User, admin.id), resolution="  ")
    resolved = resolve_flag(
        flag_id=flag.id, actor=db.session.get(User, admin.id), resolution="Looked fine: a long bike trip."
    )
    assert resolved.status == "resolved"
    assert resolved.resolved_by_id == admin.id
    assert open_flags() == []
    with pytest.raises(ConflictError):
        resolve_flag(flag_id=flag.id, actor=db.session.get(User, admin.id), resolution="again")


# --- Badges, levels, streak, feed --------------------------------------------------------------


def test_first_log_earns_a_badge_once_and_reports_it(person: Person) -> None:
    first = _log(person, key="badge-001")
    assert first.badges == ("first-log",)
    assert _log(person, key="badge-001").badges == ()  # the retry returns no new badge
    assert _log(person, key="badge-002").badges == ()
    assert db.session.scalar(select(func.count()).select_from(UserBadge)) == 1
    assert list(badges_of(person.id)) == ["first-log"]


def test_cycling_100_km_badge(person: Person) -> None:
    for day_back in range(2):
        result = _log(
            person,
            "cykel-frem-for-bil",
            "50",
            key=f"cycle-km-{day_back:04d}",
            day=TODAY - timedelta(days=day_back),
        )
    assert "cycled-100km" in result.badges


def test_streak_badge_from_backdated_logs_and_undo_recomputes_the_streak(person: Person) -> None:
    for n in range(3):
        _log(person, key=f"streak-{n:03d}", day=TODAY - timedelta(days=2 - n))
    assert streak_of(person.id, TODAY).days == 3
    today_log = _log(person, "kortere-bad", key="streak-bath")
    undo_log(user=db.session.get(User, person.id), log_id=today_log.entry.id, now=NOW)
    assert streak_of(person.id, TODAY).days == 3  # another log today still counts
    only_today = db.session.scalars(select(LogEntry).where(LogEntry.occurred_on == TODAY)).all()
    with write_transaction():
        for entry in only_today:
            if entry.status == LogStatus.COUNTED:
                take_back_entry(entry, status=LogStatus.VOIDED, reason="test", now=NOW)
    streak = streak_of(person.id, TODAY)
    assert (streak.days, streak.logged_today) == (2, False)


def test_level_up_is_reported_with_the_log(person: Person) -> None:
    result = _log(person, "reparerede-elektronik", key="level-0001")  # 60 points
    assert result.new_level is None
    result = _log(person, "vegetar-maaltid", "3", key="level-0002")  # +24 = 84
    assert result.new_level is None
    result = _log(person, "plantebaseret-dag", key="level-0003")  # +15 = 99
    assert result.new_level is None
    result = _log(person, "kortere-bad", key="level-0004")  # +2 = 101
    assert result.new_level == 2
    assert level_of(person.id).level == 2


def test_badges_are_awarded_once_under_concurrency(app: Flask, make_user) -> None:  # type: ignore[no-untyped-def]
    person = make_user()
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            with app.app_context():
                user = db.session.get(User, person.id)
                action = db.session.scalar(select(Action).where(Action.slug == "kortere-bad"))
                log_action(
                    user=user,
                    action=action,
                    quantity=Decimal(1),
                    occurred_on=TODAY,
                    idempotency_key=f"race-{n:04d}",
                    now=NOW,
                )
                db.session.remove()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n % 2,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserBadge)) == 1
        assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 2


def test_feed_lines_and_action_tally_follow_the_log_and_its_undo(person: Person) -> None:
    result = _log(person, "cykel-frem-for-bil", "10", key="feed-0001")
    kinds = set(db.session.scalars(select(FeedEvent.kind)))
    assert {"action", "badge"} <= kinds
    tally_key = (result.entry.municipality_id, result.entry.action_id, TODAY.year)
    tally = db.session.get(ActionTally, tally_key)
    assert (tally.logs, tally.quantity, tally.co2e_g) == (1, Decimal(10), 1410)
    undo_log(user=db.session.get(User, person.id), log_id=result.entry.id, now=NOW)
    db.session.expire_all()
    tally = db.session.get(ActionTally, tally_key)
    assert (tally.logs, tally.co2e_g) == (0, 0)


def test_an_area_milestone_is_written_once(person: Person) -> None:
    # Repairing electronics: 45 kg each. Three of them pass the area's 100 kg mark.
    for n in range(3):
        _log(person, "reparerede-elektronik", key=f"mile-{n:04d}", day=TODAY - timedelta(days=n))
    milestones = list(db.session.scalars(select(FeedEvent).where(FeedEvent.kind == "milestone")))
    assert [m.value for m in milestones] == [100]


@pytest.mark.parametrize(
    "moments",
    [
        # 23:30 CET Saturday, 23:30 CEST Sunday (a 23-hour day), 00:30 CEST Monday of the next week.
        [
            datetime(2026, 3, 28, 22, 30, tzinfo=UTC),
            datetime(2026, 3, 29, 21, 30, tzinfo=UTC),
            datetime(2026, 3, 29, 22, 30, tzinfo=UTC),
        ],
        # 23:30 CEST Saturday, 23:30 CET Sunday (a 25-hour day), 00:30 CET Monday of the next week.
        [
            datetime(2026, 10, 24, 21, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 22, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 23, 30, tzinfo=UTC),
        ],
    ],
    ids=["spring-forward", "fall-back"],
)
def test_late_evening_logs_around_dst_make_consecutive_streak_days(
    person: Person, moments: list[datetime]
) -> None:
    for n, moment in enumerate(moments):
        _log(person, key=f"dst-log-{n:03d}", now=moment)
    last_day = local_date(moments[-1])
    assert [local_date(m).isoweekday() for m in moments] == [6, 7, 1]
    streak = streak_of(person.id, last_day)
    assert (streak.days, streak.logged_today) == (3, True)
    week_rows = db.session.scalars(
        select(UserScore.period_key).where(UserScore.user_id == person.id, UserScore.period == "week")
    ).all()
    assert len(week_rows) == 2  # Saturday and Sunday in one ISO week, Monday in the next
