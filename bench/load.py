"""Load from a second process: wrk (Debian's package) with bench/load.lua, which counts responses."""

from __future__ import annotations

import asyncio
import json
import math
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LUA = Path(__file__).resolve().parent / "load.lua"


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    statuses: dict[str, int]
    socket_errors: dict[str, int]
    points: int = 0
    replayed: int = 0
    cache: dict[str, int] = field(default_factory=dict)  # by X-Cache-Status ("none": absent)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def count(self, *codes: int) -> int:
        return sum(self.statuses.get(str(code), 0) for code in codes)


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (bench/system-deps.sh)")
    return found


def run_wrk(url: str, *, seconds: float, connections: int, args: list[str], threads: int = 1) -> LoadResult:
    """One wrk run: `connections` keep-alive connections for `seconds`, a 30 s response timeout
    (a slow response is measured, not dropped). wrk takes whole seconds: a fraction is rounded up."""
    command = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{math.ceil(seconds)}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        url,
        "--",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH-JSON ")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("BENCH-JSON "))
    return LoadResult(
        requests=int(data["requests"]),
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        statuses={str(k): int(v) for k, v in data["statuses"].items()},
        socket_errors={str(k): int(v) for k, v in data["socket_errors"].items()},
        points=int(data["points"]),
        cache={str(k): int(v) for k, v in data.get("cache", {}).items()},
        raw=data,
    )


def run_writes(
    host: str,
    port: int,
    path: str,
    *,
    tokens: list[str],
    slug: str,
    tag: str,
    seconds: float,
    connections: int,
) -> LoadResult:
    """The write load through bench/writer.py: every response counted, in-flight ones too."""
    from bench.writer import WriteLoad, percentile

    load = WriteLoad(host=host, port=port, path=path, tokens=tokens, slug=slug, tag=tag)
    elapsed = asyncio.run(load.run(seconds, connections))
    ms = [value * 1000 for value in load.latencies]
    return LoadResult(
        requests=len(ms),
        seconds=elapsed,
        p50_ms=percentile(ms, 0.50),
        p90_ms=percentile(ms, 0.90),
        p99_ms=percentile(ms, 0.99),
        max_ms=max(ms, default=0.0),
        statuses=dict(load.statuses),
        socket_errors={"socket": load.socket_errors},
        points=load.points,
        replayed=load.replayed,
        cache=dict(load.cache),
    )
