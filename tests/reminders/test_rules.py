"""The scheduling rules on ordinary days and on the DST nights of 2026 and 2027 in Copenhagen."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from app.reminders.rules import (
    ALL_WEEKDAYS,
    digest_due,
    local_moment,
    reminder_due,
    weekday_mask,
    weekdays_of,
)

TZ = "Europe/Copenhagen"
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
# Last Sundays of March (clocks 02:00 → 03:00) and October (03:00 → 02:00).
SPRING = (date(2026, 3, 29), date(2027, 3, 28))
AUTUMN = (date(2026, 10, 25), date(2027, 10, 31))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def due(
    now: datetime, wall: time, *, sent_on: date | None = None, saved_at: datetime = LONG_AGO
) -> date | None:
    return reminder_due(now=now, wall=wall, weekdays=ALL_WEEKDAYS, sent_on=sent_on, saved_at=saved_at, tz=TZ)


def test_weekday_mask_round_trip_and_refuses_other_numbers() -> None:
    assert weekday_mask([0, 2, 6]) == 0b1000101
    assert weekdays_of(0b1000101) == [0, 2, 6]
    with pytest.raises(ValueError, match="weekday 7"):
        weekday_mask([7])


def test_an_ordinary_wall_time_in_winter_and_summer() -> None:
    assert local_moment(date(2026, 1, 14), time(19, 30), TZ) == utc(2026, 1, 14, 18, 30)
    assert local_moment(date(2026, 6, 10), time(19, 30), TZ) == utc(2026, 6, 10, 17, 30)


@pytest.mark.parametrize("day", SPRING)
def test_a_time_in_the_spring_gap_is_sent_at_the_first_valid_moment(day: date) -> None:
    # 02:30 does not exist; 03:00 local (CEST) = 01:00 UTC is the first moment after the gap.
    assert local_moment(day, time(2, 30), TZ) == utc(day.year, day.month, day.day, 1, 0)
    assert due(utc(day.year, day.month, day.day, 0, 59), time(2, 30)) is None
    assert due(utc(day.year, day.month, day.day, 1, 0), time(2, 30)) == day
    # The times either side of the gap are untouched.
    assert local_moment(day, time(1, 59), TZ) == utc(day.year, day.month, day.day, 0, 59)
    assert local_moment(day, time(3, 0), TZ) == utc(day.year, day.month, day.day, 1, 0)


@pytest.mark.parametrize("day", AUTUMN)
def test_an_ambiguous_time_in_autumn_is_sent_once_at_its_first_occurrence(day: date) -> None:
    first = utc(day.year, day.month, day.day, 0, 30)  # 02:30 CEST
    second = utc(day.year, day.month, day.day, 1, 30)  # 02:30 CET, an hour later
    assert local_moment(day, time(2, 30), TZ) == first
    assert due(first.replace(minute=29), time(2, 30)) is None
    assert due(first, time(2, 30)) == day
    assert due(second, time(2, 30), sent_on=day) is None  # the repeated 02:30 sends nothing


@pytest.mark.parametrize("day", [*SPRING, *AUTUMN])
def test_evening_reminders_on_dst_days_use_that_days_offset(day: date) -> None:
    # After the change the day's offset is the new one: CEST (+2) in spring, CET (+1) in autumn.
    offset = 2 if day.month == 3 else 1
    assert local_moment(day, time(19, 0), TZ) == utc(day.year, day.month, day.day, 19 - offset, 0)


def test_a_worker_that_was_down_catches_up_the_same_local_day() -> None:
    assert due(utc(2026, 6, 10, 18, 0), time(8, 0)) == date(2026, 6, 10)


def test_yesterdays_reminder_is_never_sent() -> None:
    # A 23:30 reminder (21:30 UTC in summer); the worker is down from 23:00 until 00:30 local.
    assert due(utc(2026, 6, 10, 21, 30), time(23, 30)) == date(2026, 6, 10)
    back = utc(2026, 6, 10, 22, 30)  # 00:30 on 11 June in Copenhagen
    assert due(back, time(23, 30)) is None  # the 10th's is not sent, the 11th's is not due yet
    assert due(utc(2026, 6, 11, 21, 30), time(23, 30)) == date(2026, 6, 11)


def test_once_per_local_day() -> None:
    assert due(utc(2026, 6, 10, 18, 0), time(8, 0), sent_on=date(2026, 6, 10)) is None
    assert due(utc(2026, 6, 11, 6, 0), time(8, 0), sent_on=date(2026, 6, 10)) == date(2026, 6, 11)


def test_only_the_chosen_weekdays() -> None:
    wednesday = utc(2026, 6, 10, 18, 0)
    kwargs = {"now": wednesday, "wall": time(8, 0), "sent_on": None, "saved_at": LONG_AGO, "tz": TZ}
    assert reminder_due(weekdays=weekday_mask([2]), **kwargs) == date(2026, 6, 10)
    assert reminder_due(weekdays=weekday_mask([0, 1, 3, 4, 5, 6]), **kwargs) is None


def test_a_reminder_saved_after_todays_time_starts_the_next_day() -> None:
    saved = utc(2026, 6, 10, 9, 0)  # 11:00 local, after the 08:00 reminder
    assert due(utc(2026, 6, 10, 18, 0), time(8, 0), saved_at=saved) is None
    assert due(utc(2026, 6, 11, 6, 0), time(8, 0), saved_at=saved) == date(2026, 6, 11)


def test_the_local_day_decides_around_midnight_utc() -> None:
    # 23:30 UTC on 10 June is 01:30 on the 11th in Copenhagen: the 11th's 01:00 reminder is due.
    assert due(utc(2026, 6, 10, 23, 30), time(1, 0)) == date(2026, 6, 11)


def test_the_digest_goes_out_on_monday_from_the_hour_once_per_week() -> None:
    monday = date(2026, 6, 8)
    assert digest_due(now=utc(2026, 6, 8, 4, 59), hour=7, sent_week=None, tz=TZ) is None  # 06:59 local
    assert digest_due(now=utc(2026, 6, 8, 5, 0), hour=7, sent_week=None, tz=TZ) == "2026-W24"
    assert digest_due(now=utc(2026, 6, 8, 20, 0), hour=7, sent_week=None, tz=TZ) == "2026-W24"  # catch-up
    assert digest_due(now=utc(2026, 6, 8, 20, 0), hour=7, sent_week="2026-W24", tz=TZ) is None
    assert digest_due(now=utc(2026, 6, 9, 5, 0), hour=7, sent_week=None, tz=TZ) is None  # never Tuesday
    assert monday.weekday() == 0


@pytest.mark.parametrize(("monday", "utc_hour"), [(date(2026, 3, 30), 5), (date(2026, 10, 26), 6)])
def test_the_digest_hour_after_a_dst_change(monday: date, utc_hour: int) -> None:
    # The Monday after the change: 07:00 is 05:00 UTC in summer time, 06:00 UTC in winter time.
    start = utc(monday.year, monday.month, monday.day, utc_hour, 0)
    assert digest_due(now=start.replace(hour=utc_hour - 1, minute=59), hour=7, sent_week=None, tz=TZ) is None
    assert digest_due(now=start, hour=7, sent_week=None, tz=TZ) is not None
