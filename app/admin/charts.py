"""Pure geometry for the inline SVG trend chart (no library, no JavaScript)."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Ten colours that stay apart for common colour-vision deficiencies (Tableau 10 / Okabe-Ito
# blend), each with a dash pattern so lines differ without colour too. The data table beside the
# chart carries the same numbers for screen readers.
PALETTE = (
    "#1b5e20",
    "#0b57d0",
    "#b3261e",
    "#7b1fa2",
    "#a15c00",
    "#00695c",
    "#c2185b",
    "#37474f",
    "#5d4037",
    "#1565c0",
)
DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3", "", "4 4")


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dash: str
    points: str  # "x,y x,y ..." for <polyline>
    dots: list[tuple[float, float, int]]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_width: float
    plot_height: float
    y_ticks: list[tuple[float, int]]  # (y, value)
    x_ticks: list[tuple[float, int]]  # (x, index into the labels)
    lines: list[Line]


def nice_ceiling(value: int) -> int:
    """The next 'round' number at or above value: 1, 2, 2.5 or 5 × 10^n."""
    if value <= 0:
        return 10
    magnitude = int(10 ** math.floor(math.log10(value)))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return 10 * magnitude  # pragma: no cover - the loop always returns


def line_chart(
    series: list[tuple[str, list[int]]],
    *,
    width: int = 720,
    height: int = 320,
    left: int = 56,
    right: int = 16,
    top: int = 16,
    bottom: int = 36,
    ticks: int = 4,
) -> Chart:
    """Lay out one line per series over the same x positions, y from 0 to a round maximum."""
    count = max((len(values) for _, values in series), default=0)
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = nice_ceiling(max((v for _, values in series for v in values), default=0))

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(value: int) -> float:
        return top + plot_h - plot_h * value / top_value

    lines = []
    for n, (label, values) in enumerate(series):
        coords = [(round(x(i), 1), round(y(v), 1), v) for i, v in enumerate(values)]
        lines.append(
            Line(
                label=label,
                colour=PALETTE[n % len(PALETTE)],
                dash=DASHES[n % len(DASHES)],
                points=" ".join(f"{cx},{cy}" for cx, cy, _ in coords),
                dots=coords,
            )
        )
    y_ticks = [(round(y(top_value * k // ticks), 1), top_value * k // ticks) for k in range(ticks + 1)]
    x_ticks = [(round(x(i), 1), i) for i in range(count)]
    return Chart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_w,
        plot_height=plot_h,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        lines=lines,
    )
