"""Pure badge criteria: each badge is a stable, published rule over a citizen's own facts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

# Catalogue actions some badges are about (slugs from the seeded action catalogue).
CYCLING_ACTION = "cykel-frem-for-bil"
PLANT_DAY_ACTION = "plantebaseret-dag"

CYCLING_KM = Decimal(100)
PLANT_DAYS = 10
SHORT_STREAK = 7
LONG_STREAK = 30


@dataclass(frozen=True)
class BadgeFacts:
    """What the criteria look at, all from the citizen's own counted logs."""

    counted_logs: int = 0
    streak_days: int = 0
    cycled_km: Decimal = Decimal(0)
    categories_tried: frozenset[str] = frozenset()
    all_categories: frozenset[str] = frozenset()
    plant_days: int = 0
    challenge_logs: int = 0


def _every_category(facts: BadgeFacts) -> bool:
    return bool(facts.all_categories) and facts.all_categories <= facts.categories_tried


# Order is the display order. Codes are stable: they are stored with every award.
BADGE_RULES: dict[str, Callable[[BadgeFacts], bool]] = {
    "first-log": lambda f: f.counted_logs >= 1,
    "streak-7": lambda f: f.streak_days >= SHORT_STREAK,
    "streak-30": lambda f: f.streak_days >= LONG_STREAK,
    "cycled-100km": lambda f: f.cycled_km >= CYCLING_KM,
    "all-categories": _every_category,
    "plant-days-10": lambda f: f.plant_days >= PLANT_DAYS,
    "challenge-taker": lambda f: f.challenge_logs >= 1,
}

BADGE_CODES: tuple[str, ...] = tuple(BADGE_RULES)


def earned_badges(facts: BadgeFacts, *, already: frozenset[str] = frozenset()) -> list[str]:
    """Badge codes the facts satisfy that are not already held, in display order."""
    return [code for code, rule in BADGE_RULES.items() if code not in already and rule(facts)]
