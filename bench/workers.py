"""Which gunicorn worker model: an interleaved comparison (round robin, medians) on one dataset.

    python -m bench.workers                          # SQLite, 10k logs, 3 rounds
    python -m bench.workers --database postgresql --rounds 5

Each round starts every candidate in turn (WEB_CONCURRENCY, GUNICORN_THREADS,
GUNICORN_WORKER_CLASS, read by gunicorn.conf.py) and loads /healthz, the leaderboard page, the
citizen home and the write for a few seconds each; interleaving spreads the noise of a shared
machine over all candidates. Writes bench/results/workers-<database>-<size>-<date>.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.clock import local_date, utcnow
from bench import dataset
from bench.dataset import CACHE
from bench.load import run_writes, run_wrk
from bench.run import RESULTS, WRITE_ACTION, credentials
from bench.server import Gunicorn

CANDIDATES = {
    "sync × 3": ("sync", 3, 1),
    "sync × 5": ("sync", 5, 1),
    "gthread 2 × 4": ("gthread", 2, 4),
    "gthread 3 × 2": ("gthread", 3, 2),
    "gthread 3 × 4": ("gthread", 3, 4),
}
ENDPOINTS = ("healthz", "leaderboard-page", "citizen-home", "log-action")


def one(url: str, work: Path, creds: dict[str, Any], seconds: float, tag: str) -> dict[str, Any]:
    with Gunicorn(url, work / "workers.log") as server:
        run_wrk(server.base_url + "/resultater", seconds=1, connections=16, args=["get"])
        out: dict[str, Any] = {}
        for name, path, args in (
            ("healthz", "/healthz", ["get"]),
            ("leaderboard-page", "/resultater", ["get"]),
            ("citizen-home", "/hjem", ["cookie", str(work / "cookies.txt")]),
        ):
            result = run_wrk(server.base_url + path, seconds=seconds, connections=16, args=args)
            out[name] = (result.rps, result.p50_ms, result.p99_ms)
        result = run_writes(
            "127.0.0.1",
            server.port,
            "/api/v1/logs",
            tokens=creds["token"],
            slug=WRITE_ACTION,
            tag=tag,
            seconds=seconds,
            connections=16,
        )
        out["log-action"] = (result.rps, result.p50_ms, result.p99_ms)
        out["rss"] = max(server.peak_rss_mb().values(), default=0.0)
        out["load"] = round(os.getloadavg()[0], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--size", default="10k")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4)
    args = parser.parse_args()
    size = next(dataset.iter_sizes(args.size))
    work = CACHE / "work" / f"workers-{args.database}"
    work.mkdir(parents=True, exist_ok=True)
    today = local_date(utcnow())
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in CANDIDATES}
    started = datetime.now(UTC)

    def rounds(url: str) -> None:
        creds = credentials(url, work)
        for round_no in range(args.rounds):
            for name, (kind, workers, threads) in CANDIDATES.items():
                os.environ.update(
                    {
                        "GUNICORN_WORKER_CLASS": kind,
                        "WEB_CONCURRENCY": str(workers),
                        "GUNICORN_THREADS": str(threads),
                    }
                )
                out = one(url, work, creds, args.seconds, f"w{round_no}{workers}{threads}{time.time_ns()}")
                results[name].append(out)
                print(round_no, name, out, flush=True)

    if args.database == "sqlite":
        source, _meta = dataset.sqlite_dataset(size, today=today, say=print)
        rounds(dataset.sqlite_copy(source, f"workers-{size}"))
    else:
        from bench.pgserver import BenchPostgres

        with BenchPostgres(CACHE / "postgresql") as server:
            template, _meta = dataset.postgres_dataset(server, size, today=today, say=print)
            rounds(server.copy(template, "workers"))
            server.drop("workers")
    lines = [
        f"# Worker models: {args.database}, {size} logs, {started.isoformat(timespec='seconds')}",
        "",
        f"`python -m bench.workers --database {args.database} --size {size} --rounds "
        f"{args.rounds} --seconds {args.seconds:g}`; 16 connections; medians over the rounds "
        "(req/s, p50 ms, p99 ms); machine load (1 min) after each candidate in the last column.",
        "",
        "| candidate | " + " | ".join(ENDPOINTS) + " | peak RSS MB | load |",
        "|---|" + "---:|" * (len(ENDPOINTS) + 2),
    ]
    for name, outs in results.items():
        cells = []
        for endpoint in ENDPOINTS:
            rps, p50, p99 = (statistics.median(o[endpoint][i] for o in outs) for i in range(3))
            cells.append(f"{rps:.0f} /s, {p50:.0f} / {p99:.0f} ms")
        loads = ", ".join(str(o["load"]) for o in outs)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {max(o['rss'] for o in outs):.0f} | {loads} |")
    out_path = RESULTS / f"workers-{args.database}-{size.lower()}-{started.strftime('%Y%m%d-%H%M')}.md"
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"written: {out_path}")


if __name__ == "__main__":
    main()
