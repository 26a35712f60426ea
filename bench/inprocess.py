"""Fill a database with a large synthetic ledger and time the pages that must stay fast.

    python -m bench.inprocess                # 300,000 logs on a temporary SQLite file
    python -m bench.inprocess --logs 1000000 # a bigger ledger
    python -m bench.inprocess --database postgresql+psycopg://user@host/db   # an EMPTY database

Prints median and 95th percentile milliseconds per request. Nothing here asserts a time: the
numbers are for people to read (bench/README.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select

from app import create_app
from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.actions.models import Action, LogEntry, LogStatus
from app.actions.rules import co2e_grams_for, points_for, to_centi
from app.clock import local_date, utcnow
from app.db import db
from app.features import rebuild_derived_rows
from app.neighbourhoods.models import Neighbourhood
from app.seed.catalogue import seed_actions, seed_neighbourhoods

PASSWORD = "Benchmark-Password-2026"  # noqa: S105 - synthetic accounts in a throw-away database
CHUNK = 20_000


def _users(count: int) -> None:
    areas = list(db.session.scalars(select(Neighbourhood.id)))
    shared = hash_password(PASSWORD)
    rows = [
        {
            "email": f"bench{n:07d}@bench.invalid",
            "password_hash": shared,
            "alias": f"Bench {n}",
            "alias_key": f"bench {n}",
            "role": Role.CITIZEN,
            "neighbourhood_id": areas[n % len(areas)],
            "show_in_rankings": n % 3 != 0,
            "public_id": str(uuid.uuid4()),
            "session_version": 1,
            "is_suspended": False,
            "created_at": utcnow(),
        }
        for n in range(count)
    ]
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(User), rows[start : start + CHUNK])
    db.session.add(
        User(
            email="staff@bench.invalid",
            password_hash=shared,
            alias="Bench Staff",
            alias_key="bench staff",
            role=Role.STAFF,
            neighbourhood_id=None,
        )
    )
    db.session.commit()


def _ledger(total: int, days: int, rng: random.Random) -> None:
    """`total` counted logs spread over the last `days` days (bulk insert, no score upserts)."""
    people = list(
        db.session.execute(
            select(User.id, User.public_id, User.neighbourhood_id).where(User.role == Role.CITIZEN)
        )
    )
    actions = list(db.session.scalars(select(Action)))
    today = local_date(utcnow())
    batch: list[dict[str, Any]] = []
    for n in range(total):
        user_id, ref, area = people[rng.randrange(len(people))]
        action = actions[rng.randrange(len(actions))]
        quantity = min(action.max_units_per_day, action.default_quantity)
        day = today - timedelta(days=rng.randrange(days))
        batch.append(
            {
                "user_id": user_id,
                "participant_ref": ref,
                "neighbourhood_id": area,
                "action_id": action.id,
                "quantity_centi": to_centi(quantity),
                "points": points_for(quantity, action.points_per_unit),
                "co2e_g": co2e_grams_for(quantity, action.co2e_kg_per_unit),
                "occurred_on": day,
                "created_at": datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12),
                "idempotency_key": f"bench-{n:09d}",
                "status": LogStatus.COUNTED,
            }
        )
        if len(batch) == CHUNK:
            db.session.execute(insert(LogEntry), batch)
            batch = []
    if batch:
        db.session.execute(insert(LogEntry), batch)
    db.session.commit()


def _timed(label: str, repeat: int, call: Callable[[int], Any]) -> tuple[str, float, float]:
    call(-1)  # warm-up: templates compiled, caches filled
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return label, statistics.median(samples), p95


def _get(client: FlaskClient, url: str) -> Callable[[int], Any]:
    def call(_: int) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")

    return call


def _login(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/log-ind", data={"email": email, "password": PASSWORD})
    if response.status_code != 303:
        raise RuntimeError(f"could not log in as {email}")
    return client


def _log_write(app: Flask) -> Callable[[int], Any]:
    with app.app_context():
        citizen = db.session.scalar(
            select(User.email).where(User.role == Role.CITIZEN, User.id % 7 == 1).limit(1)
        )
    client = _login(app, str(citizen))
    slugs = ["kollektiv-frem-for-bil", "samkoersel", "cykel-frem-for-bil"]

    def call(i: int) -> None:
        response = client.post(
            f"/log/{slugs[i % len(slugs)]}",
            data={
                "quantity": "1",
                "occurred_on": local_date(utcnow()).isoformat(),
                "idempotency_key": f"bench-write-{uuid.uuid4().hex}",
            },
        )
        if response.status_code != 303:
            raise RuntimeError(f"log write: {response.status_code}")

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--logs", type=int, default=300_000)
    parser.add_argument("--users", type=int, default=5_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database", help="SQLAlchemy URL of an empty database")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="klimadyst-bench-")
    url = args.database or "sqlite:///" + str(Path(workdir) / "bench.sqlite3")
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "THROTTLE_MAX_LOGS": 10**6})
    rng = random.Random(2026)
    with app.app_context():
        db.create_all()
        seed_neighbourhoods()
        seed_actions()
        started = time.perf_counter()
        _users(args.users)
        _ledger(args.logs, args.days, rng)
        filled = time.perf_counter() - started
        started = time.perf_counter()
        report = rebuild_derived_rows()
        rebuilt = time.perf_counter() - started
        db.session.remove()
    print(
        f"database: {url.split('://')[0]}; {args.users:,} citizens, {report.ledger_rows:,} "
        f"counted logs over {args.days} days"
    )
    print(
        f"bulk insert {filled:.1f} s, score rebuild {rebuilt:.1f} s "
        f"({report.user_rows:,} citizen rows, {report.neighbourhood_rows:,} area rows)"
    )
    staff = _login(app, "staff@bench.invalid")
    public = app.test_client()
    today = local_date(utcnow())
    quarter = f"fra={(today - timedelta(days=90)).isoformat()}&til={today.isoformat()}"
    results = [
        _timed("admin dashboard (this week)", args.repeat, _get(staff, "/admin")),
        _timed(
            "admin dashboard (custom 90 days)", args.repeat, _get(staff, f"/admin?periode=interval&{quarter}")
        ),
        _timed(
            "admin dashboard (all time, transport)",
            args.repeat,
            _get(staff, "/admin?periode=altid&kategori=transport"),
        ),
        _timed("public leaderboard (this week)", args.repeat, _get(public, "/resultater")),
        _timed("public leaderboard (all time)", args.repeat, _get(public, "/resultater?periode=altid")),
        _timed("log write (POST /log/<slug>)", args.repeat * 3, _log_write(app)),
    ]
    print(f"\n{'request':<40}{'median ms':>12}{'p95 ms':>10}")
    for label, median, p95 in results:
        print(f"{label:<40}{median:>12.1f}{p95:>10.1f}")
    with app.app_context():
        db.engine.dispose()
    if not args.database:
        print(f"\n(the database is left in {workdir} for inspection; delete it when done)")


if __name__ == "__main__":
    main()
