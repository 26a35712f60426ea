"""The derived yearly citizen target (app/plan/rules.py): the documented formula, and None when
the plan lacks what it needs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.plan.rules import derived_citizen_target_kg, yearly_reduction_t


def test_the_formula_on_koege_figures() -> None:
    # 567,000 t × 46 % ÷ (2030 − 2017) × 0.3 % × 1000 = 60,189.23 kg → 60,189
    kg = derived_citizen_target_kg(
        baseline_t=567_000, target_pct=46, baseline_year=2017, citizen_share_pct=Decimal("0.3")
    )
    assert kg == 60_189


def test_straight_line_yearly_reduction() -> None:
    assert yearly_reduction_t(baseline_t=1300, target_pct=50, baseline_year=2017) == Decimal(50)
    with pytest.raises(ValueError, match="before the target year"):
        yearly_reduction_t(baseline_t=1300, target_pct=50, baseline_year=2030)


def test_rounds_half_up() -> None:
    # 1000 t × 10 % ÷ 10 years × 0.05 % × 1000 = 5 kg; × 0.25 % = 25 kg; 0.15 % → 15 kg
    assert (
        derived_citizen_target_kg(
            baseline_t=1000, target_pct=10, baseline_year=2020, citizen_share_pct=Decimal("0.05")
        )
        == 5
    )
    # 1300 t × 46 % ÷ 13 × 1 % × 1000 = 460 kg exactly
    assert (
        derived_citizen_target_kg(
            baseline_t=1300, target_pct=46, baseline_year=2017, citizen_share_pct=Decimal(1)
        )
        == 460
    )


@pytest.mark.parametrize(
    ("baseline_t", "baseline_year", "share"),
    [
        (None, 2017, Decimal("0.3")),
        (567_000, None, Decimal("0.3")),
        (567_000, 2017, None),
        (567_000, 2030, Decimal("0.3")),
        (567_000, 2017, Decimal(0)),
        (0, 2017, Decimal("0.3")),
    ],
)
def test_nothing_is_derived_without_a_usable_baseline_or_share(
    baseline_t: int | None, baseline_year: int | None, share: Decimal | None
) -> None:
    assert (
        derived_citizen_target_kg(
            baseline_t=baseline_t, target_pct=46, baseline_year=baseline_year, citizen_share_pct=share
        )
        is None
    )
