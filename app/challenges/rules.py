"""Pure challenge rules: window, state and the bonus a covered log earns."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class RewardKind(StrEnum):
    BONUS = "bonus"  # fixed extra points per covered log
    MULTIPLIER = "multiplier"  # the log's points times the factor (the extra part is the bonus)


class TargetMetric(StrEnum):
    QUANTITY = "quantity"  # units of the covered actions (they must share one unit)
    LOGS = "logs"
    CO2E_KG = "co2e_kg"


class ChallengeState(StrEnum):
    UPCOMING = "upcoming"
    RUNNING = "running"
    FINISHED = "finished"


BONUS_RANGE = (1, 500)
MULTIPLIER_RANGE = (Decimal("1.1"), Decimal("5"))


def state_on(*, starts_on: date, ends_on: date, today: date) -> ChallengeState:
    """Before the first day: upcoming; first through last day (inclusive): running; then finished."""
    if today < starts_on:
        return ChallengeState.UPCOMING
    if today > ends_on:
        return ChallengeState.FINISHED
    return ChallengeState.RUNNING


def counts_toward(*, starts_on: date, ends_on: date, occurred_on: date, today: date) -> bool:
    """A log counts when it is for a day inside the window and is registered by the last day.

    Registering by the last day keeps finished results final: backdating after the end adds
    nothing.
    """
    return starts_on <= occurred_on <= ends_on and today <= ends_on


def bonus_for(*, kind: str, value: Decimal, points: int) -> int:
    """Extra points a covered log earns: the fixed bonus, or points × (multiplier − 1) rounded
    half up."""
    if kind == RewardKind.BONUS:
        return int(value)
    extra = Decimal(points) * (value - 1)
    return int(extra.to_integral_value(rounding=ROUND_HALF_UP))


def progress_fraction(total: Decimal, target: Decimal | None) -> float | None:
    if target is None or target <= 0:
        return None
    return float(min(Decimal(1), max(Decimal(0), total / target)))
