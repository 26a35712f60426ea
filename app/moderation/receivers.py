"""Moderation's receivers of the log signals (app/signals.py): throttle, refusals, outliers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app import signals
from app.accounts.models import User
from app.actions.models import LogEntry
from app.actions.rules import RuleBroken
from app.errors import DomainError, ValidationError
from app.moderation.flags import check_outlier
from app.moderation.throttle import Throttled, check_throttle, flag_burst, note_cap_refusal


def _throttle(user: User, *, now: datetime, **_: Any) -> None:
    check_throttle(user=user, now=now)


def _refused(user: User, *, error: DomainError, now: datetime, **_: Any) -> None:
    """A refused log still leaves its trace, as its own commit: the burst flag, the cap count."""
    if isinstance(error, Throttled):
        flag_burst(user=user, refused=error, now=error.at)
    elif isinstance(error, ValidationError):
        cause = error.__cause__
        if isinstance(cause, RuleBroken) and cause.code == "over_daily_cap":
            note_cap_refusal(user=user, now=now)


def _outlier(entry: LogEntry, *, now: datetime, **_: Any) -> None:
    check_outlier(entry, now)


def connect_signals() -> None:
    signals.log_requested.connect(_throttle, weak=False)
    signals.log_refused.connect(_refused, weak=False)
    signals.log_settled.connect(_outlier, weak=False)
