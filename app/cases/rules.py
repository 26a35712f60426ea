"""Pure rules of cases: the challenge template's shape and the benchmark's median."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from statistics import median

# The benchmark compares with the others only over at least this many other municipalities, so
# no single municipality's figure can be read back from the median.
MIN_OTHER_MUNICIPALITIES = 5


def median_or_none(values: Sequence[float], *, minimum: int = MIN_OTHER_MUNICIPALITIES) -> float | None:
    """The median of `values`, or None with fewer than `minimum` of them."""
    if len(values) < minimum:
        return None
    return float(median(values))


def duration_days(starts_on: date, ends_on: date) -> int:
    """A challenge's length in days, both ends included."""
    return (ends_on - starts_on).days + 1


def copied_window(today: date, days: int) -> tuple[date, date]:
    """Where a copied challenge is put at first: starting next Monday (at least a day ahead, so
    it is upcoming and can still be edited), lasting as long as the original."""
    start = today + timedelta(days=7 - today.weekday())
    return start, start + timedelta(days=max(days, 1) - 1)
