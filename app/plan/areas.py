"""The national plan areas: the keys that tie national rows (actions, offers) to a municipality's themes."""

from __future__ import annotations

from typing import Final

# Actions and national sparring offers belong to no municipality, while plan themes do. So a
# national row names a plan *area* (one of these keys) and each municipality maps its areas to
# its own themes (`PlanAreaTheme`). A row of any municipality then finds its theme there.
PLAN_AREAS: Final = ("heat", "electricity", "agriculture", "mobility", "food", "consumption", "adaptation")

# An action without its own plan_area falls back on its catalogue category.
CATEGORY_AREAS: Final = {
    "transport": "mobility",
    "food": "food",
    "home": "heat",
    "waste": "consumption",
    "consumption": "consumption",
}


def area_of(plan_area: str | None, category: str | None = None) -> str | None:
    """The plan area of a row: its own key when valid, else its category's, else none."""
    if plan_area in PLAN_AREAS:
        return plan_area
    return CATEGORY_AREAS.get(category or "")
