"""Gamification's receivers of the log and challenge signals (app/signals.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app import signals
from app.accounts.models import User
from app.actions.models import LogEntry
from app.challenges.models import Challenge
from app.gamification.models import FeedKind
from app.gamification.services import add_feed_event, record_game_effects, take_back_game_effects
from app.signals import LogOutcome


def _settled(entry: LogEntry, *, user: User, today: date, now: datetime, bonus: int, **_: Any) -> LogOutcome:
    return record_game_effects(user=user, entry=entry, bonus=bonus, today=today, now=now)


def _taken_back(entry: LogEntry, **_: Any) -> None:
    take_back_game_effects(entry)


def _target_reached(challenge: Challenge, **_: Any) -> None:
    """One feed line per challenge, however many logs pass the target at once."""
    add_feed_event(
        kind=FeedKind.TARGET, challenge_id=challenge.id, dedupe_key=f"challenge-target:{challenge.id}"
    )


def connect_signals() -> None:
    signals.log_settled.connect(_settled, weak=False)
    signals.log_taken_back.connect(_taken_back, weak=False)
    signals.challenge_target_reached.connect(_target_reached, weak=False)
