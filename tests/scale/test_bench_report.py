"""The bench's ratios to its floor: with a hello world measured beside every endpoint, a slow phase
of the machine during one run lowers the endpoint and its floor alike and leaves the ratio."""

from __future__ import annotations

from typing import Any

from bench import report
from bench.run import SCENARIOS, _record_pairs


def result(rps: float, floor_rps: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rps": rps,
        "p50_ms": 1.0,
        "p99_ms": 2.0,
        "single": {"p50_ms": 0.5, "p99_ms": 0.9},
        "errors": 0,
        "refused": 0,
        "database_locked": 0,
        "peak_rss_mb_max": 100.0,
    }
    if floor_rps is not None:
        out["floor_rps"] = floor_rps
    return out


def summary_of(*runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    data = {"runs": [{"database": "sqlite", "size": "10k", "scenarios": run} for run in runs]}
    return report.summarise(data)["sqlite"]["10k"]


def test_each_run_is_divided_by_the_floor_beside_it() -> None:
    # Runs 1 and 2 ran in a slow phase: the board and its own floor both at half speed; the
    # run's best hello world (measured first or last) was at full speed all the same.
    row = summary_of(
        {"hello-world": result(8000.0), "leaderboard-api": result(2000.0, floor_rps=4000.0)},
        {"hello-world": result(8000.0), "leaderboard-api": result(2100.0, floor_rps=4000.0)},
        {"hello-world": result(8000.0), "leaderboard-api": result(4400.0, floor_rps=8000.0)},
    )
    assert row["leaderboard-api"]["ratio"] == 0.525  # median of 0.5, 0.525, 0.55 (not 2100 ÷ 8000)
    assert row["leaderboard-api"]["floor_rps_runs"] == [4000.0, 4000.0, 8000.0]


def test_without_floors_beside_it_the_runs_median_floor_counts() -> None:
    row = summary_of(
        {"hello-world": result(8000.0), "leaderboard-api": result(4000.0)},
        {"hello-world": result(8000.0), "leaderboard-api": result(2000.0)},
        {"hello-world": result(6000.0), "leaderboard-api": result(4400.0)},
    )
    assert row["leaderboard-api"]["ratio"] == 0.5  # median 4000 ÷ median floor 8000


def test_an_endpoints_floor_is_the_better_of_the_one_before_and_after_it() -> None:
    floor, *others = SCENARIOS
    outcome = {
        "scenarios": {
            floor.name: result(9000.0) | {"floor_runs": [7000.0, 9000.0]},
            **{s.name: result(100.0) for s in others},
        }
    }
    before = [8000.0, 4000.0, *[6000.0] * (len(others) - 2)]
    _record_pairs(SCENARIOS, floor, outcome, {"scenarios": before, "proxied": []})
    done = outcome["scenarios"]
    assert done[others[0].name]["floor_rps"] == 8000.0  # before 8000, after 4000
    assert done[others[1].name]["floor_rps"] == 6000.0  # before 4000, after 6000
    assert done[others[-1].name]["floor_pair"] == [6000.0, 9000.0]  # after it: the closing floor
    assert done[others[-1].name]["floor_rps"] == 9000.0
