"""The public side of cases: every municipality's published cases, on the platform's page and
on every municipality's address (national knowledge, the same for everyone)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, make_response, render_template

from app.cases.queries import published_case, published_cases
from app.tenancy.hosts import address_of
from app.web.http_cache import public

bp = Blueprint("cases", __name__)


@bp.get("/kommuner/cases")
@public(max_age=30)
def index() -> Response:
    entries = published_cases()
    return make_response(
        render_template(
            "cases/index.html",
            entries=entries,
            addresses={
                e.municipality_slug: address_of(e.municipality_slug, e.municipality_host) for e in entries
            },
        )
    )


@bp.get("/kommuner/cases/<int:case_id>")
@public(max_age=30)
def detail(case_id: int) -> Response:
    entry = published_case(case_id)
    if entry is None:
        abort(404)
    return make_response(
        render_template(
            "cases/detail.html",
            entry=entry,
            case=entry.case,
            address=address_of(entry.municipality_slug, entry.municipality_host),
        )
    )
