"""Fixtures: the app on a fresh database per test (SQLite, or PostgreSQL when asked), clients,
users and the reference data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import exists, literal, select, text, union_all

from app import create_app
from app.accounts import passwords
from app.db import db

USE_POSTGRES = os.environ.get("KLIMADYST_TEST_DATABASE") == "postgresql"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "Grøn-hverdag-i-Køge"

# A plain Wednesday at noon in Copenhagen, far from midnight and from a DST change.
FROZEN_NOW = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL (temporary server)' if USE_POSTGRES else 'SQLite'}"


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Argon2id still, with test-sized costs: hundreds of hashes would otherwise take minutes."""
    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = original


@pytest.fixture
def frozen_day() -> Iterator[datetime]:
    """Freeze the clock (ticking) at FROZEN_NOW for tests whose "today" is the app's local day.

    Without it such a test posts "today" from the machine's clock and the app judges it with
    its own, so between 22:00/23:00 and midnight UTC, or on a DST night, the two can name
    different Copenhagen days. Use it first (pytestmark usefixtures), so users, tokens and
    logs are all made in the frozen time. Not for browser tests: Chromium's clock is not patched.
    """
    with time_machine.travel(FROZEN_NOW, tick=True):
        yield FROZEN_NOW


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    if not USE_POSTGRES:
        pytest.skip("PostgreSQL run not requested (KLIMADYST_TEST_DATABASE=postgresql)")
    from tests.support.postgres import PostgresUnavailable, TemporaryPostgres

    try:
        server = TemporaryPostgres()
        with server:
            yield server
    except PostgresUnavailable as exc:
        if IN_CI:
            raise
        pytest.skip(f"PostgreSQL unavailable: {exc}")


@pytest.fixture(scope="session")
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if USE_POSTGRES:
        server = request.getfixturevalue("postgres")
        url: str = server.create_database("klimadyst_test")
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    schema_app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with schema_app.app_context():
        db.create_all()
        _add_default_municipality()
        db.engine.dispose()
    return url


def _add_default_municipality() -> None:
    """Køge, the testing config's DEFAULT_MUNICIPALITY: the database always holds it, so every
    app (also one a test builds itself) serves Køge at the bare test host."""
    from app.seed.municipalities import ensure_koege

    ensure_koege()
    db.session.remove()


def _wipe() -> None:
    """Empty every table a test wrote to, and restart the sequences it used, so ids begin at 1
    again on both databases. On PostgreSQL one TRUNCATE of all ~90 tables costs about 0.35 s
    (a new file per table), which across the suite was minutes; a DELETE of only the tables
    that hold rows costs milliseconds."""
    tables = list(reversed(db.metadata.sorted_tables))
    postgresql = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as conn:
        if postgresql:
            probe = union_all(
                *(select(literal(i)).where(exists().select_from(t)) for i, t in enumerate(tables))
            )
            filled = {row[0] for row in conn.execute(probe)}
            tables = [table for i, table in enumerate(tables) if i in filled]
        for table in tables:
            conn.execute(table.delete())
        if postgresql:
            conn.execute(
                text(
                    "SELECT setval(format('%I.%I', schemaname, sequencename), 1, false) "
                    "FROM pg_sequences WHERE last_value IS NOT NULL "
                    "AND schemaname = current_schema()"
                )
            )
    _add_default_municipality()


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """A fresh app on an empty database. It holds no app context: each request gets its own,
    as in production, so a missing commit shows up. Køge exists and is DEFAULT_MUNICIPALITY (the
    testing config), so the bare test host and every app context without a scope are Køge's
    (`_add_default_municipality`)."""
    flask_app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    yield flask_app
    with flask_app.app_context():
        db.session.remove()
        _wipe()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _push_request_context() -> None:
    """Override pytest-flask's: one request context per test would share one DB session."""


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An app context for service and query tests (not for tests that use the client)."""
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def reference_data(app: Flask) -> None:
    from app.seed.catalogue import seed_actions, seed_neighbourhoods

    with app.app_context():
        seed_neighbourhoods()
        seed_actions()
        db.session.remove()


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    alias: str
    password: str
    neighbourhood_id: int | None


@pytest.fixture
def make_user(app: Flask, reference_data: None) -> Any:
    """Create an account and return a Person (ids only, no ORM object crosses contexts)."""
    counter = {"n": 0}

    def make(
        *,
        role: str = "citizen",
        neighbourhood: str = "herfoelge",
        show_in_rankings: bool = True,
        alias: str | None = None,
    ) -> Person:
        from app.accounts.models import Role
        from app.accounts.services import register_user
        from app.neighbourhoods.models import Neighbourhood

        counter["n"] += 1
        n = counter["n"]
        with app.app_context():
            area_id = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == neighbourhood))
            user = register_user(
                email=f"person{n}@example.dk",
                password=PASSWORD,
                alias=alias or f"Deltager {n}",
                neighbourhood_id=area_id,
                role=Role(role),
                show_in_rankings=show_in_rankings,
            )
            person = Person(user.id, user.email, user.alias, PASSWORD, user.neighbourhood_id)
            db.session.remove()
        return person

    return make


@pytest.fixture
def citizen(make_user: Any) -> Person:
    return make_user()  # type: ignore[no-any-return]


def login(client: FlaskClient, person: Person) -> None:
    response = client.post("/log-ind", data={"email": person.email, "password": person.password})
    assert response.status_code == 303, response.text


@pytest.fixture
def citizen_client(client: FlaskClient, citizen: Person) -> FlaskClient:
    login(client, citizen)
    return client
