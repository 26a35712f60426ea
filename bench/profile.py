"""Where the time goes: py-spy samples the gunicorn workers while wrk (or the writer) loads one
endpoint; the summary lists the app's own functions by share of samples.

    python -m bench.profile                           # SQLite, 1M logs, every endpoint
    python -m bench.profile --database postgresql --size 10k --only citizen-home

A separate run from `make bench`: sampling costs the workers time, so its numbers are not the
benchmark's. py-spy is installed into bench/.cache/tools (pip) on first use. Writes
bench/results/profile-<database>-<size>-<date>.md.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.clock import local_date, utcnow
from bench import dataset
from bench.dataset import CACHE, ROOT
from bench.load import LoadResult, run_writes, run_wrk
from bench.run import RESULTS, SCENARIOS, WRITE_ACTION, Scenario, credentials
from bench.server import Gunicorn

TOOLS = CACHE / "tools"


def py_spy() -> Path:
    binary = TOOLS / "bin" / "py-spy"
    if not binary.exists():
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(TOOLS), "py-spy"], check=True
        )
    return binary


def frame_name(frame: str) -> str:
    """'render (app/web/htmx.py:25)' -> 'render (app/web/htmx.py)', for any absolute path."""
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("/site-packages/", str(ROOT) + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{name} ({path})"


def summarise(raw_files: list[Path], top: int = 25) -> tuple[int, list[tuple[str, float, float]]]:
    """(samples, [(frame, inclusive %, self %)]) — app frames and the libraries they call."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for path in raw_files:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            total += n
            frames = [frame_name(f) for f in stack.split(";")]
            for name in set(frames):
                inclusive[name] += n
            own[frames[-1]] += n
    if not total:
        return 0, []
    interesting = [
        name
        for name, _ in inclusive.most_common()
        if "(app/" in name or "(templates/" in name or name.startswith("root (")
    ]
    rows = [(name, 100 * inclusive[name] / total, 100 * own[name] / total) for name in interesting[:top]]
    hottest = [(name, 100 * inclusive[name] / total, 100 * n / total) for name, n in own.most_common(10)]
    return total, [*rows, ("— self time, any code —", 0.0, 0.0), *hottest]


@contextlib.contextmanager
def sampling(server: Gunicorn, seconds: float, folder: Path, name: str) -> Iterator[list[Path]]:
    binary = py_spy()
    files = [folder / f"{name}-{pid}.txt" for pid in server.worker_pids()]
    spies = [
        subprocess.Popen(  # noqa: S603
            [
                str(binary),
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(int(seconds)),
                "--rate",
                "250",
                "--format",
                "raw",
                "--nonblocking",
                "--output",
                str(path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid, path in zip(server.worker_pids(), files, strict=True)
    ]
    try:
        yield files
    finally:
        for spy in spies:
            spy.wait()


def profile(scenario: Scenario, url: str, work: Path, creds: dict[str, Any], seconds: float) -> str:
    with Gunicorn(url, work / f"profile-{scenario.name}.log", extra_env=dict(scenario.env)) as server:

        def load(secs: float, tag: str) -> LoadResult:
            if scenario.mode == "log":
                return run_writes(
                    "127.0.0.1",
                    server.port,
                    scenario.path,
                    tokens=creds["token"],
                    slug=WRITE_ACTION,
                    tag=tag,
                    seconds=secs,
                    connections=16,
                )
            args = ["cookie", str(work / "cookies.txt")] if scenario.mode == "cookie" else ["get"]
            return run_wrk(server.base_url + scenario.path, seconds=secs, connections=16, args=args)

        load(2, f"pw{datetime.now(UTC).timestamp():.0f}")
        with sampling(server, seconds, work, scenario.name) as files:
            result = load(seconds, f"pm{datetime.now(UTC).timestamp():.0f}")
    total, rows = summarise(files)
    lines = [
        f"### {scenario.label}",
        "",
        f"{result.rps:.1f} req/s under py-spy (250 Hz, every worker), {total} samples.",
        "",
        "| function (file) | inclusive % | self % |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {inc:.1f} | {own:.1f} |" for name, inc, own in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--size", default="1M")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--only", default="leaderboard-page,leaderboard-api,citizen-home,log-action")
    args = parser.parse_args()
    size = next(dataset.iter_sizes(args.size))
    today = local_date(utcnow())
    wanted = [s for s in SCENARIOS if s.name in args.only.split(",")]
    work = CACHE / "work" / f"profile-{args.database}-{size}"
    work.mkdir(parents=True, exist_ok=True)
    sections = []
    if args.database == "sqlite":
        source, _meta = dataset.sqlite_dataset(size, today=today, say=print)
        url = dataset.sqlite_copy(source, f"profile-{size}")
        creds = credentials(url, work)
        sections = [profile(s, url, work, creds, args.seconds) for s in wanted]
    else:
        from bench.pgserver import BenchPostgres

        with BenchPostgres(CACHE / "postgresql") as server:
            template, _meta = dataset.postgres_dataset(server, size, today=today, say=print)
            url = server.copy(template, f"profile_{size.lower()}")
            creds = credentials(url, work)
            sections = [profile(s, url, work, creds, args.seconds) for s in wanted]
            server.drop(f"profile_{size.lower()}")
    stamp = datetime.now(UTC)
    out = RESULTS / f"profile-{args.database}-{size.lower()}-{stamp.strftime('%Y%m%d-%H%M')}.md"
    RESULTS.mkdir(parents=True, exist_ok=True)
    out.write_text(
        f"# Profiles: {args.database}, {size} logs, {stamp.isoformat(timespec='seconds')}\n\n"
        "py-spy samples of every gunicorn worker while the endpoint is under load "
        "(16 connections). Inclusive: share of samples with the function on the stack; "
        "self: share spent in the function itself. Templates appear as `root` / "
        "`block_*` frames of the template file.\n\n" + "\n".join(sections)
    )
    print(out.read_text())
    print(f"written: {out}")


if __name__ == "__main__":
    main()
