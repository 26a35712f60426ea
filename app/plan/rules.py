"""The derived yearly citizen target: pure arithmetic on the plan's baseline and 2030 target."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TARGET_YEAR = 2030


def yearly_reduction_t(
    *, baseline_t: int, target_pct: int, baseline_year: int, target_year: int = TARGET_YEAR
) -> Decimal:
    """Tonnes CO2e the plan must cut per year on a straight line from the baseline year to the
    target year: baseline_t × target_pct / 100 ÷ (target_year − baseline_year)."""
    years = target_year - baseline_year
    if years <= 0:
        raise ValueError("the baseline year must lie before the target year")
    return Decimal(baseline_t) * Decimal(target_pct) / 100 / years


def derived_citizen_target_kg(
    *,
    baseline_t: int | None,
    target_pct: int,
    baseline_year: int | None,
    citizen_share_pct: Decimal | None,
    target_year: int = TARGET_YEAR,
) -> int | None:
    """The citizens' yearly CO2e target in kg, derived from the plan:

        baseline_t × target_pct / 100 ÷ (target_year − baseline_year) × citizen_share_pct / 100 × 1000

    i.e. the plan's yearly reduction on a straight line to 2030, times the share of it the
    municipality asks of its citizens' everyday actions, in kg (rounded half up). Køge: 567,000 t
    (an estimate) × 46 % ÷ 13 years × 0.3 % ≈ 60,190 kg a year. None when the baseline, its year
    or the share is unknown, or the baseline year is not before the target year: then nothing
    is derived and the typed target applies."""
    if baseline_t is None or baseline_year is None or citizen_share_pct is None:
        return None
    if baseline_year >= target_year or baseline_t <= 0 or citizen_share_pct <= 0:
        return None
    yearly = yearly_reduction_t(
        baseline_t=baseline_t, target_pct=target_pct, baseline_year=baseline_year, target_year=target_year
    )
    kg = yearly * citizen_share_pct / 100 * 1000
    return int(kg.quantize(Decimal(1), rounding=ROUND_HALF_UP))
