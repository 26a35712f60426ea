"""The process's cache of computed public aggregates and settings (Flask-Caching).

Each app (process) keeps its own in memory (SimpleCache, thread-safe), or every instance shares
one Redis when CACHE_REDIS_URL is set. It lives apart from app.extensions so that queries can use
it without importing the web extensions (CSRF, forms) that module also sets up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app
from flask_caching import Cache
from redis.exceptions import RedisError

from app.tenancy.context import current_municipality_id

T = TypeVar("T")

cache = Cache()


def init_cache(app: Flask) -> None:
    """SimpleCache per process unless a Redis URL is configured; an explicit CACHE_TYPE wins."""
    app.config.setdefault("CACHE_TYPE", "RedisCache" if app.config.get("CACHE_REDIS_URL") else "SimpleCache")
    cache.init_app(app)


def tenant_key(key: str) -> str:
    """`key` for the current municipality: every cached value here is one municipality's (a
    board, its settings, its catalogue), so two municipalities never share an entry."""
    return f"m{current_municipality_id()}:{key}"


def remembered_for(key: str, seconds: int, compute: Callable[[], T]) -> T:
    """compute()'s value, kept in the cache for `seconds` (0: computed every time).

    The cache hands every caller its own copy (values are serialised), so a caller may change
    what it gets. A shared cache (Redis) that fails costs a computation, not the page: the value
    is computed as if caching were off and a warning is logged.
    """
    if seconds <= 0:
        return compute()
    full_key = tenant_key(key)
    try:
        hit: T | None = cache.get(full_key)
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, computing %s: %s", key, exc)
        return compute()
    if hit is not None:
        return hit
    value = compute()
    try:
        cache.set(full_key, value, timeout=seconds)
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, not keeping %s: %s", key, exc)
    return value


def forget(key: str) -> None:
    """Drop `key` (after the data behind it changed); an unreachable cache is only logged, as
    its copy then expires on its own."""
    try:
        cache.delete(tenant_key(key))
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, could not forget %s: %s", key, exc)


def generation(name: str) -> str:
    """The current generation of a family of cached values (part of their keys): changing the
    data behind them starts a new one, which retires every old key at once."""
    try:
        value = cache.get(tenant_key(f"generation:{name}"))
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, no generation for %s: %s", name, exc)
        return "unreachable"
    return str(value) if value is not None else "0"


def new_generation(name: str) -> None:
    """Retire every cached value of the family `name` (see `generation`)."""
    import uuid

    try:
        cache.set(tenant_key(f"generation:{name}"), uuid.uuid4().hex, timeout=0)
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, could not retire %s: %s", name, exc)
