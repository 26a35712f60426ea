"""The anonymised benchmark: a municipality against the median of the other municipalities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.cases.rules import MIN_OTHER_MUNICIPALITIES, median_or_none
from app.clock import Period
from app.platform.queries import MunicipalityStanding, comparison_min_participants, municipality_comparison

BENCHMARK_PERIODS = (Period.WEEK, Period.MONTH, Period.ALL)


@dataclass(frozen=True)
class Benchmark:
    """One period: this municipality's own figures, and the others' medians, which are None
    (not shown) when fewer than MIN_OTHER_MUNICIPALITIES others have data. Never a name or a
    figure of a single other municipality."""

    period: Period
    participation_rate: float
    points_per_participant: float
    others: int  # how many other municipalities the medians are over
    median_participation_rate: float | None
    median_points_per_participant: float | None

    @property
    def shown(self) -> bool:
        return self.median_participation_rate is not None


def _with_data(m: MunicipalityStanding, minimum: int) -> bool:
    return m.participants >= minimum and m.inhabitants > 0


def benchmark_for(slug: str, period: Period, day: date) -> Benchmark:
    """`slug`'s participation rate (active participants ÷ inhabitants) and points per active
    participant in the period containing `day`, against the medians over the OTHER active
    municipalities with data: at least the comparison's minimum of active participants
    (PLATFORM_COMPARISON_MIN_PARTICIPANTS), as on the platform's comparison. From the
    comparison's per-municipality sums of the area score rows, never the ledger."""
    standings = municipality_comparison(period, day)
    own = next((m for m in standings if m.slug == slug), None)
    minimum = max(comparison_min_participants(), 1)
    others = [m for m in standings if m.slug != slug and _with_data(m, minimum)]
    shown = len(others) >= MIN_OTHER_MUNICIPALITIES
    return Benchmark(
        period=period,
        participation_rate=own.participation_rate if own else 0.0,
        points_per_participant=own.points_per_participant if own else 0.0,
        others=len(others) if shown else 0,
        median_participation_rate=median_or_none([m.participation_rate for m in others]),
        median_points_per_participant=median_or_none([m.points_per_participant for m in others]),
    )


def benchmarks_for(slug: str, day: date) -> list[Benchmark]:
    """benchmark_for every period the boards know: this week, this month, all time."""
    return [benchmark_for(slug, period, day) for period in BENCHMARK_PERIODS]
