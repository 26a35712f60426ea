"""The fair-score rule on its own: sizes, a better group, ties, empty groups, and win shares."""

from __future__ import annotations

import random
import time

import pytest

from app.leaderboards.fairness import (
    GroupTotals,
    Pool,
    fair_ranks,
    fair_score,
    fair_scores,
    rank_by_fair_score,
)
from bench.fairness import MUNICIPALITIES, seed_areas, simulate, worst_deviation


def _ranked(groups: dict[str, GroupTotals]) -> list[tuple[str, int | None]]:
    names = list(groups)
    placed = rank_by_fair_score(names, lambda name: groups[name], lambda name: name)
    return [(p.row, p.rank) for p in placed]


def test_a_clearly_better_group_wins_whatever_its_size() -> None:
    # Same behaviour per inhabitant (1 point each) in the large areas; the small one does 60 %
    # more per inhabitant and wins, and so does a large one doing 60 % more.
    small_better = {
        "small": GroupTotals(points=2_400, participants=80, inhabitants=1_500),
        "large": GroupTotals(points=17_000, participants=560, inhabitants=17_000),
        "middle": GroupTotals(points=9_000, participants=300, inhabitants=9_000),
    }
    assert _ranked(small_better)[0] == ("small", 1)
    large_better = {
        **small_better,
        "small": GroupTotals(1_500, 50, 1_500),
        "large": GroupTotals(27_200, 900, 17_000),
    }
    assert _ranked(large_better)[0] == ("large", 1)


def test_more_points_always_score_higher() -> None:
    others = [GroupTotals(500, 10, 5_000), GroupTotals(2_000, 40, 12_000)]
    scores = [
        fair_scores([GroupTotals(points, 5, 1_500), *others])[0] for points in (0, 1, 10, 100, 1_000, 10**9)
    ]
    assert scores == sorted(scores)  # type: ignore[type-var]
    assert len(set(scores)) == len(scores)
    # One group with nearly all the points also makes the board's spread large: it leads, but
    # its own total cannot make its score run away.
    assert scores[-1] is not None
    assert 2 < scores[-1] < 37
    yardstick = Pool(rate=0.01, participation=0.001, mean=10.0, second_moment=200.0)
    assert fair_score(GroupTotals(10**9, 5, 1_500), yardstick) == 37.0  # where the normal tail ends


def test_an_area_exactly_at_the_municipal_rate_scores_near_zero_at_any_size() -> None:
    # Everyone exactly at 2 points per inhabitant: no area stands out, large or small.
    groups = [GroupTotals(2 * n, n // 20, n) for n in (1_519, 1_558, 3_738, 4_833, 9_000, 17_000)]
    scores = fair_scores(groups)
    assert all(score is not None and abs(score) < 0.2 for score in scores)


def test_a_group_without_participants_is_ranked_below_zero() -> None:
    groups = {
        "active": GroupTotals(300, 6, 4_000),
        "quiet": GroupTotals(0, 0, 1_500),
        "quiet-large": GroupTotals(0, 0, 17_000),
    }
    ranked = _ranked(groups)
    assert ranked == [
        ("active", 1),
        ("quiet", 2),
        ("quiet-large", 3),
    ]  # having nothing is likelier when small
    scores = dict(zip(groups, fair_scores(list(groups.values())), strict=True))
    assert scores["quiet"] is not None
    assert scores["quiet"] < 0
    assert scores["quiet-large"] is not None
    assert scores["quiet-large"] < scores["quiet"]


def test_nobody_has_points_yet_then_nobody_is_ranked() -> None:
    groups = {"a": GroupTotals(0, 0, 1_500), "b": GroupTotals(0, 0, 17_000)}
    assert fair_scores(list(groups.values())) == [None, None]
    assert _ranked(groups) == [("a", None), ("b", None)]  # by total, then name


def test_a_group_without_inhabitants_has_no_score_and_comes_last() -> None:
    groups = {
        "empty": GroupTotals(points=50, participants=1, inhabitants=0),
        "real": GroupTotals(points=40, participants=2, inhabitants=2_000),
        "other": GroupTotals(points=10, participants=1, inhabitants=3_000),
    }
    scores = fair_scores(list(groups.values()))
    assert scores[0] is None
    assert _ranked(groups) == [("real", 1), ("other", 2), ("empty", None)]


def test_equal_groups_share_a_rank_and_go_by_total_then_name() -> None:
    groups = {
        "beta": GroupTotals(100, 4, 2_000),
        "alfa": GroupTotals(100, 4, 2_000),
        "gamma": GroupTotals(10, 1, 2_000),
    }
    assert _ranked(groups) == [("alfa", 1), ("beta", 1), ("gamma", 3)]
    assert fair_ranks([1.0, None, 2.0, 1.0 + 1e-9, 0.5]) == [2, None, 1, 2, 4]


def test_a_team_where_everyone_takes_part_still_gets_finite_scores() -> None:
    groups = [GroupTotals(30, 3, 3), GroupTotals(20, 2, 2)]  # participation 1: never zero participants
    scores = fair_scores(groups)
    assert all(score is not None and abs(score) < 37 for score in scores)
    with_idle = fair_scores([GroupTotals(30, 3, 3), GroupTotals(20, 2, 2), GroupTotals(0, 0, 2)])
    assert with_idle[2] is not None
    assert with_idle[2] < min(s for s in with_idle[:2] if s is not None)


@pytest.mark.parametrize("participation", [0.003, 0.05])
def test_equally_keen_areas_win_equally_often_under_the_fair_score(participation: float) -> None:
    """Køge's real areas (1,519 to 17,000 inhabitants), the same behaviour per inhabitant: each
    area wins within ±20 % of 1/N of the simulated weeks, where the old rule (points per active
    participant, at least 3) lets the three smallest win about 1.5-2 times their share."""
    started = time.perf_counter()
    tally = simulate(seed_areas(), participation, 2_000, random.Random(f"fairness-test:{participation}"))
    assert worst_deviation(tally.shares("fair", "equal")) <= 0.2
    assert worst_deviation(tally.shares("old", "equal")) > 0.5
    assert time.perf_counter() - started < 5


def test_a_keener_area_wins_more_often_small_or_large() -> None:
    """The power check: 20 % more points per participant lifts an area clearly above 1/N."""
    areas = seed_areas()
    by_size = sorted(range(len(areas)), key=lambda i: areas[i][1])
    small, large = by_size[0], by_size[-1]
    tally = simulate(areas, 0.02, 1_000, random.Random("fairness-power"), boost=(small, large))
    n = len(areas)
    assert tally.shares("fair", f"boost:{small}")[small] * n > 1.8
    assert tally.shares("fair", f"boost:{large}")[large] * n > 4


def test_municipalities_of_zealand_win_equally_often() -> None:
    tally = simulate(list(MUNICIPALITIES), 0.003, 1_500, random.Random("fairness-municipalities"))
    assert worst_deviation(tally.shares("fair", "equal")) <= 0.25
    assert worst_deviation(tally.shares("old", "equal")) > 0.4
