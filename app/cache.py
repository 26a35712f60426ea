"""The process's cache of computed public aggregates (Flask-Caching).

Each app (process) keeps its own in memory (SimpleCache, thread-safe), or every instance shares
one Redis when CACHE_REDIS_URL is set. It lives apart from app.extensions so that queries can use
it without importing the web extensions (CSRF, forms) that module also sets up.
"""

from __future__ import annotations

from flask import Flask
from flask_caching import Cache

cache = Cache()


def init_cache(app: Flask) -> None:
    """SimpleCache per process unless a Redis URL is configured; an explicit CACHE_TYPE wins."""
    app.config.setdefault("CACHE_TYPE", "RedisCache" if app.config.get("CACHE_REDIS_URL") else "SimpleCache")
    cache.init_app(app)
