"""The national plan areas: the keys that tie national rows (actions, offers) to a municipality's themes."""

from __future__ import annotations

from typing import Final

# Actions and national sparring offers belong to no municipality, while plan themes do. So a
# national row names a plan *area* (one of these keys) and each municipality maps its areas to
# its own themes (`PlanAreaTheme`). A row of any municipality then finds its theme there.
# An action's area is its catalogue category's (CATEGORY_AREAS): the citizens' CO2e per theme is
# summed from score rows keyed by area and category (daily_activity), never from the ledger, so
# the category is the key both the sums and the lists can use. A sparring offer names its area
# in `sparring_offers.plan_area`.
PLAN_AREAS: Final = ("heat", "electricity", "agriculture", "mobility", "food", "consumption", "adaptation")

# Catalogue category -> plan area. "home" is heating, hot water and household power: counted
# under heat, the larger share (an approximation the pages state). "community" feeds no theme.
CATEGORY_AREAS: Final = {
    "transport": "mobility",
    "food": "food",
    "home": "heat",
    "waste": "consumption",
    "consumption": "consumption",
}


def area_of(plan_area: str | None, category: str | None = None) -> str | None:
    """The plan area of a row: its own key when valid, else its category's, else none
    (an action passes None and its category)."""
    if plan_area in PLAN_AREAS:
        return plan_area
    return CATEGORY_AREAS.get(category or "")
