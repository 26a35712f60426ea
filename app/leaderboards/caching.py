"""The few-seconds cache of public boards, in Flask-Caching (app.cache).

Only public aggregates go in (computed boards, rendered board tables): nothing of a person. A
board may be LEADERBOARD_CACHE_SECONDS behind the ledger, as a replica may be, so it is for
display only: no service decides on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

from flask import current_app

from app.cache import remembered_for

T = TypeVar("T")


def board_cache_seconds() -> int:
    """LEADERBOARD_CACHE_SECONDS as the whole seconds the cache backends take (0: no caching)."""
    seconds = float(current_app.config.get("LEADERBOARD_CACHE_SECONDS") or 0)
    return math.ceil(seconds) if seconds > 0 else 0


def remembered(key: str, compute: Callable[[], T]) -> T:
    """compute()'s value, shared through the app's cache for LEADERBOARD_CACHE_SECONDS."""
    return remembered_for(key, board_cache_seconds(), compute)
