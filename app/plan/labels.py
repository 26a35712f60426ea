"""The plan areas' names, in the current language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.plan.areas import PLAN_AREAS

_NAMES = {
    "heat": _l("Heating and energy in buildings"),
    "electricity": _l("Electricity"),
    "agriculture": _l("Agriculture"),
    "mobility": _l("Mobility and transport"),
    "food": _l("Food"),
    "consumption": _l("Consumption and waste"),
    "adaptation": _l("Climate adaptation"),
}


def plan_area_names() -> dict[str, str]:
    """plan area key → its name, in app/plan/areas.py's order."""
    return {key: str(_NAMES[key]) for key in PLAN_AREAS}
