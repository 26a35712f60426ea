"""Pure geometry of a KPI's small line chart (inline SVG, no library, no JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 12, 22


@dataclass(frozen=True)
class KpiChart:
    width: int
    height: int
    points: str  # "x,y x,y ..." for <polyline>
    dots: list[tuple[float, float]]
    baseline_y: float  # the plot's bottom edge
    target_y: float | None  # a dashed line at the target, when it lies in the range
    low: Decimal
    high: Decimal
    first_day: date
    last_day: date


def kpi_chart(values: Sequence[tuple[date, Decimal]], *, target: Decimal | None = None) -> KpiChart | None:
    """The check-ins (day, value) placed by day on x and value on y, the range widened to hold
    the target too; None without any check-in. One check-in is a single dot in the middle."""
    if not values:
        return None
    days = [d for d, _ in values]
    numbers = [v for _, v in values] + ([target] if target is not None else [])
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - 1, high + 1
    first, last = min(days), max(days)
    span_days = (last - first).days
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        if span_days == 0:
            return LEFT + plot_w / 2
        return round(LEFT + plot_w * (day - first).days / span_days, 1)

    def y_of(value: Decimal) -> float:
        return round(TOP + plot_h * float((high - value) / (high - low)), 1)

    dots = [(x_of(d), y_of(v)) for d, v in sorted(values)]
    return KpiChart(
        width=WIDTH,
        height=HEIGHT,
        points=" ".join(f"{x},{y}" for x, y in dots),
        dots=dots,
        baseline_y=float(TOP + plot_h),
        target_y=y_of(target) if target is not None else None,
        low=low,
        high=high,
        first_day=first,
        last_day=last,
    )
