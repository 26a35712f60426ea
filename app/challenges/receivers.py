"""Challenges' receivers of the log signals (app/signals.py): credit, take back, day bonus."""

from __future__ import annotations

from datetime import date
from typing import Any

from app import signals
from app.actions.models import LogEntry
from app.challenges.credits import credit_challenges, take_back_credits
from app.challenges.queries import bonus_on_day


def _credit(entry: LogEntry, *, today: date, **_: Any) -> int:
    """The bonus points this log earned in the challenges it counts toward."""
    return sum(credit.bonus_points for credit in credit_challenges(entry=entry, today=today))


def _take_back(entry: LogEntry, **_: Any) -> None:
    take_back_credits(entry=entry)


def _day_bonus(user_id: int, *, day: date, **_: Any) -> int:
    return bonus_on_day(user_id, day)


def connect_signals() -> None:
    signals.log_counted.connect(_credit, weak=False)
    signals.log_taken_back.connect(_take_back, weak=False)
    signals.day_bonus_wanted.connect(_day_bonus, weak=False)
