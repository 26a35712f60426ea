"""Pure rules of partnerships: the status transitions, when a check-in is overdue, the values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from app.partnerships.models import PartnershipStatus

# idea → agreed → running → completed, one step at a time; stopped from any open status.
# Completed and stopped are final: a partnership that starts again is a new record.
TRANSITIONS: dict[PartnershipStatus, tuple[PartnershipStatus, ...]] = {
    PartnershipStatus.IDEA: (PartnershipStatus.AGREED, PartnershipStatus.STOPPED),
    PartnershipStatus.AGREED: (PartnershipStatus.RUNNING, PartnershipStatus.STOPPED),
    PartnershipStatus.RUNNING: (PartnershipStatus.COMPLETED, PartnershipStatus.STOPPED),
    PartnershipStatus.COMPLETED: (),
    PartnershipStatus.STOPPED: (),
}
# Only these are followed up: an idea has nothing to measure yet, a closed one nothing more.
FOLLOWED_UP = frozenset({PartnershipStatus.AGREED, PartnershipStatus.RUNNING})
# The statuses shown as "under way" on the vision page and counted in the yearly report.
UNDER_WAY = frozenset({PartnershipStatus.AGREED, PartnershipStatus.RUNNING, PartnershipStatus.COMPLETED})

INTERVAL_MIN, INTERVAL_MAX = 1, 3660
# Numeric(16, 2): up to 14 digits before the point.
VALUE_LIMIT = Decimal(10) ** 14


def allowed_next(status: str) -> tuple[PartnershipStatus, ...]:
    """The statuses a partnership in `status` may move to (nothing once completed or stopped)."""
    try:
        return TRANSITIONS[PartnershipStatus(status)]
    except ValueError:
        return ()


def can_move(status: str, new_status: str) -> bool:
    try:
        target = PartnershipStatus(new_status)
    except ValueError:
        return False
    return target in allowed_next(status)


def next_check_in(*, last_check_in: date | None, start_date: date | None, every_days: int) -> date | None:
    """When the next check-in is due: the last one (or, before any, the start) plus the interval.
    None when there is neither: nothing to count from."""
    base = last_check_in or start_date
    return None if base is None else base + timedelta(days=every_days)


def is_overdue(
    *, status: str, last_check_in: date | None, start_date: date | None, every_days: int, today: date
) -> bool:
    """Overdue: an agreed or running partnership whose KPI's last check-in (or the start, before
    any) plus the interval lies before today."""
    if status not in FOLLOWED_UP:
        return False
    due = next_check_in(last_check_in=last_check_in, start_date=start_date, every_days=every_days)
    return due is not None and due < today


def dates_in_order(start: date | None, end: date | None) -> bool:
    """The end, when both are given, is on or after the start."""
    return start is None or end is None or end >= start


def check_in_day_ok(on_date: date, today: date) -> bool:
    """A check-in records what was measured: never on a day still to come."""
    return on_date <= today


def value_ok(value: Decimal) -> bool:
    """A finite number that fits the column (14 digits before the point)."""
    return value.is_finite() and abs(value) < VALUE_LIMIT


def latest(days: Iterable[date]) -> date | None:
    return max(days, default=None)
