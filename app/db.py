"""Database base class, SQLite tuning, write transactions, the read replica and score upserts."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, DateTime, Engine, MetaData, Select, Table, bindparam, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, CursorResult, Dialect, make_url
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from app.config import normalise_database_url

if TYPE_CHECKING:
    from flask import Flask

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC; always hands back an aware UTC datetime (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --- SQLite: WAL, foreign keys, busy timeout, BEGIN IMMEDIATE for writes -----------------------

_immediate: ContextVar[bool] = ContextVar("klimadyst_write_transaction", default=False)
_depth: ContextVar[int] = ContextVar("klimadyst_write_depth", default=0)


def configure_sqlite(engine: Engine) -> None:
    """Take over transaction control from pysqlite so writes can start with BEGIN IMMEDIATE.

    Without it, a read transaction that later writes is upgraded lazily and concurrent writers
    fail with "database is locked" even with a busy timeout.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


@contextmanager
def write_transaction(*, keep_loaded: bool = False) -> Iterator[None]:
    """One service call = one commit. Nested calls join the outer transaction.

    Any read transaction left open by the request (loading the current user) is closed first,
    so that on SQLite the write lock is taken up front by BEGIN IMMEDIATE.

    `keep_loaded`: the objects the transaction loaded or wrote keep their values after the
    commit instead of being expired, since those values are exactly what was committed; a
    caller that answers from them (the new log) then reads nothing back. Objects loaded before
    the transaction are not read again either.
    """
    depth = _depth.get()
    if depth:
        depth_token = _depth.set(depth + 1)
        try:
            yield
        finally:
            _depth.reset(depth_token)
        return
    session = db.session()
    if session.in_transaction():
        # The request's read transaction wrote nothing. With keep_loaded its objects (the log's
        # action, already read by the caller) keep their values instead of being read again;
        # what must be current inside the write is locked and refreshed there (lock_user).
        session.expire_on_commit = not keep_loaded
        try:
            session.commit()
        finally:
            session.expire_on_commit = True
    immediate_token = _immediate.set(True)
    depth_token = _depth.set(1)
    try:
        yield
        if keep_loaded:
            session.expire_on_commit = False
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.expire_on_commit = True
        _depth.reset(depth_token)
        _immediate.reset(immediate_token)


# --- Read replica: leaderboard reads may run on a read-only copy of the database ---------------

REPLICA = "replica"  # the Flask-SQLAlchemy bind key of the read-only engine
READ_ONLY_POSTGRESQL = "-c default_transaction_read_only=on"


def configure_read_replica(app: Flask) -> None:
    """Before db.init_app: when READ_REPLICA_DATABASE_URL is set, add a read-only bind for it."""
    url = normalise_database_url(app.config.get("READ_REPLICA_DATABASE_URL"))
    if not url:
        return
    options = {k: v for k, v in app.config["SQLALCHEMY_ENGINE_OPTIONS"].items() if k != "connect_args"}
    options.update(_read_only_engine_options(make_url(url)))
    app.config["SQLALCHEMY_BINDS"] = {**app.config.get("SQLALCHEMY_BINDS", {}), REPLICA: options}


def _read_only_engine_options(url: URL) -> dict[str, Any]:
    backend = url.get_backend_name()
    if backend == "postgresql":
        return {"url": url, "connect_args": {"options": READ_ONLY_POSTGRESQL}}
    if backend == "sqlite":
        if url.database in {None, "", ":memory:"}:
            raise ValueError("a SQLite read replica must be a file (READ_REPLICA_DATABASE_URL)")
        database = url.database if url.query.get("uri") else f"file:{url.database}"
        query = {**url.query, "mode": "ro", "uri": "true"}
        return {
            "url": url.set(database=database, query=query),
            "connect_args": {"timeout": 15, "check_same_thread": False},
        }
    raise ValueError(f"READ_REPLICA_DATABASE_URL: no read-only mode for {backend}")


def read_bind() -> dict[str, Any]:
    """Where leaderboard reads run: `db.session.execute(stmt, bind_arguments=read_bind())`.

    With READ_REPLICA_DATABASE_URL set (environment: DATABASE_REPLICA_URL or
    KLIMADYST_READ_REPLICA_DATABASE_URL; postgres:// URLs normalised as DATABASE_URL is), this
    names the replica engine, a Flask-SQLAlchemy bind "replica" that is read-only whatever the URL
    allows: PostgreSQL connections start with default_transaction_read_only=on and a SQLite file is
    opened with mode=ro, so a write sent there fails loudly instead of diverging from the primary.
    Unset, or inside a write_transaction (a service deciding on what it reads must see its own
    writes, never a lagging copy), it is empty and the primary serves the read. Only reads that may
    be a little stale belong here: leaderboards, never a rule a service enforces. Rows loaded this
    way join db.session like any other; writes always go to the primary.
    """
    if _depth.get():
        return {}
    engine = db.engines.get(REPLICA)
    return {"bind": engine} if engine is not None else {}


def page_of(query: Select[Any], *, page: int, per_page: int) -> Pagination:
    """db.paginate for the numbered pages (admin lists, history, directory): pages start at 1, a
    page past the end gives the last page (a stale link still shows something) instead of a 404.
    Its `pages` is 0 for an empty list, which the pages show as one empty page.

    The items come from query's first column, so query selects one entity."""
    pagination = db.paginate(query, page=max(page, 1), per_page=per_page, max_per_page=None, error_out=False)
    if not pagination.items and pagination.page > 1 and pagination.pages:
        pagination = db.paginate(
            query, page=pagination.pages, per_page=per_page, max_per_page=None, error_out=False
        )
    return pagination


def upsert_increment(
    table: Table,
    *,
    keys: Mapping[str, Any],
    increments: Mapping[str, int],
    set_values: Mapping[str, Any] | None = None,
    returning: tuple[str, ...] = (),
) -> CursorResult[Any]:
    """INSERT … ON CONFLICT DO UPDATE SET col = col + :n, atomically in the database.

    A Python read-modify-write would lose points when two logs land at once.
    """
    return upsert_increments(
        table,
        [{**keys, **increments, **(set_values or {})}],
        keys=tuple(keys),
        increments=tuple(increments),
        set_names=tuple(set_values or ()),
        returning=returning,
    )


def upsert_increments(
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    keys: tuple[str, ...],
    increments: tuple[str, ...],
    set_names: tuple[str, ...] = (),
    returning: tuple[str, ...] = (),
    computed: tuple[tuple[str, ColumnElement[Any]], ...] = (),
) -> CursorResult[Any]:
    """`upsert_increment` for several rows in one statement (one VALUES row each, distinct
    keys, the same names in every row): a log's week, month and all-time rows cost one round
    trip, not three.

    `computed`: (column, SQL expression) pairs whose value the database works out in the
    statement itself, from bind parameters each row carries under the expression's own names
    (not column names). Pass an expression built once (a module constant), so the statement of
    that shape is built once too.

    RETURNING rows come in no promised order: return the key columns to match them up.
    """
    names = tuple(rows[0])
    dialect = db.session.get_bind().dialect.name
    stmt = _upsert_statement(dialect, table, names, keys, increments, set_names, returning, computed)
    # One row is one execute; several, with RETURNING, are one multi-row INSERT ("insertmanyvalues").
    return db.session.execute(stmt, [dict(row) for row in rows])  # type: ignore[return-value]


@functools.cache
def _upsert_statement(
    dialect: str,
    table: Table,
    names: tuple[str, ...],
    keys: tuple[str, ...],
    increments: tuple[str, ...],
    set_names: tuple[str, ...],
    returning: tuple[str, ...],
    computed: tuple[tuple[str, ColumnElement[Any]], ...],
) -> Any:
    """The upsert of one shape, built once per process. Its values are bind parameters (they
    travel as execute parameters), so SQLAlchemy caches its compiled form too; an
    `insert().values(rows)` with the rows in it is never cached and was compiled on every log."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    values: dict[str, Any] = {name: bindparam(name) for name in names if name in table.c}
    values.update(computed)
    stmt = insert(table).values(values)
    updates: dict[str, Any] = {name: table.c[name] + stmt.excluded[name] for name in increments}
    updates.update({name: stmt.excluded[name] for name in set_names})
    upsert = stmt.on_conflict_do_update(index_elements=list(keys), set_=updates)
    return upsert.returning(*(table.c[name] for name in returning)) if returning else upsert
