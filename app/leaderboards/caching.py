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
from redis.exceptions import RedisError

from app.cache import cache

T = TypeVar("T")


def board_cache_seconds() -> int:
    """LEADERBOARD_CACHE_SECONDS as the whole seconds the cache backends take (0: no caching)."""
    seconds = float(current_app.config.get("LEADERBOARD_CACHE_SECONDS") or 0)
    return math.ceil(seconds) if seconds > 0 else 0


def remembered(key: str, compute: Callable[[], T]) -> T:
    """compute()'s value, shared through the app's cache for LEADERBOARD_CACHE_SECONDS.

    The cache hands every caller its own copy (values are serialised), so a caller may reorder
    what it gets. A shared cache (Redis) that fails costs a computation, not the page: the board
    is computed as if caching were off and a warning is logged.
    """
    seconds = board_cache_seconds()
    if seconds <= 0:
        return compute()
    try:
        hit: T | None = cache.get(key)
    except RedisError as exc:
        current_app.logger.warning("Board cache unreachable, computing %s: %s", key, exc)
        return compute()
    if hit is not None:
        return hit
    value = compute()
    try:
        cache.set(key, value, timeout=seconds)
    except RedisError as exc:
        current_app.logger.warning("Board cache unreachable, not keeping %s: %s", key, exc)
    return value
