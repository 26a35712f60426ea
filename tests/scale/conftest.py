"""Two real app instances on one PostgreSQL database and one Redis, shared by the scale tests."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import IN_CI, USE_POSTGRES
from tests.support.instances import AppInstance
from tests.support.redis import RedisUnavailable, TemporaryRedis

TOKEN_RATE_LIMIT = "5 per minute"  # strict, so a handful of requests crosses it


@pytest.fixture(scope="session")
def redis_server() -> Iterator[TemporaryRedis]:
    try:
        server = TemporaryRedis()
        with server:
            yield server
    except RedisUnavailable as exc:
        if IN_CI:
            raise
        pytest.skip(f"Redis unavailable: {exc}")


@dataclass(frozen=True)
class Cluster:
    one: AppInstance
    two: AppInstance
    redis: TemporaryRedis

    @property
    def urls(self) -> tuple[str, str]:
        return self.one.url, self.two.url


@pytest.fixture(scope="module")
def cluster(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Two gunicorn instances (2 workers each) with one SECRET_KEY, one database, one Redis."""
    if not USE_POSTGRES:
        pytest.skip(
            "two app instances share one PostgreSQL database (SQLite is one machine's file): "
            "these run in the PostgreSQL pass, KLIMADYST_TEST_DATABASE=postgresql"
        )
    database_url: str = request.getfixturevalue("database_url")
    redis: TemporaryRedis = request.getfixturevalue("redis_server")
    env = {
        "KLIMADYST_ENV": "development",  # CSRF on, real cookies: as a browser meets production
        "KLIMADYST_SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "KLIMADYST_RATELIMIT_STORAGE_URI": redis.url,
        "KLIMADYST_API_TOKEN_RATE_LIMIT": TOKEN_RATE_LIMIT,
        # eight people sign in from one address within a second; the login limits have tests of
        # their own (tests/accounts/test_rate_limits.py)
        "KLIMADYST_WEB_LOGIN_RATE_LIMIT": "1000 per minute",
        "KLIMADYST_WEB_LOGIN_ACCOUNT_RATE_LIMIT": "1000 per minute",
    }
    workdir = tmp_path_factory.mktemp("instances")
    one = AppInstance("instance-1", env=env, workdir=workdir)
    two = AppInstance("instance-2", env=env, workdir=workdir)
    try:
        one.start()
        two.start()
        yield Cluster(one, two, redis)
    finally:
        one.stop()
        two.stop()
