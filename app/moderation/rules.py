"""Pure fairness rules: burst throttle, cool-down, repeated cap hits and daily outliers."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.gamification.levels import crossed


def burst_exceeded(*, logs_in_window: int, max_logs: int) -> bool:
    """True when one more log would make more than `max_logs` inside the window."""
    return logs_in_window >= max_logs


def cooling_down(*, last_burst_at: datetime | None, now: datetime, cooldown_minutes: int) -> bool:
    """True while the cool-down after the last refused burst is running."""
    if last_burst_at is None:
        return False
    return now < last_burst_at + timedelta(minutes=cooldown_minutes)


def cooldown_ends(*, last_burst_at: datetime, cooldown_minutes: int) -> datetime:
    return last_burst_at + timedelta(minutes=cooldown_minutes)


def cap_hits_flag_due(*, hits_today: int, threshold: int) -> bool:
    """Flag exactly once per day: when the day's cap refusals reach the threshold."""
    return hits_today == threshold


def outlier_threshold(*, area_weekly_mean: float, factor: int, min_points: int) -> int:
    """Points in one day above which a citizen is flagged.

    `area_weekly_mean` is what an average active participant in the citizen's area earns in a
    whole week; a single day above `factor` times that, and above `min_points`, is far outside
    the area's distribution.
    """
    return max(min_points, round(area_weekly_mean * factor))


__all__ = [
    "burst_exceeded",
    "cap_hits_flag_due",
    "cooldown_ends",
    "cooling_down",
    "crossed",
    "outlier_threshold",
]
