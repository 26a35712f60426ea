"""Pure plain-language equivalents of a CO2e saving, each with the figure it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from app.i18n import lazy_decimal

# Both figures are the ones the action catalogue already cites (app/seed/data/actions.csv).
# The sources are worded in the reader's language when shown; publication titles stay as published.
PETROL_CAR_G_PER_KM = 141
PETROL_CAR_SOURCE = _l(
    "Aarhus Universitet, Grøn guide 'Beregn din CO2-udledning': fuel car, mixed driving %(g)s g CO2/km",
    g=lazy_decimal(PETROL_CAR_G_PER_KM),
)
DIET_G_PER_DAY = 4_400
DIET_SOURCE = _l(
    "Mogensen et al. 2020, Foods 9(9):1176: average Danish diet %(kg)s kg CO2e per person per day",
    kg=lazy_decimal(Decimal(DIET_G_PER_DAY) / 1000, 1),
)


@dataclass(frozen=True)
class Equivalents:
    car_km: int  # km of petrol-car driving with the same emissions
    diet_days: float  # days of an average Danish diet's footprint


def equivalents_for(co2e_g: int) -> Equivalents:
    """Round-number comparisons for `co2e_g` grams of CO2e (estimates, never precise)."""
    grams = max(0, co2e_g)
    return Equivalents(car_km=round(grams / PETROL_CAR_G_PER_KM), diet_days=round(grams / DIET_G_PER_DAY, 1))
