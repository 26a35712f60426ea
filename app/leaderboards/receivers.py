"""Leaderboards' receiver of the accounts signal (app/signals.py): a move re-points score rows."""

from __future__ import annotations

from typing import Any

from app import signals
from app.accounts.models import User
from app.leaderboards.services import move_user_scores


def _moved(user: User, *, neighbourhood_id: int, **_: Any) -> None:
    move_user_scores(user_id=user.id, neighbourhood_id=neighbourhood_id)


def connect_signals() -> None:
    signals.neighbourhood_changed.connect(_moved, weak=False)
