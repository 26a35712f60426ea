"""Pure challenge rules: window and state, which logs count, bonus or multiplier, progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.challenges.rules import (
    ChallengeState,
    RewardKind,
    bonus_for,
    counts_toward,
    progress_fraction,
    state_on,
)

START, END = date(2026, 9, 14), date(2026, 9, 20)  # "Cykeluge" in ISO week 38


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 9, 13), ChallengeState.UPCOMING),
        (START, ChallengeState.RUNNING),
        (END, ChallengeState.RUNNING),
        (date(2026, 9, 21), ChallengeState.FINISHED),
    ],
)
def test_state_follows_the_inclusive_window(today: date, state: ChallengeState) -> None:
    assert state_on(starts_on=START, ends_on=END, today=today) is state


@pytest.mark.parametrize(
    ("occurred_on", "today", "counts"),
    [
        (date(2026, 9, 13), date(2026, 9, 14), False),  # backdated to before the start
        (START, START, True),
        (END, END, True),
        (date(2026, 9, 19), date(2026, 9, 21), False),  # registered after the end: results are final
        (date(2026, 9, 21), date(2026, 9, 21), False),
    ],
)
def test_counts_toward_window(occurred_on: date, today: date, counts: bool) -> None:
    assert counts_toward(starts_on=START, ends_on=END, occurred_on=occurred_on, today=today) is counts


def test_bonus_is_fixed_or_the_extra_part_of_a_multiplier() -> None:
    assert bonus_for(kind=RewardKind.BONUS, value=Decimal(5), points=10) == 5
    assert bonus_for(kind=RewardKind.MULTIPLIER, value=Decimal("1.5"), points=10) == 5
    assert bonus_for(kind=RewardKind.MULTIPLIER, value=Decimal("1.5"), points=15) == 8  # 7.5 up
    assert bonus_for(kind=RewardKind.MULTIPLIER, value=Decimal(2), points=0) == 0


def test_progress_fraction_is_clamped_and_optional() -> None:
    assert progress_fraction(Decimal(50), Decimal(200)) == 0.25
    assert progress_fraction(Decimal(500), Decimal(200)) == 1.0
    assert progress_fraction(Decimal(5), None) is None
