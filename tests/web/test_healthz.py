"""GET /healthz: the load balancer's probe answers without the database or a session."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event

from app.db import db


def test_healthz_says_ok_in_plain_text(app: Flask) -> None:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.text == "ok"


def test_healthz_touches_no_database_and_sets_no_cookie(app: Flask) -> None:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    client = app.test_client()
    for _ in range(3):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
    assert statements == []
    assert client.get_cookie("session") is None


def test_healthz_is_never_rate_limited(database_url: str) -> None:
    from app import create_app
    from app.extensions import limiter

    strict = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_DEFAULT": "1 per minute"}
    )
    try:
        client = strict.test_client()
        assert client.get("/om").status_code == 200
        assert client.get("/om").status_code == 429  # the default limit is on ...
        assert all(client.get("/healthz").status_code == 200 for _ in range(5))  # ... not for the probe
    finally:
        # The limiter is one object for every app, and keeps the first default limits it is given.
        limiter.limit_manager.set_default_limits([])
        with strict.app_context():
            db.engine.dispose()
