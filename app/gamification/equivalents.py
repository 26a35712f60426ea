"""Pure plain-language equivalents of a CO2e saving, each with the figure it rests on."""

from __future__ import annotations

from dataclasses import dataclass

# Both figures are the ones the action catalogue already cites (app/seed/data/actions.csv).
PETROL_CAR_G_PER_KM = 141
PETROL_CAR_SOURCE = ("Aarhus Universitet, Grøn guide 'Beregn din CO2-udledning': fuel car, "
                     "mixed driving 141 g CO2/km")
DIET_G_PER_DAY = 4_400
DIET_SOURCE = ("Mogensen et al. 2020, Foods 9(9):1176: average Danish diet 4.4 kg CO2e per person "
               "per day")


@dataclass(frozen=True)
class Equivalents:
    car_km: int  # km of petrol-car driving with the same emissions
    diet_days: float  # days of an average Danish diet's footprint


def equivalents_for(co2e_g: int) -> Equivalents:
    """Round-number comparisons for `co2e_g` grams of CO2e (estimates, never precise)."""
    grams = max(0, co2e_g)
    return Equivalents(car_km=round(grams / PETROL_CAR_G_PER_KM),
                       diet_days=round(grams / DIET_G_PER_DAY, 1))
