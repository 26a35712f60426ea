"""`make bench`: the app under gunicorn (production settings), load from wrk, on SQLite and PostgreSQL.

    python -m bench.run                                   # 10k, 100k, 1M logs; 3 runs; both DBs
    python -m bench.run --sizes 10k --runs 1              # a quick look
    python -m bench.run --databases sqlite --only hello-world,healthz,leaderboard-page
    python -m bench.run --proxy                           # each endpoint also through nginx
    python -m bench.run --sizes 1M --municipalities 20    # also 1M logs over 20 municipalities

The floor of the ratios is a hello-world Flask app (bench/hello.py) under the same gunicorn.conf.py.

For every database, dataset size and run: a fresh copy of the cached dataset, then per endpoint a
fresh gunicorn, a warm-up, a measured wrk run, the workers' peak RSS; with --proxy the same again
through nginx (bench/proxy.py, deploy/nginx.conf) in front of another fresh gunicorn; after the
write load the ledger check. Results go to bench/results/ as JSON and Markdown (bench/README.md
explains them).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import runpy
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from app.clock import local_date, utcnow
from bench import dataset, report
from bench.clients import api_token, login_cookie
from bench.dataset import CACHE, ROOT
from bench.ledger import WriteCheck, totals
from bench.load import LoadResult, run_writes, run_wrk
from bench.proxy import Nginx, nginx_path
from bench.server import BENCH_LIMITS, Gunicorn

RESULTS = ROOT / "bench" / "results"
WRITE_ACTION = "kollektiv-frem-for-bil"  # 1 point per trip, 150 a day: the cap is out of reach
USERS = 50  # citizens behind the citizen-home and write load (session cookies, API tokens)
REFUSED_BY_RULE = {409, 422, 429}
DB_LABEL = report.DB_NAMES  # the API's answers for a broken rule: counted, not errors


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str
    path: str
    mode: str  # "get", "cookie" (logged-in citizen) or "log" (POST /api/v1/logs)
    ok: frozenset[int]
    app: str = "wsgi:app"  # what gunicorn serves
    ready_path: str = "/healthz"  # what answers 200 once it is up
    env: tuple[tuple[str, str], ...] = ()  # settings of this scenario's gunicorn only

    def classify(self, result: LoadResult) -> tuple[int, int, int]:
        """(ok, refused by rule, errors) — every response and every socket error is counted."""
        ok = sum(n for code, n in result.statuses.items() if int(code) in self.ok)
        ok -= result.replayed  # a replayed 201 credited nothing: with unique keys it is an error
        refused = (
            sum(n for code, n in result.statuses.items() if int(code) in REFUSED_BY_RULE)
            if self.mode == "log"
            else 0
        )
        errors = result.requests - ok - refused + sum(result.socket_errors.values())
        return ok, refused, errors


SETTLE_SECONDS = 20  # a pause after the logins, before the first measurement
# This machine has phases of minutes in which everything, hello world too, runs at about half
# speed (4 Dec: hello world 8,900 then 4,000 req/s in one run, the PostgreSQL 10k board at 2,700
# in two runs and 8,600 in the third). So every endpoint gets a short floor measurement of its own
# right before it, and its ratio is to the better of the two floors around it (bench/report.py).
PAIR_WARMUP = 1.0

SCENARIOS = [
    # The floor: the ratios of the others are to this one, served the same way in the same run.
    Scenario(
        "hello-world",
        "hello world (bench/hello.py, GET /)",
        "/",
        "get",
        frozenset({200}),
        app="bench.hello:app",
        ready_path="/",
    ),
    Scenario("healthz", "GET /healthz", "/healthz", "get", frozenset({200})),
    Scenario(
        "leaderboard-page", "leaderboard page (GET /resultater)", "/resultater", "get", frozenset({200})
    ),
    Scenario(
        "leaderboard-api",
        "leaderboard API (GET /api/v1/leaderboards/neighbourhoods)",
        "/api/v1/leaderboards/neighbourhoods?period=week",
        "get",
        frozenset({200}),
    ),
    # A reload within PERSONAL_PAGE_CACHE_SECONDS is the browser session's own kept copy; the
    # render on every request is measured beside it, with that copy switched off.
    Scenario("citizen-home", "citizen home (GET /hjem, logged in)", "/hjem", "cookie", frozenset({200})),
    Scenario(
        "citizen-home-render",
        "citizen home rendered every time (no kept copy)",
        "/hjem",
        "cookie",
        frozenset({200}),
        env=(("KLIMADYST_PERSONAL_PAGE_CACHE_SECONDS", "0"),),
    ),
    Scenario("log-action", "log an action (POST /api/v1/logs)", "/api/v1/logs", "log", frozenset({201})),
]


def say(message: str) -> None:
    print(message, flush=True)


def machine_load() -> dict[str, Any]:
    one, five, fifteen = os.getloadavg()
    return {
        "load_1m": round(one, 2),
        "load_5m": round(five, 2),
        "load_15m": round(fifteen, 2),
        "uptime": subprocess.run(
            ["uptime"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),
    }


def gunicorn_settings(env: dict[str, str]) -> dict[str, Any]:
    """What gunicorn.conf.py sets under the bench's environment."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {
        k: conf[k]
        for k in ("worker_class", "workers", "threads", "keepalive", "timeout", "preload_app", "max_requests")
        if k in conf
    }


def credentials(url: str, work: Path) -> dict[str, Any]:
    """Log USERS citizens in through the login form (session cookies) and the token API, on a
    gunicorn of its own: Argon2 password checks take 64 MiB each, which would otherwise show up
    in the measured workers' peak RSS (it is recorded apart, as login_peak_rss_mb)."""
    with Gunicorn(url, work / "gunicorn-logins.log") as server, ThreadPoolExecutor(max_workers=4) as pool:
        cookies = list(pool.map(lambda n: login_cookie(server.port, n), range(USERS)))
        tokens = list(pool.map(lambda n: api_token(server.port, n), range(USERS)))
        peak = max(server.peak_rss_mb().values(), default=0.0)
    (work / "cookies.txt").write_text("\n".join(cookies) + "\n")
    return {"cookie": cookies, "token": tokens, "login_peak_rss_mb": peak}


def points_per_log(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT points_per_unit FROM actions WHERE slug = :s"), {"s": WRITE_ACTION}
                ).scalar_one()
            )
    finally:
        engine.dispose()


def _load(
    scenario: Scenario,
    port: int,
    work: Path,
    creds: dict[str, Any],
    tag: str,
    seconds: float,
    connections: int,
) -> LoadResult:
    if scenario.mode == "log":
        return run_writes(
            "127.0.0.1",
            port,
            scenario.path,
            tokens=creds["token"],
            slug=WRITE_ACTION,
            tag=tag,
            seconds=seconds,
            connections=connections,
        )
    wrk_args = ["cookie", str(work / "cookies.txt")] if scenario.mode == "cookie" else ["get"]
    return run_wrk(
        f"http://127.0.0.1:{port}{scenario.path}", seconds=seconds, connections=connections, args=wrk_args
    )


def run_scenario(
    scenario: Scenario,
    url: str,
    args: argparse.Namespace,
    work: Path,
    creds: dict[str, Any],
    tag: str,
    *,
    proxy: bool = False,
    paired: bool = False,
) -> dict[str, Any]:
    """One endpoint on a fresh gunicorn: straight to it, or through a fresh nginx (empty cache).
    `paired`: a short floor measurement beside another endpoint (--pair-seconds, no single run)."""
    via = "nginx" if proxy else "direct"
    log_path = work / f"gunicorn-{scenario.name}-{via}.log"
    log_path.unlink(missing_ok=True)
    nginx_log = work / f"nginx-{scenario.name}.log"
    nginx_log.unlink(missing_ok=True)
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(
            Gunicorn(
                url, log_path, app=scenario.app, ready_path=scenario.ready_path, extra_env=dict(scenario.env)
            )
        )
        port = stack.enter_context(Nginx(server.port, nginx_log)).port if proxy else server.port
        # distinct tags: every Idempotency-Key is new, so every accepted request is a new log
        warmup, seconds = (PAIR_WARMUP, args.pair_seconds) if paired else (args.warmup, args.seconds)
        warm = _load(scenario, port, work, creds, f"{tag}w", warmup, args.connections)
        load_before = machine_load()
        measured = _load(scenario, port, work, creds, tag, seconds, args.connections)
        load_after = machine_load()
        # One connection: the request's own latency, without the queue in front of it (a paired
        # floor counts only its req/s).
        single = (
            LoadResult(0, 0.0, 0.0, 0.0, 0.0, 0.0, {}, {})
            if paired
            else _load(scenario, port, work, creds, f"{tag}s", args.single, 1)
        )
        peaks = server.peak_rss_mb()
        log = server.log_text()
    ok, refused, errors = scenario.classify(measured)
    warm_ok, warm_refused, warm_errors = scenario.classify(warm)
    single_ok, single_refused, single_errors = scenario.classify(single)
    return {
        "via": via,
        "rps": round(measured.rps, 1),
        "p50_ms": round(measured.p50_ms, 2),
        "p90_ms": round(measured.p90_ms, 2),
        "p99_ms": round(measured.p99_ms, 2),
        "max_ms": round(measured.max_ms, 2),
        "requests": measured.requests,
        "ok": ok,
        "refused": refused,
        "errors": errors,
        "statuses": measured.statuses,
        "socket_errors": measured.socket_errors,
        "cache": measured.cache,
        "seconds": round(measured.seconds, 2),
        "warmup": {
            "requests": warm.requests,
            "ok": warm_ok,
            "refused": warm_refused,
            "errors": warm_errors,
            "statuses": warm.statuses,
            "cache": warm.cache,
            "points": warm.points,
        },
        "single": {
            "rps": round(single.rps, 1),
            "p50_ms": round(single.p50_ms, 2),
            "p99_ms": round(single.p99_ms, 2),
            "requests": single.requests,
            "ok": single_ok,
            "refused": single_refused,
            "errors": single_errors,
            "statuses": single.statuses,
            "cache": single.cache,
            "points": single.points,
        },
        "points_reported": measured.points,
        "database_locked": log.count("database is locked"),
        "tracebacks": log.count("Traceback (most recent call last)"),
        "proxy_errors": _proxy_errors(nginx_log) if proxy else None,
        "peak_rss_mb": peaks,
        "peak_rss_mb_max": max(peaks.values(), default=0.0),
        "load_before": load_before,
        "load_after": load_after,
    }


def _proxy_errors(nginx_log: Path) -> int:
    """Lines nginx logged at [error] or worse (an upstream refused or timed out, a 502)."""
    if not nginx_log.exists():
        return 0
    text_ = nginx_log.read_text(errors="replace")
    return sum(
        f"[{level}]" in line for line in text_.splitlines() for level in ("error", "crit", "alert", "emerg")
    )


def _say_result(scenario: Scenario, result: dict[str, Any]) -> None:
    cache = result["cache"]
    say(
        f"    {scenario.name:<17}{' via nginx' if result['via'] == 'nginx' else '':<10}"
        f" {result['rps']:>8.1f} req/s  p50 {result['p50_ms']:>7.2f} ms"
        f"  p99 {result['p99_ms']:>8.2f} ms  errors {result['errors']}"
        + (f"  refused {result['refused']}" if scenario.mode == "log" else "")
        + f"  RSS {result['peak_rss_mb_max']:.0f} MB  (load {result['load_after']['load_1m']})"
        + f"  1 conn: p50 {result['single']['p50_ms']:.2f} ms"
        + (
            "  X-Cache-Status " + ", ".join(f"{k} {v}" for k, v in sorted(cache.items()))
            if result["via"] == "nginx"
            else ""
        )
    )


def _write_check(url: str, before: Any, results: list[dict[str, Any]]) -> dict[str, Any]:
    """The ledger against every accepted log of the write loads (direct and through nginx)."""
    accepted = sum(r["ok"] + r["warmup"]["ok"] + r["single"]["ok"] for r in results)
    check = WriteCheck(
        before=before,
        after=totals(url),
        accepted=accepted,
        points_per_log=points_per_log(url),
        reported_points=sum(
            r["points_reported"] + r["warmup"]["points"] + r["single"]["points"] for r in results
        ),
    )
    say(
        f"    ledger check: {'OK' if check.ok else 'FAILED'} — {accepted} accepted logs, "
        f"ledger +{check.as_dict()['ledger_gain']} points, score rows consistent: "
        f"{check.after.consistent()}"
    )
    return check.as_dict()


def run_once(url: str, args: argparse.Namespace, work: Path, tag: str) -> dict[str, Any]:
    scenarios = [s for s in SCENARIOS if not args.only or s.name in args.only]
    outcome: dict[str, Any] = {"scenarios": {}}
    if args.proxy:
        outcome["proxied"] = {}
    before = totals(url)
    creds = (
        credentials(url, work)
        if any(s.mode != "get" for s in scenarios)
        else {"cookie": [], "token": [], "login_peak_rss_mb": None}
    )
    outcome["login_peak_rss_mb"] = creds["login_peak_rss_mb"]
    if creds["login_peak_rss_mb"] is not None:
        # The 50 Argon2 checks (64 MiB each) leave the kernel reclaiming memory for a while: the
        # first scenarios after them measured at half speed (hello world 2.1k then 5.2k req/s).
        time.sleep(SETTLE_SECONDS)
    floor = next((s for s in scenarios if s.name == "hello-world"), None)
    pairs: dict[str, list[float]] = {"scenarios": [], "proxied": []}
    for scenario in scenarios:
        if floor is not None and scenario is not floor and args.pair_seconds > 0:
            _pair_floor(floor, url, args, work, creds, f"{tag}{scenario.name[:3]}", pairs)
        result = run_scenario(scenario, url, args, work, creds, tag)
        outcome["scenarios"][scenario.name] = result
        _say_result(scenario, result)
        writes = [result]
        if args.proxy:
            proxied = run_scenario(scenario, url, args, work, creds, f"{tag}n", proxy=True)
            outcome["proxied"][scenario.name] = proxied
            _say_result(scenario, proxied)
            writes.append(proxied)
        if scenario.mode == "log":
            outcome["write_check"] = _write_check(url, before, writes)
    if floor is not None:
        _measure_floor_again(floor, url, args, work, creds, tag, outcome)
        _record_pairs(scenarios, floor, outcome, pairs)
    _say_overhead(outcome)
    if "log-action" not in outcome["scenarios"]:
        outcome["consistency_check"] = {"ok": before.consistent(), "totals": before.as_dict()}
    return outcome


def _say_overhead(outcome: dict[str, Any]) -> None:
    for key, via in (("scenarios", ""), ("proxied", " through nginx")):
        done = outcome.get(key, {})
        if "hello-world" in done and "healthz" in done and done["hello-world"]["rps"]:
            floor = done["healthz"].get("floor_rps") or done["hello-world"]["rps"]
            say(f"    per-request overhead{via}: healthz {done['healthz']['rps'] / floor:.2f}× hello world")


def _measure_floor_again(
    floor: Scenario,
    url: str,
    args: argparse.Namespace,
    work: Path,
    creds: dict[str, Any],
    tag: str,
    outcome: dict[str, Any],
) -> None:
    """Hello world once more, after the app's endpoints: the first measurement of a run follows
    the Argon2 logins and moved between 2.9k and 7.2k req/s. The floor is what the stack can do,
    so the better of the two counts; both are recorded ("floor_runs")."""
    for key, proxy in (("scenarios", False), ("proxied", True)):
        first = outcome.get(key, {}).get(floor.name)
        if first is None:
            continue
        again = run_scenario(floor, url, args, work, creds, f"{tag}f{int(proxy)}", proxy=proxy)
        _say_result(floor, again)
        best = again if again["rps"] > first["rps"] else first
        outcome[key][floor.name] = best | {"floor_runs": [first["rps"], again["rps"]]}


def _pair_floor(
    floor: Scenario,
    url: str,
    args: argparse.Namespace,
    work: Path,
    creds: dict[str, Any],
    tag: str,
    pairs: dict[str, list[float]],
) -> None:
    """A short hello world right before the next endpoint (and through nginx with --proxy)."""
    for key, proxy in (("scenarios", False), ("proxied", True)):
        if proxy and not args.proxy:
            continue
        paired = run_scenario(floor, url, args, work, creds, f"{tag}p{int(proxy)}", proxy=proxy, paired=True)
        pairs[key].append(paired["rps"])
        say(f"      floor before it{' via nginx' if proxy else ''}: {paired['rps']:.1f} req/s")


def _record_pairs(
    scenarios: list[Scenario], floor: Scenario, outcome: dict[str, Any], pairs: dict[str, list[float]]
) -> None:
    """Each endpoint's "floor_rps": the better of the floor measured right before it and the one
    right after it (before the next endpoint, or the run's closing hello world)."""
    others = [s for s in scenarios if s is not floor]
    for key, measured in pairs.items():
        done = outcome.get(key, {})
        if len(measured) != len(others) or floor.name not in done:
            continue
        after = [*measured[1:], done[floor.name]["floor_runs"][-1]]
        for scenario, before_rps, after_rps in zip(others, measured, after, strict=True):
            done[scenario.name]["floor_rps"] = max(before_rps, after_rps)
            done[scenario.name]["floor_pair"] = [before_rps, after_rps]


def sqlite_runs(args: argparse.Namespace, today: Any, record: Callable[..., None]) -> None:
    for size in args.sizes:
        source, meta = dataset.sqlite_dataset(size, today=today, say=say)
        record("sqlite", size, meta=meta)
        for run in range(1, args.runs + 1):
            say(f"  SQLite, {size} logs, run {run}/{args.runs}")
            work = CACHE / "work" / f"sqlite-{size}"
            work.mkdir(parents=True, exist_ok=True)
            url = dataset.sqlite_copy(source, f"sqlite-{size}")
            record(
                "sqlite", size, run=run, outcome=run_once(url, args, work, f"s{size}r{run}{int(time.time())}")
            )


def postgres_runs(args: argparse.Namespace, today: Any, record: Callable[..., None]) -> None:
    from bench.pgserver import BenchPostgres

    with BenchPostgres(CACHE / "postgresql") as server:
        for size in args.sizes:
            template, meta = dataset.postgres_dataset(server, size, today=today, say=say)
            record("postgresql", size, meta=meta)
            for run in range(1, args.runs + 1):
                say(f"  PostgreSQL, {size} logs, run {run}/{args.runs}")
                work = CACHE / "work" / f"postgresql-{size}"
                work.mkdir(parents=True, exist_ok=True)
                url = server.copy(template, f"run_{size.lower()}")
                record(
                    "postgresql",
                    size,
                    run=run,
                    outcome=run_once(url, args, work, f"p{size}r{run}{int(time.time())}"),
                )
                server.drop(f"run_{size.lower()}")


def proxy_info() -> dict[str, Any]:
    """Which nginx, with how many workers, from which rules."""
    from bench.proxy import WORKER_PROCESSES

    version = subprocess.run([nginx_path(), "-v"], capture_output=True, text=True, check=False)  # noqa: S603
    return {
        "nginx": version.stderr.strip().removeprefix("nginx version: "),
        "worker_processes": WORKER_PROCESSES,
        "config": "deploy/klimadyst-http.conf + deploy/klimadyst-server.conf (bench/proxy.py)",
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES") or "10k 100k 1M")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS") or 3))
    parser.add_argument("--databases", default=os.environ.get("BENCH_DATABASES") or "sqlite postgresql")
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("BENCH_SECONDS") or 10),
        help="measured seconds per endpoint (after the warm-up)",
    )
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument(
        "--pair-seconds",
        type=float,
        default=float(os.environ.get("BENCH_PAIR_SECONDS") or 5),
        help="seconds of hello world measured right before each endpoint, its own floor (0: off)",
    )
    parser.add_argument(
        "--single",
        type=float,
        default=3.0,
        help="seconds on one connection after the load (latency without queue)",
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=int(os.environ.get("BENCH_CONNECTIONS") or 16),
        help="concurrent keep-alive connections wrk holds open",
    )
    parser.add_argument(
        "--proxy",
        action="store_true",
        default=(os.environ.get("BENCH_PROXY") or "0").lower() in {"1", "yes", "true"},
        help="also run every endpoint through nginx (deploy/nginx.conf; env BENCH_PROXY=1)",
    )
    parser.add_argument(
        "--municipalities",
        type=int,
        default=int(os.environ.get("BENCH_MUNICIPALITIES") or 1),
        help="also measure every size spread over this many municipalities (Køge and synthetic "
        "ones; Køge's board is compared with Køge alone: the 'board of one municipality' target)",
    )
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.sizes = list(dataset.iter_sizes(args.sizes, municipalities=args.municipalities))
    args.databases = [d for d in re.split(r"[ ,]+", args.databases.strip()) if d]
    args.only = {s for s in args.only.split(",") if s}
    unknown = args.only - {s.name for s in SCENARIOS}
    if unknown:
        parser.error(f"unknown scenario {', '.join(sorted(unknown))}: {', '.join(s.name for s in SCENARIOS)}")
    return args


def main() -> None:
    args = parse_args()
    started = datetime.now(UTC)
    today = local_date(utcnow())
    env = {"GUNICORN_BIND": "127.0.0.1:0"}
    data: dict[str, Any] = {
        "started": started.isoformat(timespec="seconds"),
        "command": "python -m bench.run "
        + " ".join(
            [
                f"--sizes {','.join(args.sizes)}",
                f"--runs {args.runs}",
                f"--databases {','.join(args.databases)}",
                f"--seconds {args.seconds:g}",
                f"--warmup {args.warmup:g}",
                f"--single {args.single:g}",
                f"--pair-seconds {args.pair_seconds:g}",
                f"--connections {args.connections}",
            ]
            + (["--proxy"] if args.proxy else [])
            + ([f"--municipalities {args.municipalities}"] if args.municipalities > 1 else [])
            + ([f"--only {','.join(sorted(args.only))}"] if args.only else [])
        ),
        "git": subprocess.run(
            ["git", "describe", "--always", "--dirty"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "kernel": platform.release(),
            "load_at_start": machine_load(),
        },
        "gunicorn": gunicorn_settings(env),
        "bench_environment": BENCH_LIMITS,
        "proxy": proxy_info() if args.proxy else None,
        "load": {
            "tool": "wrk (bench/load.lua); writes: bench/writer.py",
            "connections": args.connections,
            "threads": 1,
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "single_connection_seconds": args.single,
            "users": USERS,
            "write_action": WRITE_ACTION,
        },
        "datasets": {},
        "runs": [],
    }

    def record(
        db: str,
        size: str,
        *,
        meta: dict[str, Any] | None = None,
        run: int = 0,
        outcome: dict[str, Any] | None = None,
    ) -> None:
        if meta is not None:
            data["datasets"].setdefault(db, {})[size] = meta
        if outcome is not None:
            data["runs"].append({"database": db, "size": size, "run": run, **outcome})

    say(
        f"bench: {', '.join(args.databases)}; sizes {', '.join(args.sizes)}; {args.runs} run(s); "
        f"gunicorn {data['gunicorn']}; load now {machine_load()['uptime']}"
    )
    for db in args.databases:
        runner = {"sqlite": sqlite_runs, "postgresql": postgres_runs}.get(db)
        if runner is None:
            raise SystemExit(f"unknown database {db!r}: sqlite or postgresql")
        runner(args, today, record)
    data["machine"]["load_at_end"] = machine_load()
    data["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    data["summary"] = report.summarise(data)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"bench-{started.strftime('%Y%m%d-%H%M')}"
    stem.with_suffix(".json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    stem.with_suffix(".md").write_text(report.markdown(data))
    for ratio in (t for t in data["summary"]["targets"] if t["target"].startswith("board of one")):
        say(f"  {DB_LABEL.get(ratio['database'], ratio['database'])}: {ratio['target']}: {ratio['value']}")
    say("")
    say(report.markdown(data))
    say(f"written: {stem.with_suffix('.json')}, {stem.with_suffix('.md')}")
    if any(not r.get("write_check", r.get("consistency_check", {"ok": True}))["ok"] for r in data["runs"]):
        raise SystemExit("the ledger check failed: score rows and ledger disagree")


if __name__ == "__main__":
    main()
