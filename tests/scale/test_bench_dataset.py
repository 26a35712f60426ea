"""The bench's dataset builder at a tiny size: Køge alone, and the same logs spread over several
municipalities ("1Mx20" at full size), each log in its citizen's municipality and area."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench import dataset, report
from tests.conftest import USE_POSTGRES

LOGS = 3000
CITIZENS = 300


@pytest.fixture
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        url = str(request.getfixturevalue("postgres").create_database("klimadyst_bench_dataset"))
        return url.replace("postgresql://", "postgresql+psycopg://", 1) if "+" not in url else url
    return "sqlite:///" + str(tmp_path / "bench.sqlite3")


def test_sizes_name_their_municipalities() -> None:
    assert dataset.parse_size("1M") == (1_000_000, 1)
    assert dataset.parse_size("1mx20") == (1_000_000, 20)
    assert list(dataset.iter_sizes("10k 1M", municipalities=20)) == ["10k", "10kx20", "1M", "1Mx20"]
    assert list(dataset.iter_sizes("1Mx20")) == ["1Mx20"]
    with pytest.raises(SystemExit):
        dataset.parse_size("1Mx")
    assert sorted({dataset.area_scale(k) for k in range(2, 21)})[::18] == [0.4, 2.0]


def test_a_dataset_over_three_municipalities(empty_url: str) -> None:
    built = dataset.build(
        empty_url, LOGS, today=date(2026, 6, 10), say=lambda _m: None, municipalities=3, citizens=CITIZENS
    )
    assert (built.logs, built.citizens, built.municipalities) == (LOGS, CITIZENS, 3)
    engine = sa.create_engine(empty_url)
    try:
        with engine.connect() as conn:
            q = lambda sql: conn.execute(sa.text(sql)).all()  # noqa: E731
            municipalities = dict(q("SELECT slug, id FROM municipalities"))
            assert set(municipalities) == {"koege", "bench-02", "bench-03"}
            areas = dict(q("SELECT municipality_id, COUNT(*) FROM neighbourhoods GROUP BY municipality_id"))
            assert set(areas.values()) == {10}
            # every citizen and log lives in the municipality of its area
            assert not q(
                "SELECT u.id FROM users u JOIN neighbourhoods n ON n.id = u.neighbourhood_id "
                "WHERE n.municipality_id != u.municipality_id"
            )
            assert not q(
                "SELECT l.id FROM action_logs l JOIN users u ON u.id = l.user_id "
                "WHERE l.municipality_id != u.municipality_id OR l.neighbourhood_id != u.neighbourhood_id"
            )
            logs = dict(q("SELECT municipality_id, COUNT(*) FROM action_logs GROUP BY municipality_id"))
            assert sum(logs.values()) == LOGS
            assert len(logs) == 3
            # the rebuild kept the per-action aggregates per municipality, as the log service does
            daily = dict(
                q("SELECT municipality_id, SUM(logs) FROM daily_action_totals GROUP BY municipality_id")
            )
            assert {m: int(n) for m, n in daily.items()} == logs
    finally:
        engine.dispose()


def test_the_report_compares_the_board_of_one_municipality() -> None:
    def board(p50: float) -> dict[str, dict[str, float | None]]:
        return {"leaderboard-page": {"p50_ms": p50, "ratio": None}}

    ratios = report.municipality_ratios("sqlite", {"1M": board(10.0), "1Mx20": board(12.0)})
    assert [(r["size"], r["value"], r["met"]) for r in ratios] == [("1Mx20", "1.20 (10.00 → 12.00 ms)", True)]
    assert not report.municipality_ratios("sqlite", {"1Mx20": board(12.0)})  # nothing to compare with
    assert report.municipality_ratios("sqlite", {"1M": board(10.0), "1Mx20": board(14.0)})[0]["met"] is False
