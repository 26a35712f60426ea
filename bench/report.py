"""Medians over runs, the targets of issue 15, and the Markdown report.

    python -m bench.report bench/results/bench-….json   # the report again, from a run's JSON

Ratios are to the floor, a hello-world Flask app under the same gunicorn configuration in the same
run (bench/hello.py). Runs recorded before it existed have no hello-world: their ratios are to
/healthz, as they were then, and say so.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

FLOOR = "hello-world"
OLD_FLOOR = "healthz"  # the floor of runs recorded before hello-world
# the citizen home is judged twice: a reload served from its session's kept copy, and rendered
RATIO_TARGETS = {
    "leaderboard-page": 0.35,
    "leaderboard-api": 0.5,
    "citizen-home": 0.15,
    "citizen-home-render": 0.15,
    "log-action": 0.08,
}
OVERHEAD = "healthz"  # its ratio to hello world: what the app's per-request machinery costs
FLAT_COST = 1.3  # p50 at the largest size within this factor of the smallest, for each endpoint
RSS_LIMIT_MB = 150.0
# "Board of one municipality": Køge's boards on a dataset spread over many municipalities (a size
# such as "1Mx20", bench/dataset.py) against the same number of logs in Køge alone.
MUNICIPALITY_BOARDS = ("leaderboard-page", "leaderboard-api")
MUNICIPALITY_FACTOR = 1.3
# personal: through nginx, never answered from its cache
NEVER_CACHED = ("citizen-home", "citizen-home-render", "log-action")
FROM_CACHE = ("HIT", "STALE", "UPDATING", "REVALIDATED")  # X-Cache-Status of an answer nginx kept
DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
Results = dict[str, dict[str, dict[str, list[dict[str, Any]]]]]


def _cache_counts(results: list[dict[str, Any]]) -> dict[str, int]:
    """X-Cache-Status over every response of the runs: warm-up, measured and single connection."""
    counts: dict[str, int] = {}
    for r in results:
        for part in (r, r.get("warmup", {}), r.get("single", {})):
            for key, n in part.get("cache", {}).items():
                counts[key] = counts.get(key, 0) + n
    return counts


def _stats(results: list[dict[str, Any]], base_rps: float | None) -> dict[str, Any]:
    rps = statistics.median(r["rps"] for r in results)
    return {
        "runs": len(results),
        "rps": round(rps, 1),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 2),
        "p99_ms": round(statistics.median(r["p99_ms"] for r in results), 2),
        "single_p50_ms": round(statistics.median(r["single"]["p50_ms"] for r in results), 2),
        "single_p99_ms": round(statistics.median(r["single"]["p99_ms"] for r in results), 2),
        "errors": sum(r["errors"] for r in results),
        "refused": sum(r["refused"] for r in results),
        "database_locked": sum(r["database_locked"] for r in results),
        "ratio": _ratio(results, rps, base_rps),
        "peak_rss_mb": max(r["peak_rss_mb_max"] for r in results),
        "rps_runs": [r["rps"] for r in results],
        "floor_rps_runs": [r.get("floor_rps") for r in results],
        "cache": _cache_counts(results),
        "proxy_errors": sum(r.get("proxy_errors") or 0 for r in results),
    }


def _ratio(results: list[dict[str, Any]], rps: float, base_rps: float | None) -> float | None:
    """With a floor measured beside every run of the endpoint (bench/run.py, from 4 Dec evening):
    the median of the per-run ratios, each to the better floor around it, so a slow phase of the
    machine lowers both sides alike. Otherwise the median req/s over the runs' median floor."""
    if results and all(r.get("floor_rps") for r in results):
        return round(statistics.median(r["rps"] / r["floor_rps"] for r in results), 3)
    return round(rps / base_rps, 3) if base_rps else None


def _floor(scenarios: dict[str, list[dict[str, Any]]]) -> tuple[str | None, float | None]:
    for name in (FLOOR, OLD_FLOOR):
        if name in scenarios:
            return name, statistics.median(r["rps"] for r in scenarios[name])
    return None, None


def _group(data: dict[str, Any], key: str) -> Results:
    grouped: Results = {}
    for run in data["runs"]:
        for name, result in run.get(key, {}).items():
            grouped.setdefault(run["database"], {}).setdefault(run["size"], {}).setdefault(name, []).append(
                result
            )
    return grouped


def summarise(data: dict[str, Any]) -> dict[str, Any]:
    """{database: {size: {scenario: medians and totals over the runs, "proxy": the same through
    nginx}}}, and the targets."""
    direct, proxied = _group(data, "scenarios"), _group(data, "proxied")
    checks: dict[str, dict[str, list[bool]]] = {}
    logins: dict[tuple[str, str], list[float]] = {}
    for run in data["runs"]:
        if run.get("login_peak_rss_mb"):
            logins.setdefault((run["database"], run["size"]), []).append(run["login_peak_rss_mb"])
        check = run.get("write_check") or run.get("consistency_check")
        if check is not None:
            checks.setdefault(run["database"], {}).setdefault(run["size"], []).append(check["ok"])
    summary: dict[str, Any] = {}
    for db, sizes in direct.items():
        for size, scenarios in sizes.items():
            floor, base_rps = _floor(scenarios)
            via = proxied.get(db, {}).get(size, {})
            proxy_floor, proxy_base = _floor(via)
            row: dict[str, Any] = {}
            for name, results in scenarios.items():
                row[name] = _stats(results, base_rps)
                if name in via:
                    row[name]["proxy"] = _stats(via[name], proxy_base)
            row["floor"] = floor
            row["proxy_floor"] = proxy_floor
            row["ledger_check_ok"] = all(checks.get(db, {}).get(size, [True]))
            row["login_peak_rss_mb"] = max(logins.get((db, size), [0.0]))
            summary.setdefault(db, {})[size] = row
    summary["targets"] = targets(summary)
    return summary


def _endpoints(row: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in row.items() if isinstance(r, dict)}


def _ratio_targets(db: str, size: str, row: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    direct = _endpoints(row)
    proxied = {name: r["proxy"] for name, r in direct.items() if "proxy" in r}
    for suffix, floor, results in (
        ("", row.get("floor"), direct),
        (" via nginx", row.get("proxy_floor"), proxied),
    ):
        for name, goal in RATIO_TARGETS.items():
            if name in results and results[name]["ratio"] is not None:
                out.append(
                    {
                        "database": db,
                        "size": size,
                        "target": f"{name}{suffix} ≥ {goal}× {floor}{suffix}",
                        "value": results[name]["ratio"],
                        "met": results[name]["ratio"] >= goal,
                    }
                )
        if floor == FLOOR and OVERHEAD in results and results[OVERHEAD]["ratio"] is not None:
            out.append(
                {
                    "database": db,
                    "size": size,
                    "target": f"{OVERHEAD}{suffix} × {FLOOR}{suffix}: per-request overhead (no target)",
                    "value": results[OVERHEAD]["ratio"],
                    "met": None,
                }
            )
    return out


def _write_targets(db: str, size: str, row: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    write = row.get("log-action")
    for suffix, r in (("", write), (" via nginx", (write or {}).get("proxy"))):
        if r is not None:
            out.append(
                {
                    "database": db,
                    "size": size,
                    "target": f"log-action{suffix}: 0 errors, 0 'database is locked'",
                    "value": f"{r['errors']} errors, {r['database_locked']} locked",
                    "met": r["errors"] == 0 and r["database_locked"] == 0,
                }
            )
    for name in NEVER_CACHED:
        proxied = row.get(name, {}).get("proxy")
        if proxied is None:
            continue
        cache = proxied["cache"]
        served = sum(cache.get(k, 0) for k in FROM_CACHE)
        out.append(
            {
                "database": db,
                "size": size,
                "target": f"{name} via nginx: never answered from the cache",
                "value": ", ".join(f"{k} {n}" for k, n in sorted(cache.items())) or "no responses",
                "met": served == 0 and bool(cache),
            }
        )
    return out


def _size_targets(db: str, size: str, row: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        *_ratio_targets(db, size, row),
        *_write_targets(db, size, row),
        {
            "database": db,
            "size": size,
            "target": "ledger = score rows (= accepted × points)",
            "value": "ok" if row["ledger_check_ok"] else "FAILED",
            "met": row["ledger_check_ok"],
        },
    ]


def _flat_cost(db: str, small: dict[str, Any], large: dict[str, Any], label: str) -> list[dict[str, Any]]:
    out = []
    for name in RATIO_TARGETS:
        if name not in small or name not in large:
            continue
        for field, how in (("single_p50_ms", "1 connection"), ("p50_ms", "under load")):
            if not small[name][field]:
                continue
            factor = large[name][field] / small[name][field]
            out.append(
                {
                    "database": db,
                    "size": label,
                    "target": f"{name} p50 flat, {how} (≤ {FLAT_COST}×)",
                    "value": f"{factor:.2f} ({small[name][field]:.2f} → {large[name][field]:.2f} ms)",
                    "met": factor <= FLAT_COST,
                }
            )
    return out


def municipality_ratios(db: str, sizes: dict[str, Any]) -> list[dict[str, Any]]:
    """For every "<size>x<n>" measured beside "<size>": the p50 of Køge's board (page and API)
    on the n-municipality dataset ÷ its p50 with the same logs in Køge alone (≤ 1.3×)."""
    out = []
    for size, row in sizes.items():
        base, mark, count = size.partition("x")
        if not mark or base not in sizes:
            continue
        alone = _endpoints(sizes[base])
        for name in MUNICIPALITY_BOARDS:
            shared = _endpoints(row).get(name)
            if shared is None or name not in alone or not alone[name]["p50_ms"]:
                continue
            factor = shared["p50_ms"] / alone[name]["p50_ms"]
            out.append(
                {
                    "database": db,
                    "size": size,
                    "target": f"board of one municipality: {name} p50 of {count} municipalities "
                    f"÷ one, {base} logs (≤ {MUNICIPALITY_FACTOR}×)",
                    "value": f"{factor:.2f} ({alone[name]['p50_ms']:.2f} → {shared['p50_ms']:.2f} ms)",
                    "met": factor <= MUNICIPALITY_FACTOR,
                }
            )
    return out


def targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for db, sizes in summary.items():
        if db == "targets":
            continue
        for size, row in sizes.items():
            out += _size_targets(db, size, row)
        names = [name for name in sizes if "x" not in name]  # the flat cost is of Køge alone
        if len(names) > 1:
            out += _flat_cost(db, sizes[names[0]], sizes[names[-1]], f"{names[-1]} vs {names[0]}")
        out += municipality_ratios(db, sizes)
        names = list(sizes)
        largest = names[-1]
        rss = max(
            max(r["peak_rss_mb"], (r.get("proxy") or {}).get("peak_rss_mb", 0.0))
            for r in _endpoints(sizes[largest]).values()
        )
        out.append(
            {
                "database": db,
                "size": largest,
                "target": f"peak RSS per worker ≤ {RSS_LIMIT_MB:g} MB",
                "value": rss,
                "met": rss <= RSS_LIMIT_MB,
            }
        )
    return out


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _cache_text(cache: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(cache.items())) or "–"


def _table(db: str, sizes: dict[str, Any]) -> list[str]:
    floors = {row.get("floor") for row in sizes.values()}
    floor = "hello" if floors == {FLOOR} else "/".join(sorted(str(f) for f in floors))
    proxied = any("proxy" in r for row in sizes.values() for r in _endpoints(row).values())
    head = (
        f"| logs | endpoint | req/s | p50 ms | p99 ms | errors | refused | × {floor} "
        "| peak RSS MB | 1 conn. p50 / p99 ms |"
    )
    rule = "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    if proxied:
        head += f" nginx req/s | nginx p50 / p99 ms | nginx errors | nginx × {floor} | X-Cache-Status |"
        rule += "---:|---:|---:|---:|---|"
    lines = [f"## {DB_NAMES.get(db, db)}", "", head, rule]
    for size, row in sizes.items():
        for name, r in _endpoints(row).items():
            line = (
                f"| {size} | {name} | {_fmt(r['rps'])} | {_fmt(r['p50_ms'], 2)} | "
                f"{_fmt(r['p99_ms'], 2)} | {r['errors']} | {r['refused']} | "
                f"{_fmt(r['ratio'], 2)} | {_fmt(r['peak_rss_mb'])} | "
                f"{_fmt(r['single_p50_ms'], 2)} / {_fmt(r['single_p99_ms'], 2)} |"
            )
            if proxied:
                n = r.get("proxy")
                line += (
                    f" {_fmt(n['rps'])} | {_fmt(n['p50_ms'], 2)} / {_fmt(n['p99_ms'], 2)} | "
                    f"{n['errors']} | {_fmt(n['ratio'], 2)} | {_cache_text(n['cache'])} |"
                    if n
                    else " – | – | – | – | – |"
                )
            lines.append(line)
    peak = max(row.get("login_peak_rss_mb") or 0.0 for row in sizes.values())
    if peak:  # no logins when only anonymous endpoints ran
        lines += [
            "",
            f"The separate server that checked the 50 citizens' passwords (Argon2, 64 MiB "
            f"per check) peaked at {peak:.0f} MB per worker.",
        ]
    return [*lines, ""]


def _met(met: bool | None) -> str:
    return "info" if met is None else ("yes" if met else "**no**")


def markdown(data: dict[str, Any]) -> str:
    summary = data["summary"]
    g = data["gunicorn"]
    proxy = data.get("proxy")
    lines = [
        f"# Benchmark {data['started']}",
        "",
        f"`{data['command']}` at `{data['git']}`; gunicorn {g.get('worker_class')} × "
        f"{g.get('workers')} workers × {g.get('threads')} threads; wrk, {data['load']['connections']}"
        f" connections, {data['load']['warmup_seconds']:g} s warm-up + {data['load']['seconds']:g} s "
        f"measured per endpoint; {data['machine']['cpus']} CPUs.",
        "",
        f"Machine load: start `{data['machine']['load_at_start']['uptime']}`, end "
        f"`{data['machine']['load_at_end']['uptime']}`.",
        "",
        "Medians over the runs; errors and refusals are totals over the runs; RSS is the highest "
        "VmHWM of any worker. Load columns: the measured run on the connections above; "
        '"1 conn.": the same endpoint right after, on a single connection (its latency '
        "without a queue). "
        + (
            "Ratios: req/s ÷ the hello-world Flask app's (bench/hello.py, same gunicorn "
            "configuration, same run), measured first and again last in each run, the better "
            "of the two counting (the first follows the logins and is the noisier; from 2 Dec "
            "evening a 20 s pause follows the logins)."
            + (
                " From 4 Dec evening every endpoint also has a short hello world of its own right "
                "before it; its ratio is then the median over the runs of its req/s ÷ the better "
                "of the floors measured right before and right after it, so the machine's slow "
                "phases (minutes at about half speed, hello world too) lower both sides alike."
                if any(
                    r.get("floor_rps_runs") and all(r["floor_rps_runs"])
                    for db, sizes in summary.items()
                    if db != "targets"
                    for row in sizes.values()
                    for r in _endpoints(row).values()
                )
                else ""
            )
            if any(
                row.get("floor") == FLOOR
                for db, sizes in summary.items()
                if db != "targets"
                for row in sizes.values()
            )
            else "Ratios: req/s ÷ /healthz's (this run predates the hello-world floor)."
        ),
        "",
    ]
    if proxy:
        lines += [
            f"nginx columns: the same load through nginx {proxy['nginx']} ({proxy['worker_processes']} "
            f"worker process(es); {proxy['config']}) in front of a fresh gunicorn, with an empty "
            "cache; its ratios are to hello world through nginx. X-Cache-Status counts every "
            "response of the endpoint (warm-up, measured, single connection) by nginx's cache "
            "status (none: the header was absent, as for a POST).",
            "",
        ]
    for db, sizes in summary.items():
        if db != "targets":
            lines += _table(db, sizes)
    lines += ["## Targets", "", "| database | size | target | value | met |", "|---|---|---|---|---|"]
    for t in summary["targets"]:
        lines.append(
            f"| {DB_NAMES.get(t['database'], t['database'])} | {t['size']} | {t['target']} "
            f"| {t['value']} | {_met(t['met'])} |"
        )
    lines += [
        "",
        "## Datasets",
        "",
        "| database | logs | municipalities | citizens | schema + seed s | bulk insert s | "
        "`flask scores rebuild` s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for db, sizes in data["datasets"].items():
        for _size, meta in sizes.items():
            lines.append(
                f"| {DB_NAMES.get(db, db)} | {meta['logs']:,} | {meta.get('municipalities', 1)} | "
                f"{meta['citizens']:,} | "
                f"{meta['seconds_schema']} | {meta['seconds_insert']} | "
                f"{meta['seconds_rebuild']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="The Markdown report of a bench run, from its JSON.")
    parser.add_argument("json", type=Path, help="bench/results/bench-<date>.json")
    parser.add_argument("--write", action="store_true", help="also rewrite the .md beside it")
    args = parser.parse_args()
    data = json.loads(args.json.read_text())
    data["summary"] = summarise(data)  # with today's targets
    text = markdown(data)
    if args.write:
        args.json.with_suffix(".md").write_text(text)
    print(text, end="")


if __name__ == "__main__":
    main()
