"""Pure scheduling rules: when a reminder or the weekly digest is due, DST-safe, in one zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.clock import local_date, week_key

ALL_WEEKDAYS = 0b1111111  # Monday = bit 0 … Sunday = bit 6
MONDAY = 0


def weekday_mask(weekdays: Iterable[int]) -> int:
    """0 = Monday … 6 = Sunday, as a bit mask; anything outside 0-6 is refused."""
    mask = 0
    for day in weekdays:
        if not 0 <= day <= 6:
            raise ValueError(f"weekday {day} is not 0 (Monday) to 6 (Sunday)")
        mask |= 1 << day
    return mask


def weekdays_of(mask: int) -> list[int]:
    return [day for day in range(7) if mask & (1 << day)]


def _utc(day: date, wall: time, zone: ZoneInfo, fold: int) -> datetime:
    return datetime.combine(day, wall, tzinfo=zone).replace(fold=fold).astimezone(UTC)


def local_moment(day: date, wall: time, tz: str) -> datetime:
    """The UTC moment of the wall time `wall` on the local date `day`.

    DST: on the spring-forward night a wall time in the gap (02:30 in Copenhagen) does not
    exist; the first valid moment after it is taken (03:00 local, the moment of the change).
    On the fall-back night a wall time that occurs twice (02:30) is its first occurrence.
    """
    zone = ZoneInfo(tz)
    wall = wall.replace(second=0, microsecond=0, tzinfo=None)
    first = _utc(day, wall, zone, fold=0)
    if first.astimezone(zone).replace(tzinfo=None) == datetime.combine(day, wall):
        return first  # it exists (fold=0 is its first occurrence when it is ambiguous)
    # In the gap: fold=1 reads it with the offset after the change, fold=0 with the one before;
    # the change itself lies between the two. Find it to the second (the offset flips there).
    low, high = sorted((_utc(day, wall, zone, fold=1), first))
    before = low.astimezone(zone).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def reminder_due(
    *, now: datetime, wall: time, weekdays: int, sent_on: date | None, saved_at: datetime, tz: str
) -> date | None:
    """The local day whose reminder is due at `now`, or None.

    Due when today (local) is one of the chosen weekdays, its reminder has not been sent
    (sent_on is not today), and now is at or past today's reminder moment (local_moment). A
    worker that was down catches up later the same local day; yesterday's reminder is never
    sent, as only today is looked at. A reminder saved after today's moment had passed starts
    on the next chosen day, so saving the form does not set off a reminder at once.
    """
    today = local_date(now, tz)
    if not weekdays & (1 << today.weekday()) or sent_on == today:
        return None
    due_at = local_moment(today, wall, tz)
    if now < due_at or saved_at > due_at:
        return None
    return today


def digest_due(*, now: datetime, hour: int, sent_week: str | None, tz: str) -> str | None:
    """The ISO week key of the digest due at `now`, or None.

    The digest goes out on Monday from `hour` o'clock local time, about the ISO week that just
    ended, once per week (sent_week is the key of the Monday's week). A worker that was down
    catches up later that Monday, never on a later day.
    """
    today = local_date(now, tz)
    if today.weekday() != MONDAY:
        return None
    key = week_key(today)
    if sent_week == key or now < local_moment(today, time(hour, 0), tz):
        return None
    return key
