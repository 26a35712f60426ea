"""The platform's cases: every municipality's published cases, readable from any address."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.api.blueprint import api_blueprint
from app.api.conditional import conditional
from app.api.routes.community import ETAG_HEADERS, IF_NONE_MATCH, NOT_MODIFIED, QUERY
from app.api.schemas.cases import CaseDetailSchema, CaseListQuerySchema, CaseListSchema
from app.cases.queries import CaseEntry, published_case, published_cases
from app.errors import NotFound
from app.tenancy.hosts import address_of

blp = api_blueprint(
    "platform_cases",
    "/platform/cases",
    "What the municipalities share: their published cases (challenges, partnerships, campaigns).",
    tag="Platform",
)

TEMPLATE_FIELDS = (
    "title_da",
    "title_en",
    "description_da",
    "description_en",
    "action_slugs",
    "reward_kind",
    "reward_value",
    "target_metric",
    "target_value",
    "duration_days",
)


def case_summary_out(entry: CaseEntry) -> dict[str, Any]:
    case = entry.case
    return {
        "id": case.id,
        "kind": case.kind,
        "language": case.language,
        "title": case.title,
        "summary": case.summary,
        "published_at": case.published_at,
        "municipality": {
            "slug": entry.municipality_slug,
            "name": entry.municipality_name,
            "address": address_of(entry.municipality_slug, entry.municipality_host),
        },
        "figures": {"participants": case.participants, "points": case.points_total, "co2e_kg": case.co2e_kg},
    }


def case_detail_out(entry: CaseEntry) -> dict[str, Any]:
    case = entry.case
    template = case.challenge_template
    return {
        **case_summary_out(entry),
        "what_was_done": case.what_was_done,
        "results": case.results,
        "advice": case.advice,
        "challenge": {field: template.get(field) for field in TEMPLATE_FIELDS} if template else None,
    }


@blp.get("", parameters=IF_NONE_MATCH)
@conditional(public_max_age=30)
@blp.arguments(CaseListQuerySchema, **QUERY)
@blp.response(200, CaseListSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def list_cases(query: dict[str, Any]) -> ResponseReturnValue:
    """Every municipality's published cases, newest first; the same on every address."""
    entries = published_cases(kind=query.get("kind"), municipality=query.get("municipality"))
    return {"items": [case_summary_out(e) for e in entries]}


@blp.get("/<int:case_id>", parameters=IF_NONE_MATCH)
@conditional(public_max_age=30)
@blp.response(200, CaseDetailSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def get_case(case_id: int) -> ResponseReturnValue:
    """One published case: what was done, the results, the advice and, for a challenge case,
    the challenge as it ran (to copy it: title, texts, covered actions by slug, reward, target,
    length in days). A draft is a 404."""
    entry = published_case(case_id)
    if entry is None:
        raise NotFound(_l("That case does not exist."))
    return case_detail_out(entry)
