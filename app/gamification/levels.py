"""Pure level rule: a published table of all-time point thresholds."""

from __future__ import annotations

from dataclasses import dataclass

# (level, all-time points needed). Published on the badges page; change it only with notice.
LEVEL_THRESHOLDS: tuple[tuple[int, int], ...] = (
    (1, 0),
    (2, 100),
    (3, 250),
    (4, 500),
    (5, 1_000),
    (6, 2_000),
    (7, 4_000),
    (8, 8_000),
)


@dataclass(frozen=True)
class LevelProgress:
    level: int
    points: int
    floor: int  # points at which this level starts
    next_at: int | None  # points for the next level; None at the top level

    @property
    def to_next(self) -> int:
        return max(0, self.next_at - self.points) if self.next_at is not None else 0

    @property
    def fraction(self) -> float:
        """Progress from this level's floor to the next level, 0..1 (1 at the top)."""
        if self.next_at is None:
            return 1.0
        return min(1.0, max(0.0, (self.points - self.floor) / (self.next_at - self.floor)))


def level_for(points: int) -> LevelProgress:
    """The highest level whose threshold `points` (all-time, bonus included) has reached."""
    current = LEVEL_THRESHOLDS[0]
    following: tuple[int, int] | None = None
    for index, row in enumerate(LEVEL_THRESHOLDS):
        if points >= row[1]:
            current = row
            following = LEVEL_THRESHOLDS[index + 1] if index + 1 < len(LEVEL_THRESHOLDS) else None
    return LevelProgress(
        level=current[0], points=points, floor=current[1], next_at=following[1] if following else None
    )


def level_up(before: int, after: int) -> int | None:
    """The new level when going from `before` to `after` points crosses a threshold, else None."""
    new = level_for(after).level
    return new if new > level_for(before).level else None


def crossed(*, before: int, after: int, threshold: int) -> bool:
    """True when a running total passes `threshold` with this change (so it fires once)."""
    return before <= threshold < after
