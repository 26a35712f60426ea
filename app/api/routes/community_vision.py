"""The shared climate vision on the community blueprint."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask.typing import ResponseReturnValue

from app.api.conditional import conditional
from app.api.routes.community import (
    ETAG_HEADERS,
    IF_NONE_MATCH,
    NOT_MODIFIED,
    QUERY,
    _kg,
    action_ref,
    blp,
    neighbourhood_ref,
)
from app.api.schemas.community import VisionQuerySchema, VisionSchema
from app.challenges.rules import progress_fraction
from app.settings import local_today
from app.vision.models import ClimateGoal
from app.vision.queries import area_contributions, climate_goals, target_for, top_actions, year_totals
from app.web.templating import localised


def climate_goal_out(goal: ClimateGoal) -> dict[str, Any]:
    return {
        "slug": goal.slug,
        "year": goal.year,
        "title": localised(goal, "title"),
        "body": localised(goal, "body"),
        "source_label": goal.source_label,
        "source_url": goal.source_url,
    }


@blp.get("/vision", parameters=IF_NONE_MATCH)
@conditional(public_max_age=60)
@blp.arguments(VisionQuerySchema, **QUERY)
@blp.response(200, VisionSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def vision(query: dict[str, Any]) -> ResponseReturnValue:
    """The shared goal: what all citizens saved in the year against the municipality's target,
    each area's part, the most logged actions and the climate plan's goals."""
    year = query.get("year") or local_today().year
    co2e_g, points, logs = year_totals(year)
    target = target_for(year)
    return {
        "year": year,
        "co2e_kg": _kg(co2e_g),
        "points": points,
        "logs": logs,
        "target": (
            {
                "co2e_kg": target.target_co2e_kg,
                "fraction": progress_fraction(Decimal(co2e_g) / 1000, Decimal(target.target_co2e_kg)),
            }
            if target
            else None
        ),
        "areas": [
            {
                "neighbourhood": neighbourhood_ref(c.neighbourhood),
                "co2e_kg": _kg(c.co2e_g),
                "points": c.points,
                "share": c.share,
            }
            for c in area_contributions(year)
        ],
        "top_actions": [
            {"action": action_ref(row.action), "logs": row.logs, "co2e_kg": _kg(row.co2e_g)}
            for row in top_actions(year)
        ],
        "climate_goals": [climate_goal_out(goal) for goal in climate_goals()],
    }
