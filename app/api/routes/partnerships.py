"""The municipality's published climate partnerships, with their KPIs and check-ins."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.api.blueprint import api_blueprint
from app.api.conditional import conditional
from app.api.routes.community import ETAG_HEADERS, IF_NONE_MATCH, NOT_MODIFIED, QUERY
from app.api.schemas.partnerships import (
    PartnershipDetailSchema,
    PartnershipListQuerySchema,
    PartnershipListSchema,
)
from app.errors import NotFound
from app.partnerships.models import Partnership
from app.partnerships.queries import kpi_status, published_partnership, published_partnerships
from app.settings import local_today
from app.web.templating import localised

blp = api_blueprint(
    "partnerships",
    "/partnerships",
    "The municipality's published climate partnerships (KL's catalogue form) and their follow-up.",
    tag="Partnerships",
)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def partnership_summary_out(p: Partnership) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "title": p.title,
        "status": p.status,
        "theme": {"slug": p.theme.slug, "name": localised(p.theme, "name")} if p.theme else None,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "partners": [
            {
                "name": partner.display_name,
                "company_slug": partner.company.slug if partner.company else None,
                "role": partner.role,
            }
            for partner in p.partners
        ],
    }


def partnership_detail_out(p: Partnership) -> dict[str, Any]:
    today = local_today()
    kpis = []
    for kpi in p.kpis:
        status = kpi_status(p, kpi, today)
        kpis.append(
            {
                "name": kpi.name,
                "unit": kpi.unit,
                "baseline": _decimal(kpi.baseline),
                "target": _decimal(kpi.target),
                "check_in_every_days": kpi.check_in_every_days,
                "next_check_in": status.next_due,
                "overdue": status.overdue,
                "check_ins": [
                    {"on_date": c.on_date, "value": str(c.value), "note": c.note} for c in kpi.check_ins
                ],
            }
        )
    return {
        **partnership_summary_out(p),
        "how_it_arose": p.how_it_arose,
        "what_it_does": p.what_it_does,
        "advice": p.advice,
        "contact_role": p.contact_role,
        "kpis": kpis,
    }


@blp.get("", parameters=IF_NONE_MATCH)
@conditional(public_max_age=60)
@blp.arguments(PartnershipListQuerySchema, **QUERY)
@blp.response(200, PartnershipListSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def list_partnerships(query: dict[str, Any]) -> ResponseReturnValue:
    """The host municipality's published partnerships, newest start first; `theme` (a plan
    theme's slug) and `status` narrow the list."""
    rows = published_partnerships(theme_slug=query.get("theme"), status=query.get("status"))
    return {"items": [partnership_summary_out(p) for p in rows]}


@blp.get("/<partnership_slug>", parameters=IF_NONE_MATCH)
@conditional(public_max_age=60)
@blp.response(200, PartnershipDetailSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def get_partnership(partnership_slug: str) -> ResponseReturnValue:
    """One published partnership: KL's sections, the partners, and each KPI with its check-ins
    (oldest first), when the next is due and whether it is overdue. Unpublished: 404."""
    found = published_partnership(partnership_slug)
    if found is None:
        raise NotFound(_l("That partnership does not exist."))
    return partnership_detail_out(found)
