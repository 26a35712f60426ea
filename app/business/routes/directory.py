"""The public company directory and each company's public page."""

from __future__ import annotations

from flask import Response, abort, request
from flask_login import current_user

from app.business.labels import SECTORS, SOLUTION_CATEGORIES
from app.business.queries import (
    company_by_slug,
    membership_of,
    pledges_of,
    search_companies,
    solutions_of,
    team_member_count,
    team_of_company,
)
from app.business.routes import bp
from app.business.routes.common import respond
from app.neighbourhoods.queries import all_neighbourhoods
from app.plan.queries import themes
from app.sparring.queries import completed_journeys
from app.web.htmx import render
from app.web.http_cache import public
from app.web.params import page_arg


@bp.get("/virksomheder")
@public(max_age=60)
def directory() -> Response:
    query = request.args.get("q", "")[:100]
    area = request.args.get("omraade") or None
    sector = request.args.get("branche") or None
    if sector is not None and sector not in SECTORS:
        sector = None
    kind = request.args.get("type") or None
    if kind is not None and kind not in SOLUTION_CATEGORIES:
        kind = None  # an unknown kind filters nothing, like an unknown sector
    plan_themes = themes()
    theme_slug = request.args.get("tema") or None
    theme = next((t for t in plan_themes if t.slug == theme_slug), None)
    page = page_arg()
    result = search_companies(
        query=query,
        neighbourhood_slug=area,
        sector=sector,
        theme_id=theme.id if theme is not None else None,
        kind=kind,
        page=page,
    )
    wanted = {
        "q": query,
        "omraade": area,
        "branche": sector,
        "tema": theme.slug if theme is not None else None,
        "type": kind,
    }
    filters = {k: v for k, v in wanted.items() if v}
    return render(
        "business/directory.html",
        "business/_directory_results.html",
        result=result,
        query=query,
        area=area,
        sector=sector,
        filters=filters,
        neighbourhoods=all_neighbourhoods(),
        themes=plan_themes,
        theme=theme,
        kind=kind,
    )


@bp.get("/virksomheder/<slug>")
@public(max_age=60)
def company_page(slug: str) -> Response:
    company = company_by_slug(slug)
    if company is None:
        abort(404)
    team = team_of_company(company.id)
    mine = membership_of(current_user)
    return respond(
        "business/company.html",
        company=company,
        solutions=solutions_of(company.id),
        pledges=pledges_of(company.id),
        journeys=completed_journeys(company.id) if company.show_sparring_journeys else [],
        team=team,
        team_members=team_member_count(team.id) if team else 0,
        is_own=mine is not None and mine.company_id == company.id,
    )
