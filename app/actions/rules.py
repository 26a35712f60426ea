"""Pure logging rules: quantities in hundredths, points, CO2e, daily caps, backdating, keys."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_QUANTITY_DIGITS = Decimal("0.01")
MAX_QUANTITY = Decimal("100000")  # far above any daily cap; keeps arithmetic and columns in range
MAX_QUANTITY_TEXT = 20  # characters of a quantity as typed or sent; longer is not a quantity
CENTI = 100  # quantities are stored and summed as integers of hundredths of a unit

# The one definition of an idempotency key: the log service and the API header schema use it.
IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_.:-]{8,64}$"
IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
IDEMPOTENCY_KEY_HINT = "Use 8–64 characters: letters, digits, _ . : -"


class RuleBroken(Exception):
    """A pure rule failed; `code` says which, the service turns it into a message."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def parse_quantity(raw: object) -> int:
    """The one quantity rule of both doors: text or a number -> hundredths of a unit.

    Accepted: a positive amount with at most two decimals, at most MAX_QUANTITY units; text may
    use the Danish decimal comma ("2,5"). Refused with a stable code: quantity_not_a_number
    (also booleans, NaN, infinity), quantity_not_positive (0, -1), quantity_too_precise (2.555,
    0.004: never rounded), quantity_too_large (1e9). A float is read as its shortest decimal
    text (2.555 is "2.555"), so a JSON number and the same typed text get the same answer.
    """
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise RuleBroken("quantity_not_a_number")
    text = str(raw).strip().replace(",", ".")
    if not text or len(text) > MAX_QUANTITY_TEXT:
        raise RuleBroken("quantity_not_a_number")
    try:
        value = Decimal(text)
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
    return to_centi(value)


def to_centi(units: Decimal) -> int:
    """Units with at most two decimals -> integer hundredths (exact; more decimals is an error)."""
    centi = units * CENTI
    if centi != centi.to_integral_value():
        raise ValueError(f"{units} has more than two decimals")
    return int(centi)


def from_centi(centi: int) -> Decimal:
    """Integer hundredths -> units with two decimals, exactly (1050 -> Decimal('10.50'))."""
    return Decimal(int(centi)).scaleb(-2)


def check_daily_cap(*, quantity_centi: int, already_centi: int, cap_centi: int) -> None:
    """Refuse (no partial credit) a log that would take the day's total for the action past the
    cap. All three are integer hundredths, so the comparison is exact."""
    remaining = cap_centi - already_centi
    if quantity_centi > remaining:
        raise RuleBroken("over_daily_cap", cap=from_centi(cap_centi), remaining=from_centi(max(remaining, 0)))


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
