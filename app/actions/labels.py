"""The catalogue's category names in the request's language (citizen pages and admin pages)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.actions.models import Category


def category_names() -> dict[str, str]:
    return {
        Category.TRANSPORT: _("Transport"),
        Category.FOOD: _("Food"),
        Category.HOME: _("Home and energy"),
        Category.WASTE: _("Waste and recycling"),
        Category.CONSUMPTION: _("Consumption"),
        Category.COMMUNITY: _("Community"),
    }
