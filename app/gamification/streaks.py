"""Pure streak rule: consecutive local days with a log, one rest day per ISO week."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Streak:
    days: int  # logged days in the unbroken run
    logged_today: bool
    rest_day_used_this_week: bool  # the current ISO week's rest day is spent
    started_on: date | None


def _iso_week(day: date) -> tuple[int, int]:
    iso_year, iso_week, _ = day.isocalendar()
    return iso_year, iso_week


def current_streak(logged_days: Iterable[date], today: date) -> Streak:
    """The streak that is alive on `today` (a local Europe/Copenhagen date).

    Walk back day by day from today. A day with at least one counted log adds one. A day without
    is a rest day if its ISO week (Monday–Sunday) has not used its rest day yet; a second missed
    day in the same ISO week ends the streak. Rest days keep the streak alive but do not add to
    it. Today, while it has no log yet, is still open and is neither counted nor spent.
    """
    days = set(logged_days)
    logged_today = today in days
    earliest = min(days) if days else today
    rests: set[tuple[int, int]] = set()
    count = 0
    started: date | None = None
    day = today if logged_today else today - timedelta(days=1)
    while day >= earliest:
        if day in days:
            count += 1
            started = day
        else:
            week = _iso_week(day)
            if week in rests:
                break
            rests.add(week)
        day -= timedelta(days=1)
    return Streak(
        days=count,
        logged_today=logged_today,
        rest_day_used_this_week=count > 0 and _iso_week(today) in rests,
        started_on=started,
    )
