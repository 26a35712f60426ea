"""The read replica: leaderboard reads go to a read-only engine, writes never do."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, event, insert, select, text
from sqlalchemy.exc import DBAPIError

from app import create_app
from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action
from app.clock import local_date, utcnow
from app.db import REPLICA, db, read_bind, write_transaction
from app.neighbourhoods.models import Neighbourhood
from tests.conftest import Person, login

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def app(app: Flask, database_url: str) -> Iterator[Flask]:
    """conftest's app (it wipes the database afterwards) plus a twin whose replica is the same
    database opened read-only: the same data, as a streaming replica would hold it."""
    twin = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": database_url, "READ_REPLICA_DATABASE_URL": database_url}
    )
    yield twin
    with twin.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


class Statements:
    """Every SQL statement each engine sends, by engine: None (primary) and 'replica'."""

    def __init__(self, engines: dict[str | None, Engine]) -> None:
        self.sent: dict[str | None, list[str]] = {key: [] for key in engines}
        for key, engine in engines.items():
            event.listen(engine, "before_cursor_execute", self._recorder(key))

    def _recorder(self, key: str | None) -> Any:
        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            self.sent[key].append(" ".join(statement.split()))

        return record

    def reading(self, key: str | None, table: str) -> list[str]:
        return [
            s
            for s in self.sent[key]
            if s.upper().startswith("SELECT") and (f"FROM {table}" in s or f"JOIN {table}" in s)
        ]

    def clear(self) -> None:
        for sent in self.sent.values():
            sent.clear()

    def writes(self, key: str | None) -> list[str]:
        return [s for s in self.sent[key] if s.upper().startswith(WRITES)]


def _log(app: Flask, person: Person, km: str, key: str) -> None:
    with app.app_context():
        action = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
        log_action(
            user=db.session.get(User, person.id),
            action=action,
            quantity=Decimal(km),
            occurred_on=local_date(utcnow()),
            idempotency_key=key,
        )
        db.session.remove()


def test_the_replica_is_a_separate_read_only_engine(app: Flask) -> None:
    with app.app_context():
        assert set(db.engines) == {None, REPLICA}
        assert db.engines[REPLICA] is not db.engine
        assert read_bind() == {"bind": db.engines[REPLICA]}


def test_leaderboard_pages_read_scores_on_the_replica_and_write_nothing_there(
    app: Flask, make_user: Any
) -> None:
    people = [make_user(neighbourhood="borup") for _ in range(3)]
    for i, person in enumerate(people):
        _log(app, person, str(5 + i), f"replica-{i}-key")
    with app.app_context():
        statements = Statements(dict(db.engines))
    client = app.test_client()
    login(client, people[0])  # a write (the login time) that must land on the primary
    for period in ("uge", "maaned", "altid"):
        page = client.get(f"/resultater?periode={period}")
        assert page.status_code == 200
        assert "Borup" in page.text
    area = client.get("/resultater/borup?periode=uge")
    assert area.status_code == 200
    assert people[2].alias in area.text

    assert statements.reading(REPLICA, "neighbourhood_scores"), statements.sent[REPLICA]
    assert statements.reading(REPLICA, "user_scores"), statements.sent[REPLICA]
    assert statements.writes(REPLICA) == []
    # The primary served the rest (the user, settings, the login's write) but no score read.
    assert statements.reading(None, "neighbourhood_scores") == []
    assert statements.reading(None, "user_scores") == []
    assert statements.writes(None)

    statements.clear()
    assert client.get("/hjem").status_code == 200  # the citizen's home shows the area's standing
    assert statements.reading(REPLICA, "neighbourhood_scores")
    assert statements.writes(REPLICA) == []


def test_a_write_through_the_replica_fails_loudly(app: Flask, reference_data: None) -> None:
    with app.app_context():
        replica = db.engines[REPLICA]
        before = db.session.scalar(select(db.func.count()).select_from(Neighbourhood))
        with pytest.raises(DBAPIError, match=r"(?i)read.?only"), replica.begin() as conn:
            conn.execute(insert(Neighbourhood).values(slug="ulovlig", name="Ulovlig", population=1))
        with pytest.raises(DBAPIError, match=r"(?i)read.?only"), replica.begin() as conn:
            conn.execute(text("UPDATE neighbourhoods SET population = population + 1"))
        db.session.rollback()
        assert db.session.scalar(select(db.func.count()).select_from(Neighbourhood)) == before


def test_inside_a_write_transaction_reads_use_the_primary(app: Flask) -> None:
    with app.app_context():
        assert read_bind() == {"bind": db.engines[REPLICA]}
        with write_transaction():
            assert read_bind() == {}  # a service deciding on a read sees its own writes
        assert read_bind() == {"bind": db.engines[REPLICA]}


def test_without_a_replica_everything_reads_the_primary(database_url: str) -> None:
    plain = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    with plain.app_context():
        assert set(db.engines) == {None}
        assert read_bind() == {}
        db.engine.dispose()


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "DATABASE_REPLICA_URL",
            "postgres://reader@replica.internal/klimadyst",
            "postgresql+psycopg://reader@replica.internal/klimadyst",
        ),
        (
            "KLIMADYST_READ_REPLICA_DATABASE_URL",
            "postgresql://reader@replica.internal/klimadyst",
            "postgresql+psycopg://reader@replica.internal/klimadyst",
        ),
    ],
)
def test_replica_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, database_url: str, variable: str, value: str, expected: str
) -> None:
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    monkeypatch.setenv(variable, value)
    configured = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    with configured.app_context():
        replica = db.engines[REPLICA]  # created, never connected: the host does not exist
        assert replica.url.render_as_string(hide_password=False) == expected
        db.engine.dispose()


def test_replica_url_defaults_to_none(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    monkeypatch.delenv("KLIMADYST_READ_REPLICA_DATABASE_URL", raising=False)
    configured = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    assert configured.config["READ_REPLICA_DATABASE_URL"] is None
