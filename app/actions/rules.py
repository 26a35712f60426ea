"""Pure logging rules: points, CO2e, daily caps and the backdating window."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_QUANTITY_DIGITS = Decimal("0.01")
MAX_QUANTITY = Decimal("100000")  # far above any daily cap; keeps arithmetic and columns in range


class RuleBroken(Exception):
    """A pure rule failed; `code` says which, the service turns it into a message."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def parse_quantity(raw: object) -> Decimal:
    """A positive quantity with at most two decimals (Danish decimal comma accepted)."""
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise RuleBroken("quantity_not_a_number") from exc
    if not value.is_finite():
        raise RuleBroken("quantity_not_a_number")
    if value <= 0:
        raise RuleBroken("quantity_not_positive")
    if value > MAX_QUANTITY:
        raise RuleBroken("quantity_too_large")
    if value != value.quantize(MAX_QUANTITY_DIGITS):
        raise RuleBroken("quantity_too_precise")
    return value


def check_daily_cap(*, quantity: Decimal, already_today: Decimal, cap: Decimal) -> None:
    """Refuse (no partial credit) a log that would take the day's total for the action past the cap."""
    remaining = cap - already_today
    if quantity > remaining:
        raise RuleBroken("over_daily_cap", cap=cap, remaining=max(remaining, Decimal(0)))


def check_occurred_on(*, occurred_on: date, today: date, backdate_days: int) -> None:
    """A log may be for today or up to `backdate_days` local days back, never the future."""
    if occurred_on > today:
        raise RuleBroken("in_the_future")
    if occurred_on < today - timedelta(days=backdate_days):
        raise RuleBroken("too_old", backdate_days=backdate_days)


def points_for(quantity: Decimal, points_per_unit: int) -> int:
    """Whole points, rounded half up: 2.5 km at 2 points/km is 5 points."""
    return int((quantity * points_per_unit).to_integral_value(rounding=ROUND_HALF_UP))


def co2e_grams_for(quantity: Decimal, co2e_kg_per_unit: Decimal | None) -> int | None:
    """Estimated grams of CO2e saved, or None when the action makes no CO2 claim."""
    if co2e_kg_per_unit is None:
        return None
    grams = quantity * co2e_kg_per_unit * 1000
    return int(grams.to_integral_value(rounding=ROUND_HALF_UP))


def format_quantity(value: Decimal) -> str:
    """2.00 -> '2', 2.50 -> '2.5' (templates localise the separator)."""
    normalised = value.normalize()
    text = format(normalised, "f")
    return text
