"""Synthetic datasets: the real schema and reference data, 60,000 citizens, N counted logs, in
Køge alone or (a size such as "1Mx20") spread over Køge and 19 synthetic municipalities.

The schema comes from `flask db upgrade` and the reference data from `flask seed`, both run as
commands on the target database; citizens and ledger rows are then bulk inserted (executemany on
SQLite, COPY on PostgreSQL) and the score rows are filled by `flask scores rebuild`, the app's own
rebuild, so they are consistent with the ledger by construction. Built databases are cached under
bench/.cache (an SQLite file, a PostgreSQL template database) and copied for every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from app.accounts.passwords import hash_password
from app.actions.rules import co2e_grams_for, points_for, to_centi

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
CITIZENS = 60_000
DAYS = 365  # logs fall on the last DAYS local days, today included
GENERATOR_VERSION = 2  # bump when the generated rows change: cached datasets are rebuilt
PASSWORD = "Benchmark-Password-2026"  # noqa: S105 - synthetic accounts in a throw-away database
SECRET_KEY = "bench-only-secret-key-not-used-anywhere-else-0123456789"  # noqa: S105
TZ = ZoneInfo("Europe/Copenhagen")
CHUNK = 50_000


# A size is "10k", "100k" or "1M", optionally "x<municipalities>": "1Mx20" is 1M logs in all,
# in Køge and 19 more municipalities (see add_municipalities).
MUNICIPALITIES_MARK = "x"


def parse_size(size: str) -> tuple[int, int]:
    """(logs, municipalities) of a size name: "1M" -> (1_000_000, 1), "1Mx20" -> (1_000_000, 20)."""
    base, mark, count = size.partition(MUNICIPALITIES_MARK)
    match = {name.lower(): name for name in SIZES}.get(base.lower())
    if match is None or (mark and (not count.isdigit() or int(count) < 1)):
        raise SystemExit(f"unknown size {size!r}: one of {', '.join(SIZES)}, optionally x<municipalities>")
    return SIZES[match], int(count or 1)


def size_name(size: str) -> str:
    """The canonical spelling ("1mx20" -> "1Mx20")."""
    base, mark, count = size.partition(MUNICIPALITIES_MARK)
    canonical = {name.lower(): name for name in SIZES}[base.lower()]
    return f"{canonical}{mark}{count}" if count and int(count) > 1 else canonical


def email(n: int) -> str:
    return f"bench{n:06d}@bench.invalid"


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment the app runs with in the benchmark: production settings."""
    env = dict(os.environ)
    env.update(
        {
            "KLIMADYST_ENV": "production",
            "KLIMADYST_SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": database_url,
            "PYTHONPATH": str(ROOT),
            # Production refuses per-process (memory://) rate-limit counters; the bench lifts
            # every limit (server.BENCH_LIMITS), so counting per worker changes nothing it measures.
            "KLIMADYST_SINGLE_PROCESS": "1",
        }
    )
    env.update(extra)
    return env


def flask(database_url: str, *args: str) -> str:
    """Run `flask --app app <args>` on the database, as an operator would."""
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env=app_env(database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def schema_fingerprint() -> str:
    """Changes when a migration, the seed data or this generator changes."""
    digest = hashlib.sha1(f"v{GENERATOR_VERSION}".encode(), usedforsecurity=False)
    sources = sorted((ROOT / "migrations" / "versions").glob("*.py"))
    sources += sorted((ROOT / "app" / "seed" / "data").glob("*.csv"))
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def cache_key(size: str, today: date) -> str:
    """Dates are relative to the build day, so a dataset is rebuilt in a new ISO week (the
    "this week" boards would otherwise be empty)."""
    year, week, _ = today.isocalendar()
    return f"{size.lower()}_{schema_fingerprint()}_{year}w{week:02d}"


# --- row generation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    id: int
    quantity: Decimal
    points: int
    co2e_g: int | None


@dataclass(frozen=True)
class Citizen:
    id: int
    public_id: str
    neighbourhood_id: int
    municipality_id: int


def citizen_rows(
    areas: Sequence[tuple[int, int, int]], rng: random.Random, password_hash: str, citizens: int = CITIZENS
) -> list[dict[str, Any]]:
    """`citizens` citizens, spread over the areas (id, population, municipality) of every
    municipality in proportion to their population."""
    homes = rng.choices(areas, weights=[population for _, population, _ in areas], k=citizens)
    now = datetime.now(UTC) - timedelta(days=DAYS)
    return [
        {
            "municipality_id": homes[n][2],
            "email": email(n),
            "password_hash": password_hash,
            "alias": f"Bench {n}",
            "alias_key": f"bench {n}",
            "role": "citizen",
            "neighbourhood_id": homes[n][0],
            "show_in_rankings": n % 3 != 0,
            "public_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "session_version": 1,
            "is_suspended": False,
            "created_at": now,
        }
        for n in range(citizens)
    ]


def ledger_rows(
    count: int, citizens: Sequence[Citizen], actions: Sequence[ActionRow], today: date, rng: random.Random
) -> list[tuple[Any, ...]]:
    """`count` counted logs, uniform over citizens, actions and the last DAYS days, in time order.

    A log takes the action's default quantity (always within the daily cap). Registration times
    fall between 07:00 and 22:00 local time and never after now.
    """
    now = datetime.now(UTC)
    days = [today - timedelta(days=offset) for offset in range(DAYS)]
    midnight = {day: datetime.combine(day, datetime.min.time(), tzinfo=TZ).astimezone(UTC) for day in days}
    who = rng.choices(citizens, k=count)
    what = rng.choices(actions, k=count)
    when = rng.choices(days, k=count)
    rows = []
    for n in range(count):
        citizen, action, day = who[n], what[n], when[n]
        created = min(
            midnight[day] + timedelta(minutes=rng.randrange(7 * 60, 22 * 60)),
            now - timedelta(minutes=rng.randrange(1, 600)),
        )
        rows.append(
            (
                citizen.municipality_id,
                citizen.id,
                citizen.public_id,
                citizen.neighbourhood_id,
                action.id,
                to_centi(action.quantity),
                action.points,
                action.co2e_g,
                day,
                created,
                f"gen-{n:09d}",
                "counted",
            )
        )
    rows.sort(key=lambda row: row[9])  # the ledger is appended in time order: ids follow time
    return rows


LOG_COLUMNS = (
    "municipality_id",
    "user_id",
    "participant_ref",
    "neighbourhood_id",
    "action_id",
    "quantity_centi",
    "points",
    "co2e_g",
    "occurred_on",
    "created_at",
    "idempotency_key",
    "status",
)
USER_COLUMNS = (
    "municipality_id",
    "email",
    "password_hash",
    "alias",
    "alias_key",
    "role",
    "neighbourhood_id",
    "show_in_rankings",
    "public_id",
    "session_version",
    "is_suspended",
    "created_at",
)


# --- the two databases ---------------------------------------------------------------------------


class Loader:
    """Bulk insert through the DB-API driver: executemany (SQLite) or COPY (PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite = url.startswith("sqlite")

    def connect(self) -> Any:
        if self.sqlite:
            conn = sqlite3.connect(self.url.removeprefix("sqlite:///"), isolation_level=None)
            conn.execute("PRAGMA cache_size=-1000000")  # 1 GB while loading: index pages stay hot
            conn.execute("PRAGMA synchronous=OFF")
            return conn
        dsn = self.url.replace("postgresql+psycopg://", "postgresql://")
        conn = psycopg.connect(dsn, autocommit=True)
        conn.execute("SET synchronous_commit = off")
        return conn

    def query(self, conn: Any, sql: str) -> list[tuple[Any, ...]]:
        return list(conn.execute(sql).fetchall())

    def insert(self, conn: Any, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        names = ", ".join(columns)
        if self.sqlite:
            marks = ", ".join("?" for _ in columns)
            conn.execute("BEGIN")
            for start in range(0, len(rows), CHUNK):
                conn.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                    [self._sqlite_row(row) for row in rows[start : start + CHUNK]],
                )
            conn.execute("COMMIT")
            return
        with conn.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    @staticmethod
    def _sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
        """SQLAlchemy's SQLite storage: ISO dates, 'YYYY-MM-DD HH:MM:SS.ffffff' UTC, numbers."""
        out = []
        for value in row:
            if isinstance(value, datetime):
                value = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            out.append(value)
        return tuple(out)

    def analyze(self, conn: Any) -> None:
        """Fresh planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` would give."""
        conn.execute("ANALYZE")


@dataclass
class BuildReport:
    logs: int
    citizens: int
    seconds_schema: float
    seconds_insert: float
    seconds_rebuild: float
    rebuild_output: str
    municipalities: int = 1

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def area_scale(k: int) -> float:
    """The population factor of synthetic municipality k (2, 3, ...) against Køge's areas: spread
    between 0.4x and 2.0x, deterministic, so small and large municipalities share the platform."""
    return round(0.4 + 1.6 * ((k * 7) % 19) / 18, 3)


def add_municipalities(url: str, count: int) -> list[int]:
    """Køge plus `count - 1` synthetic municipalities ("Bench-kommune 02", slug bench-02, ...),
    each with a copy of Køge's areas (names and slugs as Køge's, which are per municipality)
    whose populations are Køge's times `area_scale(k)`. Returns every municipality's id,
    Køge's first. Synthetic: the areas are not the real ones of any other municipality."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            koege = conn.execute(sa.text("SELECT id FROM municipalities WHERE slug = 'koege'")).scalar_one()
            # SQLAlchemy's SQLite storage of a UTC moment is text; PostgreSQL takes the value
            moment = datetime.now(UTC)
            now: Any = moment.strftime("%Y-%m-%d %H:%M:%S.%f") if url.startswith("sqlite") else moment
            ids = [int(koege)]
            columns = [
                c["name"]
                for c in sa.inspect(conn).get_columns("neighbourhoods")
                if c["name"] not in {"id", "municipality_id", "population"}
            ]
            names = ", ".join(columns)
            for k in range(2, count + 1):
                factor = area_scale(k)
                inhabitants = conn.execute(
                    sa.text("SELECT SUM(population) FROM neighbourhoods WHERE municipality_id = :m"),
                    {"m": koege},
                ).scalar_one()
                new_id = conn.execute(
                    sa.text(
                        "INSERT INTO municipalities (slug, name, inhabitants, inhabitants_year, "
                        "inhabitants_source, created_at, active) VALUES (:slug, :name, :n, NULL, "
                        ":source, :now, :yes) RETURNING id"
                    ),
                    {
                        "slug": f"bench-{k:02d}",
                        "name": f"Bench-kommune {k:02d}",
                        "n": round(int(inhabitants) * factor),
                        "source": f"synthetic: Køge's areas x {factor}",
                        "now": now,
                        "yes": True,
                    },
                ).scalar_one()
                conn.execute(
                    sa.text(
                        f"INSERT INTO neighbourhoods (municipality_id, population, {names}) "  # noqa: S608
                        f"SELECT :m, CAST(ROUND(population * :f) AS INTEGER), {names} "
                        "FROM neighbourhoods WHERE municipality_id = :koege"
                    ),
                    {"m": new_id, "f": factor, "koege": koege},
                )
                ids.append(int(new_id))
    finally:
        engine.dispose()
    return ids


def build(
    url: str,
    logs: int,
    *,
    today: date,
    say: Callable[[str], None],
    municipalities: int = 1,
    citizens: int = CITIZENS,
) -> BuildReport:
    """Fill an empty database at `url`: schema, reference data, `municipalities - 1` synthetic
    municipalities beside Køge, citizens over all their areas, ledger, score rows."""
    started = time.perf_counter()
    flask(url, "db", "upgrade")
    flask(url, "seed")
    if municipalities > 1:
        add_municipalities(url, municipalities)
    schema = time.perf_counter() - started
    rng = random.Random(f"klimadyst-bench-{logs}" + (f"x{municipalities}" if municipalities > 1 else ""))
    loader = Loader(url)
    started = time.perf_counter()
    with _closing(loader.connect()) as conn:
        areas = [
            (int(a), int(p), int(m))
            for a, p, m in loader.query(
                conn, "SELECT id, population, municipality_id FROM neighbourhoods ORDER BY id"
            )
        ]
        users = citizen_rows(areas, rng, hash_password(PASSWORD), citizens)
        loader.insert(conn, "users", USER_COLUMNS, [tuple(u[c] for c in USER_COLUMNS) for u in users])
        people = [
            Citizen(int(i), str(p), int(a), int(m))
            for i, p, a, m in loader.query(
                conn,
                "SELECT id, public_id, neighbourhood_id, municipality_id FROM users "
                "WHERE email LIKE 'bench%' ORDER BY id",
            )
        ]
        actions = []
        for action_id, ppu, quantity, co2e in loader.query(
            conn,
            "SELECT id, points_per_unit, default_quantity, co2e_kg_per_unit "
            "FROM actions WHERE is_active ORDER BY id",
        ):
            q = Decimal(str(quantity)).quantize(Decimal("0.01"))
            kg = None if co2e is None else Decimal(str(co2e))
            actions.append(ActionRow(int(action_id), q, points_for(q, int(ppu)), co2e_grams_for(q, kg)))
        rows = ledger_rows(logs, people, actions, today, rng)
        say(f"  generated {len(rows):,} logs in {time.perf_counter() - started:.1f} s; inserting")
        loader.insert(conn, "action_logs", LOG_COLUMNS, rows)
        inserted = time.perf_counter() - started
        say(
            f"  inserted {citizens:,} citizens and {logs:,} logs in {municipalities} municipalities "
            f"in {inserted:.1f} s; flask scores rebuild"
        )
        started = time.perf_counter()
        output = flask(url, "scores", "rebuild")
        rebuilt = time.perf_counter() - started
        loader.analyze(conn)
        if loader.sqlite:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return BuildReport(
        logs=logs,
        citizens=citizens,
        seconds_schema=round(schema, 1),
        seconds_insert=round(inserted, 1),
        seconds_rebuild=round(rebuilt, 1),
        rebuild_output=output,
        municipalities=municipalities,
    )


class _closing:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def __enter__(self) -> Any:
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()


# --- the cache ------------------------------------------------------------------------------------


def _write_meta(path: Path, report: BuildReport, key: str) -> None:
    path.write_text(json.dumps({"key": key, **report.as_dict()}, indent=2) + "\n")


def sqlite_dataset(size: str, *, today: date, say: Callable[[str], None]) -> tuple[Path, dict[str, Any]]:
    """The cached SQLite file for `size`, built first when missing or stale."""
    folder = CACHE / "sqlite"
    folder.mkdir(parents=True, exist_ok=True)
    key = cache_key(size, today)
    target, meta = folder / f"{key}.sqlite3", folder / f"{key}.json"
    if target.exists() and meta.exists():
        return target, json.loads(meta.read_text())
    for stale in folder.glob(f"{size.lower()}_*"):
        stale.unlink()
    say(f"building the SQLite {size} dataset (cached in {folder.relative_to(ROOT)})")
    building = folder / f"{key}.building.sqlite3"
    for leftover in folder.glob(f"{key}.building.sqlite3*"):
        leftover.unlink()
    logs, municipalities = parse_size(size)
    report = build(f"sqlite:///{building}", logs, today=today, say=say, municipalities=municipalities)
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    building.rename(target)
    _write_meta(meta, report, key)
    return target, json.loads(meta.read_text())


def sqlite_copy(source: Path, name: str) -> str:
    work = CACHE / "work"
    work.mkdir(parents=True, exist_ok=True)
    target = work / f"{name}.sqlite3"
    for path in work.glob(f"{name}.sqlite3*"):
        path.unlink()
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


def postgres_dataset(
    server: Any, size: str, *, today: date, say: Callable[[str], None]
) -> tuple[str, dict[str, Any]]:
    """The cached template database for `size`, built first when missing or stale."""
    key = cache_key(size, today)
    template = f"tpl_{key}"
    meta = server.base / f"{template}.json"
    existing = server.databases()
    if template in existing and meta.exists():
        return template, json.loads(meta.read_text())
    for stale in existing:
        if stale.startswith(f"tpl_{size.lower()}_"):
            server.drop(stale)
    say(f"building the PostgreSQL {size} dataset (cached as template database {template})")
    building = f"building_{size.lower()}"
    server.drop(building)
    with server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{building}"')
    logs, municipalities = parse_size(size)
    report = build(server.url(building), logs, today=today, say=say, municipalities=municipalities)
    with _closing(psycopg.connect(server._dsn(building), autocommit=True)) as conn:
        conn.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load, done up front
    server.freeze(building, template)
    _write_meta(meta, report, key)
    return template, json.loads(meta.read_text())


def iter_sizes(spec: str, *, municipalities: int = 1) -> Iterator[str]:
    """The sizes of `spec` ("10k 1M", "1Mx20"); with `municipalities` > 1 each plain size is
    followed by the same number of logs spread over that many municipalities."""
    for raw in spec.replace(",", " ").split():
        parse_size(raw)
        name = size_name(raw)
        yield name
        if municipalities > 1 and MUNICIPALITIES_MARK not in name.lower():
            yield f"{name}{MUNICIPALITIES_MARK}{municipalities}"
