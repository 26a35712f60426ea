"""/readyz, the production rate-limit storage rule, a Redis that goes away and a database outage."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError

from app import create_app
from app.db import db
from app.extensions import limiter
from tests.conftest import IN_CI, Person, login
from tests.support.redis import RedisUnavailable, TemporaryRedis

PRODUCTION = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40}


@pytest.fixture
def _limiter_state() -> Iterator[None]:
    """The limiter is one object for every app: a test that kills its storage must not leave the
    next app counting in the fallback memory."""
    yield
    limiter._storage_dead = False


def test_readyz_reports_every_check_ok(app: Flask) -> None:
    response = app.test_client().get("/readyz")
    assert response.status_code == 200, response.text
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok", "rate_limit_storage": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_never_rate_limited(database_url: str) -> None:
    strict = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_DEFAULT": "1 per minute"}
    )
    try:
        client = strict.test_client()
        assert all(client.get("/readyz").status_code == 200 for _ in range(4))
    finally:
        limiter.limit_manager.set_default_limits([])
        with strict.app_context():
            db.engine.dispose()


def test_production_refuses_per_process_rate_limit_counters() -> None:
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI is memory://"):
        create_app("production", dict(PRODUCTION))


def test_production_accepts_memory_counters_when_it_says_it_is_one_process() -> None:
    app = create_app("production", {**PRODUCTION, "SINGLE_PROCESS": True})
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_production_accepts_a_shared_store() -> None:
    app = create_app("production", {**PRODUCTION, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1"})
    assert app.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True


def test_single_process_opt_in_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLIMADYST_SINGLE_PROCESS", "1")
    app = create_app("production", dict(PRODUCTION))
    assert app.config["SINGLE_PROCESS"] == 1


@pytest.fixture
def redis_server() -> Iterator[TemporaryRedis]:
    try:
        with TemporaryRedis() as server:
            yield server
    except RedisUnavailable as exc:
        if IN_CI:
            raise
        pytest.skip(f"Redis unavailable: {exc}")


@pytest.mark.usefixtures("_limiter_state")
def test_api_keeps_serving_when_redis_stops_and_readyz_names_it(
    database_url: str, redis_server: TemporaryRedis, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    person: Person = make_user()
    app = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_STORAGE_URI": redis_server.url}
    )
    try:
        client = app.test_client(use_cookies=False)
        issued = client.post(
            "/api/v1/tokens", json={"email": person.email, "password": person.password, "name": "r"}
        )
        assert issued.status_code == 201, issued.text
        headers = {"Authorization": f"Bearer {issued.get_json()['token']}"}
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        assert client.get("/readyz").status_code == 200

        redis_server.__exit__(None, None, None)  # Redis goes away mid-run
        with caplog.at_level(logging.WARNING):
            for _ in range(3):
                response = client.get("/api/v1/me", headers=headers)
                assert response.status_code == 200, response.text
            assert client.get("/api/v1/actions").status_code == 200
        assert any("storage unreachable" in r.getMessage() for r in caplog.records)

        ready = client.get("/readyz")
        assert ready.status_code == 503
        body = ready.get_json()
        assert body["status"] == "degraded"
        assert body["degraded"] == ["rate_limit_storage"]
        assert body["checks"] == {"database": "ok", "rate_limit_storage": "unavailable"}
        assert client.get("/healthz").status_code == 200  # the process itself is fine
    finally:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def database_down(app: Flask) -> Iterator[None]:
    """Every new connection is refused, as when the server has gone away."""
    with app.app_context():
        engine = db.engine
        engine.dispose()

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise OperationalError("connect", {}, ConnectionRefusedError("database is down"))

    with mock.patch.object(engine, "connect", refuse), mock.patch.object(engine, "raw_connection", refuse):
        yield


def test_database_outage_is_a_503_problem_on_the_api(app: Flask) -> None:
    with database_down(app):
        response = app.test_client(use_cookies=False).post(
            "/api/v1/tokens", json={"email": "a@example.dk", "password": "whatever-long", "name": "x"}
        )
    assert response.status_code == 503, response.text
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) >= 30  # the limiter may raise it to its window
    body = response.get_json()
    assert body["code"] == "database_unavailable"
    assert body["detail"].startswith("Tjenesten er midlertidigt utilgængelig")


def test_database_outage_is_a_danish_503_page_on_the_web(app: Flask, citizen: Person) -> None:
    client = app.test_client()
    login(client, citizen)
    with database_down(app):
        for path in ("/", "/hjem", "/om"):
            response = client.get(path)
            assert response.status_code == 503, (path, response.text[:300])
            assert response.headers["Retry-After"] == "30"
            assert "midlertidigt utilgængelig" in response.text
        partial = client.get("/hjem", headers={"HX-Request": "true"})
    assert partial.status_code == 503
    assert 'role="alert"' in partial.text


def test_readyz_names_the_database_when_it_is_down(app: Flask) -> None:
    with database_down(app):
        response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["degraded"] == ["database"]
