"""How fast one log could be on this stack: the write taken apart, in one process, on SQLite.

    .venv/bin/python -m bench.floor [--runs 300]   # the whole log at most 120 times (its daily cap)

It captures the statements of one `POST /api/v1/logs` (with their parameters, bench/statements.py),
then measures, as medians over `--runs`:

- the whole log through Flask's test client (no HTTP, no gunicorn);
- the same request refused by validation: token check, body parsing and the error answer, the
  framework's share of a write;
- the captured statements replayed on a copy of the database as it was just before that log,
  straight on the sqlite3 driver in one `BEGIN IMMEDIATE` … `ROLLBACK` (so every run sees the same
  rows), and the same through SQLAlchemy's `exec_driver_sql` (its connection, events and result
  objects, no statement building);
- a `COMMIT` of that transaction on a fresh copy each time.

The difference between the whole log and (framework + statements through SQLAlchemy + commit) is
what building the statements and the rules' Python cost. README's performance section quotes it.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from bench.run import WRITE_ACTION
from bench.statements import Captured, capture

LOGS_A_DAY = 150  # WRITE_ACTION's daily cap at one trip a log: the whole log is timed at most this often

CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")
PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL")


def _median_ms(runs: int, once: Callable[[], Any], *, warm: int = 20) -> float:
    for _ in range(warm):
        once()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _replay(cursor: Any, statements: Captured) -> None:
    for statement, parameters, many in statements:
        if many and isinstance(parameters, list):  # a multi-row INSERT comes flat, as one execute
            cursor.executemany(statement, parameters)
        else:
            cursor.execute(statement, parameters)
        if cursor.description is not None:
            cursor.fetchall()


def _raw(copy: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(copy, isolation_level=None)
    for pragma in PRAGMAS:
        connection.execute(pragma)
    return connection


def measure(runs: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="klimadyst-floor-"))
    before = work / "before.db"
    found: dict[str, float] = {}

    def keep_copy(url: str) -> None:
        source = sqlite3.connect(url.removeprefix("sqlite:///"))
        with sqlite3.connect(before) as target:
            source.backup(target)
        source.close()

    def time_requests(app: Any, again: Callable[[], Any]) -> None:
        client = app.test_client()
        found["log"] = _median_ms(min(runs, LOGS_A_DAY - 30), lambda: _created(again()))
        token = client.post("/api/v1/tokens", json={"email": "s@example.dk", "password": "statements-1234"})
        headers = {"Authorization": f"Bearer {token.get_json()['token']}"}

        def refused() -> None:
            answer = client.post(
                "/api/v1/logs", json={"quantity": 0}, headers={**headers, "Idempotency-Key": uuid.uuid4().hex}
            )
            if answer.status_code != 422:
                raise SystemExit(f"expected 422, got {answer.status_code}")

        found["refused"] = _median_ms(runs, refused)
        found["healthz"] = _median_ms(runs, lambda: client.get("/healthz"))
        found.update(_one_statement(app, runs))

    lifted = {"THROTTLE_MAX_LOGS": 10**9, "RATELIMIT_ENABLED": False}  # as the bench's (bench/server.py)
    statements = capture(
        None, before=keep_copy, then=time_requests, config=lifted, action=WRITE_ACTION, quantity=1
    )
    body = [s for s in statements if s[0].split(" ", 1)[0].upper() not in CONTROL]

    raw = _raw(before)
    cursor = raw.cursor()

    def raw_once() -> None:
        cursor.execute("BEGIN IMMEDIATE")
        _replay(cursor, body)
        cursor.execute("ROLLBACK")

    found["raw"] = _median_ms(runs, raw_once)
    raw.close()

    engine = create_engine(f"sqlite:///{before}", isolation_level="AUTOCOMMIT")

    def alchemy_once() -> None:
        with engine.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            for statement, parameters, _many in body:
                result = connection.exec_driver_sql(statement, parameters)
                if result.returns_rows:
                    result.all()
            connection.exec_driver_sql("ROLLBACK")

    found["alchemy"] = _median_ms(runs, alchemy_once)
    engine.dispose()

    commits = []
    for n in range(min(runs, 60)):
        fresh = work / f"commit-{n}.db"
        shutil.copyfile(before, fresh)
        connection = _raw(fresh)
        cursor = connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        _replay(cursor, body)
        start = time.perf_counter()
        cursor.execute("COMMIT")
        commits.append(time.perf_counter() - start)
        connection.close()
    found["commit"] = statistics.median(commits) * 1000
    shutil.rmtree(work, ignore_errors=True)
    return {"statements": len(statements), "replayed": len(body), "ms": found}


def _one_statement(app: Any, runs: int) -> dict[str, float]:
    """What SQLAlchemy adds to one statement the log sends, even when nothing is built per
    request: a module-level ORM SELECT (compiled-cache hit, the tenant criteria added by the
    session event, as every ORM read here gets) against the same SQL and parameters sent with
    exec_driver_sql, and a prebuilt Core SELECT (no ORM, no tenant criteria)."""
    from sqlalchemy import bindparam, event, select

    from app.accounts.models import User
    from app.db import db
    from app.tenancy.context import in_municipality

    orm = select(User.id, User.session_version).where(User.id == bindparam("user_id"))
    users = User.__table__
    core = select(users.c.id, users.c.session_version).where(users.c.id == bindparam("user_id"))
    with app.app_context():
        user = db.session.scalars(select(User)).first()
        if user is None:
            raise SystemExit("no account to read")
        with in_municipality(user.municipality_id):
            sent: list[tuple[str, Any]] = []

            def record(_c: Any, _cur: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
                sent.append((statement, parameters))

            event.listen(db.engine, "before_cursor_execute", record)
            db.session.execute(orm, {"user_id": user.id}).all()
            event.remove(db.engine, "before_cursor_execute", record)
            sql, parameters = sent[-1]
            connection = db.session.connection()
            return {
                "orm_statement": _median_ms(
                    runs, lambda: db.session.execute(orm, {"user_id": user.id}).all()
                ),
                "driver_statement": _median_ms(
                    runs, lambda: connection.exec_driver_sql(sql, parameters).all()
                ),
                "core_statement": _median_ms(
                    runs, lambda: connection.execute(core, {"user_id": user.id}).all()
                ),
            }


def _created(answer: Any) -> None:
    if answer.status_code != 201:
        raise SystemExit(f"expected 201, got {answer.status_code}: {answer.get_data(as_text=True)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    result = measure(args.runs)
    ms = result["ms"]
    rest = ms["log"] - ms["refused"] - ms["alchemy"] - ms["commit"]
    head = f"one log, {result['statements']} statements ({result['replayed']} replayed)"
    print(f"{head}, medians of {args.runs}:")
    print(f"  whole log in-process (test client)            {ms['log']:7.2f} ms")
    print(f"  the same request refused by validation        {ms['refused']:7.2f} ms   (framework)")
    print(f"  /healthz in-process                           {ms['healthz']:7.2f} ms")
    print(f"  its statements on the sqlite3 driver          {ms['raw']:7.2f} ms   (the database's floor)")
    print(f"  its statements through SQLAlchemy, prebuilt   {ms['alchemy']:7.2f} ms")
    print(f"  COMMIT (WAL, synchronous=NORMAL)              {ms['commit']:7.2f} ms")
    print(f"  left: building statements and the rules       {rest:7.2f} ms")
    per = (ms["orm_statement"] - ms["driver_statement"]) * 1000
    print("one SELECT of two columns by primary key, prebuilt at import (nothing built per request):")
    print(f"  as an ORM statement (tenant criteria)          {ms['orm_statement'] * 1000:6.0f} µs")
    print(f"  as Core (no ORM, no tenant criteria)           {ms['core_statement'] * 1000:6.0f} µs")
    print(f"  its SQL through exec_driver_sql                {ms['driver_statement'] * 1000:6.0f} µs")
    print(f"  the ORM's share of one statement               {per:6.0f} µs")


if __name__ == "__main__":
    main()
