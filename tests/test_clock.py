"""Days and weeks in Europe/Copenhagen across DST changes and year boundaries."""

from datetime import UTC, date, datetime, timedelta

from app.clock import Period, local_date, local_day_bounds, period_keys, week_key


def test_local_day_flips_at_copenhagen_midnight_in_winter() -> None:
    assert local_date(datetime(2026, 1, 14, 22, 59, tzinfo=UTC)) == date(2026, 1, 14)
    assert local_date(datetime(2026, 1, 14, 23, 0, tzinfo=UTC)) == date(2026, 1, 15)


def test_local_day_flips_at_copenhagen_midnight_in_summer() -> None:
    assert local_date(datetime(2026, 7, 1, 21, 59, tzinfo=UTC)) == date(2026, 7, 1)
    assert local_date(datetime(2026, 7, 1, 22, 0, tzinfo=UTC)) == date(2026, 7, 2)


def test_spring_forward_day_is_23_hours() -> None:
    start, end = local_day_bounds(date(2026, 3, 29))
    assert end - start == timedelta(hours=23)
    assert start == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)


def test_fall_back_day_is_25_hours() -> None:
    start, end = local_day_bounds(date(2026, 10, 25))
    assert end - start == timedelta(hours=25)
    assert local_date(end - timedelta(seconds=1)) == date(2026, 10, 25)


def test_iso_weeks_cross_the_new_year() -> None:
    assert week_key(date(2026, 12, 31)) == "2026-W53"
    assert week_key(date(2027, 1, 3)) == "2026-W53"
    assert week_key(date(2027, 1, 4)) == "2027-W01"
    assert week_key(date(2024, 12, 30)) == "2025-W01"


def test_week_runs_monday_to_sunday() -> None:
    assert week_key(date(2026, 11, 22)) == week_key(date(2026, 11, 16))  # Sunday, Monday
    assert week_key(date(2026, 11, 23)) != week_key(date(2026, 11, 22))


def test_period_keys() -> None:
    assert period_keys(date(2027, 1, 2)) == {
        Period.WEEK: "2026-W53",
        Period.MONTH: "2027-01",
        Period.ALL: "all",
    }
