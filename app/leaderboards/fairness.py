"""The fair-score rule: rank groups of unequal size by how surprising their points are."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import cbrt, exp, log1p, sqrt
from statistics import NormalDist
from typing import Generic, TypeVar

T = TypeVar("T")

# Scores equal to this many decimals share a rank (so float noise never splits a real tie).
TIE_DECIMALS = 6
# Beyond this many standard deviations the normal tail is below 1e-300: scores are capped there.
_MAX_SCORE = 37.0
_NORMAL = NormalDist()


@dataclass(frozen=True)
class GroupTotals:
    """One group's totals for a period: an area (inhabitants = population) or a workplace team
    (inhabitants = its members)."""

    points: int
    participants: int
    inhabitants: int


@dataclass(frozen=True)
class Pool:
    """What the whole board did, the yardstick every group is measured against."""

    rate: float  # points per inhabitant
    participation: float  # participants per inhabitant
    mean: float  # points per participant
    second_moment: float  # estimated mean of (points per participant) squared


def pool(groups: Sequence[GroupTotals]) -> Pool | None:
    """The board's pooled rates, or None when nobody has points yet (nothing to compare with).

    Groups without inhabitants are left out. The spread of one participant's points is
    estimated from how far each group's total lies from participants x mean, over the groups
    that have participants (a method-of-moments estimate, so only totals are needed, never a
    sum of squares per person). With fewer than two such groups there is no spread to measure
    and a participant's points are assumed to vary as much as their mean (coefficient of
    variation 1, the exponential distribution's).
    """
    counted = [g for g in groups if g.inhabitants > 0]
    inhabitants = sum(g.inhabitants for g in counted)
    points = sum(g.points for g in counted)
    participants = sum(g.participants for g in counted)
    if points <= 0 or participants <= 0:
        return None
    mean = points / participants
    active = [g for g in counted if g.participants > 0]
    if len(active) >= 2:
        spread = sum((g.points - g.participants * mean) ** 2 / g.participants for g in active)
        variance = spread / (len(active) - 1)
    else:
        variance = mean * mean
    return Pool(
        rate=points / inhabitants,
        participation=participants / inhabitants,
        mean=mean,
        second_moment=variance + mean * mean,
    )


def fair_score(group: GroupTotals, board: Pool) -> float | None:
    """How many standard deviations the group's points lie above (or below) what a group of
    its size would get if every inhabitant of the board behaved alike. None: no inhabitants.

    Under that assumption a group's points are a compound sum: each of its n inhabitants joins
    in with the board's participation rate q and then earns points like any participant. So
    the group has no participant at all with probability (1 - q)^n, its expected points are
    n x the board's points per inhabitant, and its variance n q (E[Y^2] - q mean^2), Y being one
    participant's points. Small groups expect few participants, so their totals are
    right-skewed and often zero: a plain (points - expected) / sd would let them win too often.

    The score is therefore the normal quantile of the group's mid-p position in that
    distribution: a group with no points sits in the middle of the chance of having none
    (always below 0); a group with points sits above all of that chance, and its place among
    positive totals comes from the Wilson-Hilferty cube-root transform of the gamma
    distribution with the same conditional mean and variance. For large groups this is the
    plain standardised score; more points always give a higher score.
    """
    n = group.inhabitants
    if n <= 0:
        return None
    q = min(board.participation, 1.0)
    none = exp(n * log1p(-q)) if q < 1.0 else 0.0
    expected = n * board.rate
    second = n * q * (board.second_moment - q * board.mean * board.mean) + expected * expected
    if group.points <= 0:
        return _NORMAL.inv_cdf(none / 2) if none > 0 else -_MAX_SCORE
    mean = expected / (1.0 - none)
    variance = max(second / (1.0 - none) - mean * mean, 1e-12 * mean * mean)
    shape = mean * mean / variance
    positive = 3.0 * sqrt(shape) * (cbrt(group.points / mean) - 1.0 + 1.0 / (9.0 * shape))
    return _above_none(none, positive)


def _above_none(none: float, positive: float) -> float:
    """The normal quantile of none + (1 - none) x Phi(positive), computed on the tail that keeps
    its precision; the score is kept within +-_MAX_SCORE, where the tails run out of floats."""
    if positive > 0:
        tail = (1.0 - none) * _NORMAL.cdf(-positive)
        score = -_NORMAL.inv_cdf(tail) if tail > 0 else _MAX_SCORE
    else:
        below = none + (1.0 - none) * _NORMAL.cdf(positive)
        score = _NORMAL.inv_cdf(below) if 0 < below < 1 else -_MAX_SCORE
    return max(-_MAX_SCORE, min(_MAX_SCORE, score))


def fair_scores(groups: Sequence[GroupTotals]) -> list[float | None]:
    """fair_score of every group against the pool of all of them (None for every group when
    the board has no points yet, and for a group without inhabitants)."""
    board = pool(groups)
    if board is None:
        return [None] * len(groups)
    return [fair_score(group, board) for group in groups]


def fair_ranks(scores: Sequence[float | None]) -> list[int | None]:
    """Competition ranks ("1, 1, 3") by score, highest first, for scores in any order.

    Scores equal to TIE_DECIMALS decimals share a rank; a group without a score has no rank.
    Callers order their rows with rank_key, which puts tied groups by total points, then name.
    """
    rounded = [None if s is None else round(s, TIE_DECIMALS) for s in scores]
    present = sorted((s for s in rounded if s is not None), reverse=True)
    first_position: dict[float, int] = {}
    for position, score in enumerate(present, start=1):
        first_position.setdefault(score, position)
    return [None if s is None else first_position[s] for s in rounded]


def rank_key(score: float | None, points: int, name: str) -> tuple[int, float, int, str]:
    """Sort key of a ranked row: by score (highest first), then the higher total, then the name;
    rows without a score last, by total and name."""
    if score is None:
        return (1, 0.0, -points, name)
    return (0, -round(score, TIE_DECIMALS), -points, name)


@dataclass(frozen=True)
class Ranked(Generic[T]):
    """One row of a board in its place: the row, its fair score and its rank (None: no score)."""

    row: T
    score: float | None
    rank: int | None


def rank_by_fair_score(
    rows: Sequence[T], totals: Callable[[T], GroupTotals], name: Callable[[T], str]
) -> list[Ranked[T]]:
    """Every row with its fair score and rank, in board order: the one ranking rule of the
    neighbourhood board, the challenge areas and the workplace teams.

    Highest score first; scores equal to TIE_DECIMALS decimals share a rank and are ordered by
    the higher total, then by name. Rows without a score (no inhabitants, or nobody on the
    board has points yet) follow, unranked, by total then name.
    """
    group_totals = [totals(row) for row in rows]
    scores = fair_scores(group_totals)
    ranks = fair_ranks(scores)
    placed = [Ranked(row, score, rank) for row, score, rank in zip(rows, scores, ranks, strict=True)]
    order = sorted(range(len(rows)), key=lambda i: rank_key(scores[i], group_totals[i].points, name(rows[i])))
    return [placed[i] for i in order]
