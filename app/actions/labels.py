"""The catalogue's category names in the request's language, and an action as this
municipality names it (citizen pages, admin pages and the API)."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from app.actions.effective import EffectiveAction, overrides_here
from app.actions.models import Action, ActionOverride, Category


def category_names() -> dict[str, str]:
    return {
        Category.TRANSPORT: _("Transport"),
        Category.FOOD: _("Food"),
        Category.HOME: _("Home and energy"),
        Category.WASTE: _("Waste and recycling"),
        Category.CONSUMPTION: _("Consumption"),
        Category.COMMUNITY: _("Community"),
    }


def action_here(action: Action | EffectiveAction) -> EffectiveAction:
    """`action` with this municipality's local values, for naming logged actions (today's list,
    history, feed, API). The overrides are read once per request (app context), not per row."""
    if isinstance(action, EffectiveAction):
        return action
    overrides: dict[int, ActionOverride] | None = g.get("action_overrides_here")
    if overrides is None:
        overrides = g.action_overrides_here = overrides_here()
    override = overrides.get(action.id) if action.municipality_id is None else None
    return EffectiveAction(action, override)
