"""Pure calendar rules: local days, ISO weeks and score periods in one time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Copenhagen"


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL = "all"


ALL_TIME_KEY = "all"


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime, tz: str = DEFAULT_TIMEZONE) -> date:
    """The calendar day of an aware moment in the given zone (DST-safe: zoneinfo does the offsets)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
    return moment.astimezone(ZoneInfo(tz)).date()


def today_in(tz: str = DEFAULT_TIMEZONE) -> date:
    """Today's calendar day in the zone, which is not the server's own day around midnight."""
    return local_date(utcnow(), tz)


def week_key(day: date) -> str:
    """ISO week, e.g. 2026-W47. ISO years differ from calendar years around New Year."""
    iso_year, iso_week, _ = day.isocalendar()
    return f"{iso_year}-W{iso_week:02d}"


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def period_key(period: Period, day: date) -> str:
    if period is Period.WEEK:
        return week_key(day)
    if period is Period.MONTH:
        return month_key(day)
    return ALL_TIME_KEY


def period_keys(day: date) -> dict[Period, str]:
    """Every score period a log on `day` counts towards."""
    return {period: period_key(period, day) for period in Period}


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def days_back(today: date, count: int) -> list[date]:
    """today, yesterday, ... `count` days back, newest first."""
    return [today - timedelta(days=offset) for offset in range(count + 1)]


def local_day_bounds(day: date, tz: str = DEFAULT_TIMEZONE) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day in UTC; 23 or 25 hours long on DST change days."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def period_days(period: Period, day: date) -> tuple[date, date] | None:
    """First and last day of the period `day` falls in; None for the unbounded all-time period."""
    if period is Period.WEEK:
        first = week_start(day)
        return first, first + timedelta(days=6)
    if period is Period.MONTH:
        first = day.replace(day=1)
        next_month = (first + timedelta(days=32)).replace(day=1)
        return first, next_month - timedelta(days=1)
    return None
