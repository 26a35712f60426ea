"""Pure game rules: streak (DST, ISO weeks and years), levels, badge criteria, fairness, equivalents."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from app.clock import local_date, week_key
from app.gamification.badges import BADGE_CODES, BadgeFacts, earned_badges
from app.gamification.equivalents import equivalents_for
from app.gamification.levels import LEVEL_THRESHOLDS, crossed, level_for, level_up
from app.gamification.streaks import current_streak
from app.moderation.rules import burst_exceeded, cap_hits_flag_due, cooling_down, outlier_threshold


def days(start: date, count: int, *, skip: tuple[int, ...] = ()) -> list[date]:
    return [start + timedelta(days=n) for n in range(count) if n not in skip]


# --- Streaks ---------------------------------------------------------------------------------


def test_no_logs_no_streak() -> None:
    streak = current_streak([], date(2026, 11, 20))
    assert (streak.days, streak.logged_today, streak.started_on) == (0, False, None)


def test_consecutive_days_count_and_today_is_open_until_logged() -> None:
    today = date(2026, 11, 20)  # Friday
    logged = days(date(2026, 11, 16), 4)  # Mon–Thu
    streak = current_streak(logged, today)
    assert streak.days == 4
    assert not streak.logged_today
    assert not streak.rest_day_used_this_week  # today, still open, spends nothing
    assert current_streak([*logged, today], today).days == 5


def test_one_missed_day_per_iso_week_is_a_rest_day() -> None:
    # Mon 16 – Sun 22 Nov 2026, Wednesday missed: the streak holds, the rest day is spent.
    logged = days(date(2026, 11, 16), 7, skip=(2,))
    streak = current_streak(logged, date(2026, 11, 22))
    assert streak.days == 6
    assert streak.rest_day_used_this_week
    assert streak.started_on == date(2026, 11, 16)


def test_a_second_missed_day_in_the_same_week_breaks_the_streak() -> None:
    logged = days(date(2026, 11, 16), 7, skip=(1, 3))  # Tue and Thu missed
    # Walking back: Sun, Sat, Fri count, Thu is the week's rest day, Wed counts, Tue breaks it.
    assert current_streak(logged, date(2026, 11, 22)).days == 4


def test_missed_sunday_and_monday_use_two_different_weeks_rest_days() -> None:
    # Sun 22 Nov is in W47, Mon 23 Nov in W48: each week has its own rest day.
    logged = [d for d in days(date(2026, 11, 16), 14) if d not in {date(2026, 11, 22), date(2026, 11, 23)}]
    assert current_streak(logged, date(2026, 11, 29)).days == 12


def test_two_missed_days_yesterday_and_today_open() -> None:
    today = date(2026, 11, 20)
    logged = days(date(2026, 11, 16), 2)  # Mon, Tue; Wed and Thu missed
    assert current_streak(logged, today).days == 0


@pytest.mark.parametrize(
    ("label", "first_day"),
    [
        ("spring DST: last Sunday of March 2026", date(2026, 3, 25)),
        ("autumn DST: last Sunday of October 2026", date(2026, 10, 21)),
    ],
)
def test_streak_runs_straight_through_dst_changes(label: str, first_day: date) -> None:
    logged = days(first_day, 10)
    assert current_streak(logged, logged[-1]).days == 10, label


def test_streak_across_iso_year_boundary_with_week_53() -> None:
    # 2026 has an ISO week 53 (Mon 28 Dec 2026 – Sun 3 Jan 2027): 31 Dec and 2 Jan are in the
    # same ISO week, so missing both breaks the streak although they are in different years.
    logged = [d for d in days(date(2026, 12, 21), 17) if d not in {date(2026, 12, 31), date(2027, 1, 2)}]
    assert week_key(date(2026, 12, 31)) == week_key(date(2027, 1, 2)) == "2026-W53"
    # 6, 5, 4 Jan (W01) and 3 Jan count, 2 Jan is W53's rest day, 1 Jan counts, 31 Dec breaks.
    assert current_streak(logged, date(2027, 1, 6)).days == 5
    one_rest = [d for d in days(date(2026, 12, 21), 17) if d != date(2026, 12, 31)]
    assert current_streak(one_rest, date(2027, 1, 6)).days == 16


@pytest.mark.parametrize(
    ("utc_moment", "expected"),
    [
        (datetime(2026, 3, 28, 22, 59, tzinfo=UTC), date(2026, 3, 28)),  # 23:59 CET, Saturday
        (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), date(2026, 3, 29)),  # 00:00 CET, Sunday
        (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), date(2026, 3, 29)),  # 23:59 CEST (23-hour day)
        (datetime(2026, 3, 29, 22, 0, tzinfo=UTC), date(2026, 3, 30)),
        (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), date(2026, 10, 24)),  # 23:59 CEST
        (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), date(2026, 10, 25)),  # 23:59 CET (25 hours)
        (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), date(2026, 10, 26)),
    ],
)
def test_local_days_that_feed_the_streak_follow_copenhagen_across_dst(
    utc_moment: datetime, expected: date
) -> None:
    assert local_date(utc_moment) == expected


# --- Levels ------------------------------------------------------------------------------------


def test_level_table_is_strictly_increasing_from_zero() -> None:
    thresholds = [t for _, t in LEVEL_THRESHOLDS]
    assert thresholds[0] == 0
    assert thresholds == sorted(set(thresholds))


@pytest.mark.parametrize(
    ("points", "level", "to_next"),
    [(0, 1, 100), (99, 1, 1), (100, 2, 150), (999, 4, 1), (1000, 5, 1000), (8000, 8, 0), (50_000, 8, 0)],
)
def test_level_for_points(points: int, level: int, to_next: int) -> None:
    progress = level_for(points)
    assert (progress.level, progress.to_next) == (level, to_next)
    assert 0.0 <= progress.fraction <= 1.0


def test_level_progress_fraction_and_level_up() -> None:
    assert level_for(175).fraction == pytest.approx(0.5)
    assert level_up(90, 110) == 2
    assert level_up(110, 120) is None
    assert level_up(90, 600) == 4  # several thresholds at once: the level reached
    assert level_for(8000).next_at is None
    assert level_for(8000).fraction == 1.0


# --- Badge criteria ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (BadgeFacts(), []),
        (BadgeFacts(counted_logs=1), ["first-log"]),
        (BadgeFacts(counted_logs=7, streak_days=7), ["first-log", "streak-7"]),
        (BadgeFacts(counted_logs=30, streak_days=30), ["first-log", "streak-7", "streak-30"]),
        (BadgeFacts(counted_logs=20, cycled_km=Decimal("99.99")), ["first-log"]),
        (BadgeFacts(counted_logs=20, cycled_km=Decimal(100)), ["first-log", "cycled-100km"]),
        (BadgeFacts(counted_logs=9, plant_days=9), ["first-log"]),
        (BadgeFacts(counted_logs=10, plant_days=10), ["first-log", "plant-days-10"]),
        (BadgeFacts(counted_logs=1, challenge_logs=1), ["first-log", "challenge-taker"]),
    ],
)
def test_badge_criteria(facts: BadgeFacts, expected: list[str]) -> None:
    assert earned_badges(facts) == expected


def test_every_category_badge_needs_all_active_categories() -> None:
    every = frozenset({"transport", "food", "home"})
    assert "all-categories" not in earned_badges(
        BadgeFacts(counted_logs=2, categories_tried=frozenset({"transport", "food"}), all_categories=every)
    )
    assert "all-categories" in earned_badges(
        BadgeFacts(counted_logs=3, categories_tried=every, all_categories=every)
    )
    assert "all-categories" not in earned_badges(BadgeFacts(counted_logs=3))  # empty catalogue


def test_badges_already_held_are_not_earned_again() -> None:
    facts = BadgeFacts(counted_logs=8, streak_days=8)
    assert earned_badges(facts, already=frozenset({"first-log"})) == ["streak-7"]
    assert set(BADGE_CODES) >= {
        "first-log",
        "streak-7",
        "streak-30",
        "cycled-100km",
        "all-categories",
        "plant-days-10",
        "challenge-taker",
    }


# --- Fairness rules ----------------------------------------------------------------------------


def test_burst_limit_allows_exactly_max_logs() -> None:
    assert not burst_exceeded(logs_in_window=29, max_logs=30)
    assert burst_exceeded(logs_in_window=30, max_logs=30)


def test_cooldown_window() -> None:
    start = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert not cooling_down(last_burst_at=None, now=start, cooldown_minutes=15)
    assert cooling_down(
        last_burst_at=start, now=start + timedelta(minutes=14, seconds=59), cooldown_minutes=15
    )
    assert not cooling_down(last_burst_at=start, now=start + timedelta(minutes=15), cooldown_minutes=15)


def test_cap_hits_flag_fires_once_a_day() -> None:
    assert [cap_hits_flag_due(hits_today=n, threshold=3) for n in (1, 2, 3, 4)] == [False, False, True, False]


def test_outlier_threshold_uses_the_area_and_a_floor() -> None:
    assert outlier_threshold(area_weekly_mean=100.0, factor=5, min_points=200) == 500
    assert outlier_threshold(area_weekly_mean=10.0, factor=5, min_points=200) == 200
    assert crossed(before=490, after=510, threshold=500)
    assert not crossed(before=510, after=530, threshold=500)


def test_equivalents_round_and_never_go_negative() -> None:
    eq = equivalents_for(14_100)
    assert (eq.car_km, eq.diet_days) == (100, 3.2)
    assert equivalents_for(-5).car_km == 0
