"""The municipality's climate plan, per theme with what feeds it, on the community blueprint."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask.typing import ResponseReturnValue

from app.api.conditional import conditional
from app.api.routes.community import ETAG_HEADERS, IF_NONE_MATCH, NOT_MODIFIED, QUERY, _kg, action_ref, blp
from app.api.schemas.plan import PlanQuerySchema, PlanSchema
from app.plan.models import ClimatePlan
from app.plan.overview import PlanOverview, ThemeView, plan_overview
from app.plan.queries import CitizenTotal, area_themes
from app.settings import local_today
from app.web.templating import localised


def _citizens(total: CitizenTotal) -> dict[str, Any]:
    return {"co2e_kg": _kg(total.co2e_g), "logs": total.logs, "participants": total.participants}


def _plan(plan: ClimatePlan, overview: PlanOverview) -> dict[str, Any]:
    return {
        "title": plan.title,
        "adopted_on": plan.adopted_on,
        "baseline_year": plan.baseline_year,
        "baseline_emissions_t": plan.baseline_emissions_t,
        "baseline_estimate": plan.baseline_estimate,
        "baseline_note": localised(plan, "baseline_note"),
        "target_2030_pct": plan.target_2030_pct,
        "neutral_year": plan.neutral_year,
        "national_2030_pct": plan.national_2030_pct,
        "citizen_target_mode": plan.citizen_target_mode,
        "derived_citizen_target_kg": overview.derived_target_kg,
        "source_label": plan.source_label,
        "source_url": plan.source_url,
    }


def _theme(view: ThemeView, areas: dict[int, list[str]]) -> dict[str, Any]:
    theme = view.theme
    return {
        "slug": theme.slug,
        "name": localised(theme, "name"),
        "description": localised(theme, "description"),
        "source_label": theme.source_label,
        "source_url": theme.source_url,
        "plan_areas": areas.get(theme.id, []),
        "citizens": _citizens(view.citizens),
        "actions": [action_ref(a) for a in view.actions],
        "measures": [
            {
                "code": m.code,
                "title": localised(m, "title"),
                "description": localised(m, "description"),
                "source": m.source,
            }
            for m in theme.measures
        ],
        "contributions": {kind: [asdict(item) for item in items] for kind, items in view.items.items()},
    }


@blp.get("/plan", parameters=IF_NONE_MATCH)
@conditional(public_max_age=60)
@blp.arguments(PlanQuerySchema, **QUERY)
@blp.response(200, PlanSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def plan(query: dict[str, Any]) -> ResponseReturnValue:
    """The municipality's climate plan (of the host's municipality): its targets and, per theme,
    the citizens' estimated CO2e in the year, the actions that count there, the measures, and
    what companies, partnerships and sparring contribute. `plan` is null when none is entered."""
    year = query.get("year") or local_today().year
    overview = plan_overview(year)
    areas: dict[int, list[str]] = {}
    for area, theme_id in sorted(area_themes().items()):
        areas.setdefault(theme_id, []).append(area)
    return {
        "year": year,
        "plan": _plan(overview.plan, overview) if overview.plan else None,
        "themes": [_theme(view, areas) for view in overview.themes],
        "unassigned": _citizens(overview.unassigned),
        "participants": overview.participants,
    }
