"""Medians over runs, the targets of issue 7, and the Markdown report."""

from __future__ import annotations

import statistics
from typing import Any

RATIO_TARGETS = {"leaderboard-page": 0.35, "leaderboard-api": 0.5, "citizen-home": 0.3, "log-action": 0.15}
FLAT_COST = 1.3  # leaderboard p50 at the largest size within this factor of the smallest
RSS_LIMIT_MB = 150.0
DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def summarise(data: dict[str, Any]) -> dict[str, Any]:
    """{database: {size: {scenario: medians and totals over the runs}}}."""
    grouped: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
    checks: dict[str, dict[str, list[bool]]] = {}
    logins: dict[tuple[str, str], list[float]] = {}
    for run in data["runs"]:
        if run.get("login_peak_rss_mb"):
            logins.setdefault((run["database"], run["size"]), []).append(run["login_peak_rss_mb"])
        for name, result in run["scenarios"].items():
            grouped.setdefault(run["database"], {}).setdefault(run["size"], {}).setdefault(name, []).append(
                result
            )
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
                    "single_p50_ms": round(statistics.median(r["single"]["p50_ms"] for r in results), 2),
                    "single_p99_ms": round(statistics.median(r["single"]["p99_ms"] for r in results), 2),
                    "errors": sum(r["errors"] for r in results),
                    "refused": sum(r["refused"] for r in results),
                    "database_locked": sum(r["database_locked"] for r in results),
                    "ratio": round(rps / base_rps, 3) if base_rps else None,
                    "peak_rss_mb": max(r["peak_rss_mb_max"] for r in results),
                    "rps_runs": [r["rps"] for r in results],
                }
            row["ledger_check_ok"] = all(checks.get(db, {}).get(size, [True]))
            row["login_peak_rss_mb"] = max(logins.get((db, size), [0.0]))
            summary.setdefault(db, {})[size] = row
    summary["targets"] = targets(summary)
    return summary


def _size_targets(db: str, size: str, row: dict[str, Any]) -> list[dict[str, Any]]:
    out = [
        {
            "database": db,
            "size": size,
            "target": f"{name} ≥ {goal}× healthz",
            "value": row[name]["ratio"],
            "met": row[name]["ratio"] >= goal,
        }
        for name, goal in RATIO_TARGETS.items()
        if name in row and row[name]["ratio"] is not None
    ]
    if "log-action" in row:
        write = row["log-action"]
        out.append(
            {
                "database": db,
                "size": size,
                "target": "log-action: 0 errors, 0 'database is locked'",
                "value": f"{write['errors']} errors, {write['database_locked']} locked",
                "met": write["errors"] == 0 and write["database_locked"] == 0,
            }
        )
    out.append(
        {
            "database": db,
            "size": size,
            "target": "ledger = score rows (= accepted × points)",
            "value": "ok" if row["ledger_check_ok"] else "FAILED",
            "met": row["ledger_check_ok"],
        }
    )
    return out


def _flat_cost(db: str, small: dict[str, Any], large: dict[str, Any], label: str) -> list[dict[str, Any]]:
    out = []
    for name in ("leaderboard-page", "leaderboard-api"):
        if name not in small or name not in large:
            continue
        for field, how in (("single_p50_ms", "1 connection"), ("p50_ms", "under load")):
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


def targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for db, sizes in summary.items():
        if db == "targets":
            continue
        names = list(sizes)
        for size, row in sizes.items():
            out += _size_targets(db, size, row)
        if len(names) > 1:
            out += _flat_cost(db, sizes[names[0]], sizes[names[-1]], f"{names[-1]} vs {names[0]}")
        largest = names[-1]
        rss = max(r["peak_rss_mb"] for r in sizes[largest].values() if isinstance(r, dict))
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
        "VmHWM of any worker. Load columns: the measured run on the connections above; "
        '"1 conn.": the same endpoint right after, on a single connection (its latency '
        "without a queue).",
        "",
    ]
    for db, sizes in summary.items():
        if db == "targets":
            continue
        lines += [
            f"## {DB_NAMES.get(db, db)}",
            "",
            "| logs | endpoint | req/s | p50 ms | p99 ms | errors | refused | × healthz "
            "| peak RSS MB | 1 conn. p50 / p99 ms |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for size, row in sizes.items():
            for name, r in row.items():
                if not isinstance(r, dict):
                    continue
                lines.append(
                    f"| {size} | {name} | {_fmt(r['rps'])} | {_fmt(r['p50_ms'], 2)} | "
                    f"{_fmt(r['p99_ms'], 2)} | {r['errors']} | {r['refused']} | "
                    f"{_fmt(r['ratio'], 2)} | {_fmt(r['peak_rss_mb'])} | "
                    f"{_fmt(r['single_p50_ms'], 2)} / {_fmt(r['single_p99_ms'], 2)} |"
                )
        peaks = [row.get("login_peak_rss_mb") or 0.0 for row in sizes.values()]
        lines += [
            "",
            f"The separate server that checked the 50 citizens' passwords (Argon2, 64 MiB "
            f"per check) peaked at {max(peaks):.0f} MB per worker.",
            "",
        ]
    lines += ["## Targets", "", "| database | size | target | value | met |", "|---|---|---|---|---|"]
    for t in summary["targets"]:
        lines.append(
            f"| {DB_NAMES.get(t['database'], t['database'])} | {t['size']} | {t['target']} "
            f"| {t['value']} | {'yes' if t['met'] else '**no**'} |"
        )
    lines += [
        "",
        "## Datasets",
        "",
        "| database | logs | citizens | schema + seed s | bulk insert s | `flask scores rebuild` s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for db, sizes in data["datasets"].items():
        for _size, meta in sizes.items():
            lines.append(
                f"| {DB_NAMES.get(db, db)} | {meta['logs']:,} | {meta['citizens']:,} | "
                f"{meta['seconds_schema']} | {meta['seconds_insert']} | "
                f"{meta['seconds_rebuild']} |"
            )
    return "\n".join(lines) + "\n"
