"""The platform's API: every municipality compared, readable from any municipality's address."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.api.blueprint import api_blueprint
from app.api.conditional import conditional
from app.api.routes.community import ETAG_HEADERS, IF_NONE_MATCH, NOT_MODIFIED, QUERY
from app.api.schemas.community import PeriodQuerySchema
from app.api.schemas.platform import MunicipalityComparisonSchema
from app.clock import Period, period_key
from app.platform.queries import MunicipalityStanding, comparison_min_participants, municipality_comparison
from app.settings import local_today
from app.tenancy.hosts import address_of

blp = api_blueprint(
    "platform", "/platform", "What the municipalities share: their fair comparison.", tag="Platform"
)

COMPARISON_FORMULA = _l(
    "Score = (the municipality's points − expected points) ÷ the expected variation; expected points "
    "= its inhabitants × the platform's points per inhabitant. Ranked from min_participants active "
    "participants in the period."
)


def municipality_out(m: MunicipalityStanding) -> dict[str, Any]:
    return {
        "slug": m.slug,
        "name": m.name,
        "address": address_of(m.slug, m.host_name),
        "rank": m.rank,
        "score": round(m.score, 3) if m.score is not None else None,
        "inhabitants": m.inhabitants,
        "participants": m.participants,
        "points": m.points,
        "co2e_kg": round(m.co2e_g / 1000, 3),
        "points_per_participant": round(m.points_per_participant, 3),
        "participation_rate": round(m.participation_rate, 6),
        "co2e_kg_per_inhabitant": round(m.co2e_g_per_inhabitant / 1000, 6),
    }


@blp.get("/municipalities", parameters=IF_NONE_MATCH)
@conditional(public_max_age=30)
@blp.arguments(PeriodQuerySchema, **QUERY)
@blp.response(200, MunicipalityComparisonSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def comparison(query: dict[str, Any]) -> ResponseReturnValue:
    """Every municipality on the platform with its address, ranked by the fair score as on the
    platform's page (`formula` says how); the same on every municipality's address."""
    period, today = Period(query["period"]), local_today()
    return {
        "period": period.value,
        "period_key": period_key(period, today),
        "formula": str(COMPARISON_FORMULA),
        "min_participants": comparison_min_participants(),
        "items": [municipality_out(m) for m in municipality_comparison(period, today)],
    }
