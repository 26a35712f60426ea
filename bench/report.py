"""Medians over runs, the targets of issue 7, and the Markdown report."""

from __future__ import annotations

import statistics
from typing import Any

RATIO_TARGETS = {"leaderboard-page": 0.35, "leaderboard-api": 0.5, "citizen-home": 0.3,
                 "log-action": 0.15}
FLAT_COST = 1.3  # leaderboard p50 at the largest size within this factor of the smallest
RSS_LIMIT_MB = 150.0
DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def summarise(data: dict[str, Any]) -> dict[str, Any]:
    """{database: {size: {scenario: medians and totals over the runs}}}."""
    grouped: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
    checks: dict[str, dict[str, list[bool]]] = {}
    for run in data["runs"]:
        for name, result in run["scenarios"].items():
            grouped.setdefault(run["database"], {}).setdefault(run["size"], {}).setdefault(
                name, []).append(result)
        check = run.get("write_check") or run.get("consistency_check")
        if check is not None:
            checks.setdefault(run["database"], {}).setdefault(run["size"], []).append(check["ok"])
    summary: dict[str, Any] = {}
    for db, sizes in grouped.items():
        for size, scenarios in sizes.items():
            base = scenarios.get("healthz")
            base_rps = statistics.median(r["rps"] for r in base) if base else None
            row: dict[str, Any] = {}
            for name, results in scenarios.items():
                rps = statistics.median(r["rps"] for r in results)
                row[name] = {
                    "runs": len(results),
                    "rps": round(rps, 1),
                    "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 2),
                    "p99_ms": round(statistics.median(r["p99_ms"] for r in results), 2),
                    "errors": sum(r["errors"] for r in results),
                    "refused": sum(r["refused"] for r in results),
                    "database_locked": sum(r["database_locked"] for r in results),
                    "ratio": round(rps / base_rps, 3) if base_rps else None,
                    "peak_rss_mb": max(r["peak_rss_mb_max"] for r in results),
                    "rps_runs": [r["rps"] for r in results],
                }
            row["ledger_check_ok"] = all(checks.get(db, {}).get(size, [True]))
            summary.setdefault(db, {})[size] = row
    summary["targets"] = targets(summary)
    return summary


def targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for db, sizes in summary.items():
        if db == "targets":
            continue
        names = list(sizes)
        for size, row in sizes.items():
            for name, goal in RATIO_TARGETS.items():
                if name in row and row[name]["ratio"] is not None:
                    out.append({"database": db, "size": size, "target": f"{name} ≥ {goal}× healthz",
                                "value": row[name]["ratio"], "met": row[name]["ratio"] >= goal})
            if "log-action" in row:
                clean = row["log-action"]["errors"] == 0 and row["log-action"]["database_locked"] == 0
                out.append({"database": db, "size": size,
                            "target": "log-action: 0 errors, 0 'database is locked'",
                            "value": f"{row['log-action']['errors']} errors, "
                                     f"{row['log-action']['database_locked']} locked",
                            "met": clean})
            out.append({"database": db, "size": size, "target": "ledger = score rows (= accepted × points)",
                        "value": "ok" if row["ledger_check_ok"] else "FAILED",
                        "met": row["ledger_check_ok"]})
        if len(names) > 1:
            small, large = names[0], names[-1]
            for name in ("leaderboard-page", "leaderboard-api"):
                if name in sizes[small] and name in sizes[large]:
                    factor = sizes[large][name]["p50_ms"] / sizes[small][name]["p50_ms"]
                    out.append({"database": db, "size": f"{large} vs {small}",
                                "target": f"{name} p50 flat (≤ {FLAT_COST}×)",
                                "value": round(factor, 2), "met": factor <= FLAT_COST})
        largest = names[-1]
        rss = max(r["peak_rss_mb"] for k, r in sizes[largest].items() if isinstance(r, dict))
        out.append({"database": db, "size": largest, "target": f"peak RSS per worker ≤ {RSS_LIMIT_MB:g} MB",
                    "value": rss, "met": rss <= RSS_LIMIT_MB})
    return out


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def markdown(data: dict[str, Any]) -> str:
    summary = data["summary"]
    g = data["gunicorn"]
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
        "VmHWM of any worker.",
        "",
    ]
    for db, sizes in summary.items():
        if db == "targets":
            continue
        lines += [f"## {DB_NAMES.get(db, db)}", "",
                  "| logs | endpoint | req/s | p50 ms | p99 ms | errors | refused | × healthz "
                  "| peak RSS MB |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for size, row in sizes.items():
            for name, r in row.items():
                if not isinstance(r, dict):
                    continue
                lines.append(
                    f"| {size} | {name} | {_fmt(r['rps'])} | {_fmt(r['p50_ms'], 2)} | "
                    f"{_fmt(r['p99_ms'], 2)} | {r['errors']} | {r['refused']} | "
                    f"{_fmt(r['ratio'], 2)} | {_fmt(r['peak_rss_mb'])} |")
        lines.append("")
    lines += ["## Targets", "", "| database | size | target | value | met |", "|---|---|---|---|---|"]
    for t in summary["targets"]:
        lines.append(f"| {DB_NAMES.get(t['database'], t['database'])} | {t['size']} | {t['target']} "
                     f"| {t['value']} | {'yes' if t['met'] else '**no**'} |")
    lines += ["", "## Datasets", "", "| database | logs | citizens | schema + seed s | bulk insert s "
              "| `flask scores rebuild` s |", "|---|---:|---:|---:|---:|---:|"]
    for db, sizes in data["datasets"].items():
        for _size, meta in sizes.items():
            lines.append(f"| {DB_NAMES.get(db, db)} | {meta['logs']:,} | {meta['citizens']:,} | "
                         f"{meta['seconds_schema']} | {meta['seconds_insert']} | "
                         f"{meta['seconds_rebuild']} |")
    return "\n".join(lines) + "\n"
