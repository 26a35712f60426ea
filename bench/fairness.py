"""Simulated weeks of equally keen areas: how often each wins under the old and the fair rule.

    .venv/bin/python -m bench.fairness [--weeks N] [--seed S] [--out bench/results/fairness-<date>.md]

Every inhabitant of every area behaves alike: in a week each takes part with the same
probability p, and a participant's points come from one right-skewed distribution (the number
of logs is 1 + a negative binomial, each log is one of the real catalogue's actions at its
default quantity). A fair rule lets every area win about 1/N of the weeks at every p. The old
rule (points per active participant, at least 3 active participants) is compared with the fair
score of app/leaderboards/fairness.py. A power check then gives one area 20 % more points per
participant: a fair rule must still let it win clearly more often than 1/N.

Standard library only (no numpy): the binomial sampler is Hörmann's BTRS, as in Python 3.12's
random.binomialvariate (this project runs on 3.11).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.leaderboards.fairness import GroupTotals, fair_ranks, fair_scores

SEED_DATA = Path(__file__).resolve().parent.parent / "app" / "seed" / "data"
PARTICIPATION = (0.003, 0.005, 0.01, 0.02, 0.05)
# Early in a week (Monday morning) far fewer have logged yet: only the worst deviation is reported.
EARLY_PARTICIPATION = (0.0003, 0.001)
OLD_MIN_PARTICIPANTS = 3  # LEADERBOARD_MIN_PARTICIPANTS before the fair score
BOOST = 1.2  # the power check: +20 % points per participant
BAND = 0.2  # fair: every win share within ±20 % of 1/N

# Logs per participant per week: 1 + negative binomial(mean EXTRA_LOGS, shape LOGS_SHAPE), so
# 4 logs on average, most people 1-3, a few keen ones 15 or more (variance 1 + 3 + 9/0.8).
EXTRA_LOGS = 3.0
LOGS_SHAPE = 0.8

# Zealand municipalities, inhabitants around 2023-24 rounded to the hundred: approximate figures
# after Danmarks Statistik (FOLK1A / BY1), not re-checked row by row (cross-checks: Faxe 37,344
# on 1 January 2023, Danmarks Statistik BY1 via Wikipedia; Solrød 23,441 in 2021, Trap Danmark
# "Solrød Kommunes befolkning og boliger"). Køge is the seed data's total. Only the spread of
# sizes matters here (about 24,000 to 91,000), not the exact values.
MUNICIPALITIES: tuple[tuple[str, int], ...] = (
    ("Køge", 63_335),
    ("Solrød", 24_000),
    ("Stevns", 23_900),
    ("Greve", 50_700),
    ("Roskilde", 91_000),
    ("Ringsted", 36_000),
    ("Faxe", 37_900),
    ("Lejre", 29_000),
    ("Holbæk", 73_000),
    ("Næstved", 84_300),
)


def seed_areas() -> list[tuple[str, int]]:
    """(name, population) of every area in the project's seed data."""
    with (SEED_DATA / "neighbourhoods.csv").open(encoding="utf-8") as f:
        return [(row["name"], int(row["population"])) for row in csv.DictReader(f)]


def catalogue_points() -> list[int]:
    """Points of one log of each catalogue action at its default quantity."""
    with (SEED_DATA / "actions.csv").open(encoding="utf-8") as f:
        return [
            round(int(row["points_per_unit"]) * float(row["default_quantity"])) for row in csv.DictReader(f)
        ]


def binomial(rng: random.Random, n: int, p: float) -> int:
    """Binomial(n, p): Devroye's geometric method below a mean of 10, else Hörmann's BTRS
    (transformed rejection with squeeze), as CPython 3.12 implements binomialvariate."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if p > 0.5:
        return n - binomial(rng, n, 1.0 - p)
    if n * p < 10.0:
        count = trials = 0
        log_q = math.log(1.0 - p)
        while True:
            trials += math.floor(math.log(1.0 - rng.random()) / log_q) + 1
            if trials > n:
                return count
            count += 1
    return _btrs(rng, n, p)


def _btrs(rng: random.Random, n: int, p: float) -> int:
    spq = math.sqrt(n * p * (1.0 - p))
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    vr = 0.92 - 4.2 / b
    alpha = (2.83 + 5.1 / b) * spq
    lpq = math.log(p / (1.0 - p))
    mode = math.floor((n + 1) * p)
    h = math.lgamma(mode + 1) + math.lgamma(n - mode + 1)
    while True:
        u = rng.random() - 0.5
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + c)
        if k < 0 or k > n:
            continue
        v = rng.random()
        if us >= 0.07 and v <= vr:
            return k
        v *= alpha / (a / (us * us) + b)
        if math.log(v) <= h - math.lgamma(k + 1) - math.lgamma(n - k + 1) + (k - mode) * lpq:
            return k


_POISSON_TRIALS = 2**31


def poisson(rng: random.Random, mean: float) -> int:
    """Poisson(mean) as Binomial(2^31, mean / 2^31): total-variation distance below mean / 2^31."""
    return binomial(rng, _POISSON_TRIALS, mean / _POISSON_TRIALS) if mean > 0 else 0


@dataclass(frozen=True)
class Behaviour:
    """One week's per-capita behaviour, the same in every group."""

    participation: float
    log_points: Sequence[int]
    values: tuple[int, ...] = field(init=False)
    weights: tuple[float, ...] = field(init=False)

    def __post_init__(self) -> None:
        distinct = sorted(set(self.log_points))
        object.__setattr__(self, "values", tuple(distinct))
        total = len(self.log_points)
        object.__setattr__(self, "weights", tuple(self.log_points.count(v) / total for v in distinct))

    def week(self, rng: random.Random, inhabitants: int) -> tuple[int, int]:
        """(points, participants) of a group of `inhabitants` in one simulated week."""
        participants = binomial(rng, inhabitants, self.participation)
        if participants == 0:
            return 0, 0
        extra = poisson(rng, rng.gammavariate(participants * LOGS_SHAPE, EXTRA_LOGS / LOGS_SHAPE))
        return self.points_of(rng, participants + extra), participants

    def points_of(self, rng: random.Random, logs: int) -> int:
        """Total points of `logs` logs, each of a catalogue action drawn uniformly."""
        if logs <= 32:
            return sum(rng.choices(self.log_points, k=logs))
        points, left, mass = 0, logs, 1.0
        for value, weight in zip(self.values[:-1], self.weights[:-1], strict=True):
            drawn = binomial(rng, left, min(1.0, weight / mass))
            points += drawn * value
            left -= drawn
            mass -= weight
        return points + left * self.values[-1]


Rule = Callable[[Sequence[GroupTotals], Sequence[str]], list[int]]


def old_winners(groups: Sequence[GroupTotals], names: Sequence[str]) -> list[int]:
    """Indices of the week's winners by points per active participant, at least 3 active
    participants, ties by total then name (the rule before the fair score)."""
    ranked = [i for i, g in enumerate(groups) if g.participants >= OLD_MIN_PARTICIPANTS]
    if not ranked:
        return []
    best = min(
        ranked, key=lambda i: (-groups[i].points / groups[i].participants, -groups[i].points, names[i])
    )
    return [best]


def fair_winners(groups: Sequence[GroupTotals], names: Sequence[str]) -> list[int]:
    """Indices of the groups ranked first by the fair score (several on a tie)."""
    ranks = fair_ranks(fair_scores(groups))
    return [i for i, rank in enumerate(ranks) if rank == 1]


RULES: dict[str, Rule] = {"old": old_winners, "fair": fair_winners}


@dataclass
class Tally:
    """Win counts per rule and scenario, a tie counting 1/k for each of the k winners."""

    groups: int
    wins: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    decided: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, rule: str, scenario: str, winners: list[int]) -> None:
        key = (rule, scenario)
        counts = self.wins.setdefault(key, [0.0] * self.groups)
        if winners:
            self.decided[key] = self.decided.get(key, 0) + 1
            for i in winners:
                counts[i] += 1 / len(winners)

    def shares(self, rule: str, scenario: str) -> list[float]:
        decided = self.decided.get((rule, scenario), 0)
        return [w / decided if decided else 0.0 for w in self.wins.get((rule, scenario), [0.0] * self.groups)]


def boosted(groups: Sequence[GroupTotals], index: int) -> list[GroupTotals]:
    """The same week with group `index` earning BOOST times the points per participant."""
    out = list(groups)
    g = out[index]
    out[index] = GroupTotals(round(g.points * BOOST), g.participants, g.inhabitants)
    return out


def simulate(
    populations: Sequence[tuple[str, int]],
    participation: float,
    weeks: int,
    rng: random.Random,
    *,
    boost: Sequence[int] = (),
) -> Tally:
    """`weeks` simulated weeks; scenario "equal" plus one "boost:<index>" per boosted group."""
    behaviour = Behaviour(participation, catalogue_points())
    names = [name for name, _ in populations]
    tally = Tally(len(populations))
    for _ in range(weeks):
        groups = []
        for _, inhabitants in populations:
            points, participants = behaviour.week(rng, inhabitants)
            groups.append(GroupTotals(points, participants, inhabitants))
        for rule, winners in RULES.items():
            tally.add(rule, "equal", winners(groups, names))
            for index in boost:
                tally.add(rule, f"boost:{index}", winners(boosted(groups, index), names))
    return tally


def worst_deviation(shares: Sequence[float]) -> float:
    """The largest |share x N - 1|: 0.2 means some group wins 20 % more or less than 1/N."""
    expected = 1 / len(shares)
    return max(abs(s / expected - 1) for s in shares)


def _table(populations: Sequence[tuple[str, int]], tallies: dict[float, Tally], scenario: str) -> list[str]:
    header = (
        "| group | inhabitants | "
        + " | ".join(f"{100 * p:g} % old | {100 * p:g} % fair" for p in tallies)
        + " |"
    )
    lines = [header, "|---|---:|" + "---:|---:|" * len(tallies)]
    for i, (name, inhabitants) in enumerate(populations):
        cells = []
        for tally in tallies.values():
            cells += [
                f"{100 * tally.shares('old', scenario)[i]:.1f}",
                f"{100 * tally.shares('fair', scenario)[i]:.1f}",
            ]
        lines.append(f"| {name} | {inhabitants:,} | " + " | ".join(cells) + " |")
    worst = []
    for tally in tallies.values():
        worst += [f"{100 * worst_deviation(tally.shares(r, scenario)):.0f} %" for r in ("old", "fair")]
    lines.append("| **worst deviation from 1/N** | | " + " | ".join(worst) + " |")
    return lines


def _power_lines(
    populations: Sequence[tuple[str, int]], tallies: dict[float, Tally], boost: Sequence[int]
) -> list[str]:
    lines = [
        "| boosted group (+20 % per participant) | "
        + " | ".join(f"{100 * p:g} % old | {100 * p:g} % fair" for p in tallies)
        + " |"
    ]
    lines.append("|---|" + "---:|---:|" * len(tallies))
    for index in boost:
        cells = []
        for tally in tallies.values():
            n = tally.groups
            for rule in ("old", "fair"):
                share = tally.shares(rule, f"boost:{index}")[index]
                cells.append(f"{100 * share:.1f} ({share * n:.1f}x)")
        name, inhabitants = populations[index]
        lines.append(f"| {name} ({inhabitants:,}) | " + " | ".join(cells) + " |")
    return lines


def run_board(title: str, populations: Sequence[tuple[str, int]], weeks: int, seed: int) -> list[str]:
    """One board's section of the report: equal behaviour, then the power check."""
    by_size = sorted(range(len(populations)), key=lambda i: populations[i][1])
    boost = (by_size[0], by_size[-1])
    tallies: dict[float, Tally] = {}
    started = time.perf_counter()
    for p in PARTICIPATION:
        tallies[p] = simulate(populations, p, weeks, random.Random(f"{seed}:{title}:{p}"), boost=boost)
    early = {
        p: simulate(populations, p, weeks, random.Random(f"{seed}:{title}:{p}")) for p in EARLY_PARTICIPATION
    }
    seconds = time.perf_counter() - started
    expected = 100 / len(populations)
    early_cells = [
        f"p = {100 * p:g} %: old {100 * worst_deviation(t.shares('old', 'equal')):.0f} %, "
        f"fair {100 * worst_deviation(t.shares('fair', 'equal')):.0f} %"
        for p, t in early.items()
    ]
    return [
        f"## {title}",
        "",
        f"{len(populations)} groups, so a fair share is 1/N = {expected:.1f} % of the weeks "
        f"(±20 %: {0.8 * expected:.1f}-{1.2 * expected:.1f} %). {weeks:,} weeks per participation "
        f"rate p, {seconds:.0f} s. Win share in % under the old rule (points per active participant, "
        "at least 3 active) and the fair score:",
        "",
        *_table(populations, tallies, "equal"),
        "",
        "Power check: the smallest and the largest group earn 20 % more points per participant "
        "(everything else equal). Its win share in % (and as a multiple of 1/N):",
        "",
        *_power_lines(populations, tallies, boost),
        "",
        "Early in a week, when far fewer have logged yet, the worst deviation from 1/N: "
        + "; ".join(early_cells)
        + ".",
        "",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--weeks", type=int, default=20_000, help="simulated weeks per participation rate")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out", type=Path, help="write the Markdown report here (default: print it)")
    args = parser.parse_args(argv)
    points = catalogue_points()
    report = [
        f"# Leaderboard fairness simulation ({datetime.now(UTC):%Y-%m-%d})",
        "",
        f"`python -m bench.fairness --weeks {args.weeks} --seed {args.seed}`. Every inhabitant takes part "
        "in a week with the same probability p; a participant logs 1 + NegBin(mean "
        f"{EXTRA_LOGS:g}, shape {LOGS_SHAPE:g}) times, each log one of the {len(points)} catalogue "
        f"actions at its default quantity ({sorted(points)} points). Ties share the win.",
        "",
        *run_board("Køge's areas (seed data)", seed_areas(), args.weeks, args.seed),
        *run_board("Zealand municipalities", list(MUNICIPALITIES), args.weeks, args.seed),
    ]
    text = "\n".join(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
