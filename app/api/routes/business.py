"""Company directory and pages; the sparring catalogue and a company's sparring requests are in
business_sparring, on the same blueprint."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.api.blueprint import api_blueprint
from app.api.pagination import BAD_CURSOR, decode_cursor, encode_cursor, is_id
from app.api.schemas.business import (
    CompanyDirectoryPageSchema,
    CompanyDirectoryQuerySchema,
    CompanyPageSchema,
)
from app.business.models import Company
from app.business.queries import (
    DirectoryKey,
    company_by_slug,
    directory_slice,
    pledges_of,
    solutions_of,
    team_member_count,
    team_of_company,
)
from app.errors import NotFound, ValidationError
from app.neighbourhoods.models import Neighbourhood
from app.sparring.queries import completed_journeys

blp = api_blueprint(
    "business",
    "",
    "Company directory and pages, sparring offers, and sparring requests for business members.",
    tag="Business",
)

SUMMARY_LENGTH = 160


# --- serializers -------------------------------------------------------------------------------


def _area(neighbourhood: Neighbourhood) -> dict[str, str]:
    return {"slug": neighbourhood.slug, "name": neighbourhood.name}


def summary_of(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The start of a text on one line: whole words, '…' when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] or flat[: limit - 1]
    return cut.rstrip(" ,.;:-") + "…"


def directory_company_out(company: Company, solutions: int) -> dict[str, Any]:
    return {
        "slug": company.slug,
        "name": company.name,
        "sector": company.sector,
        "neighbourhood": _area(company.neighbourhood),
        "verified": company.is_verified,
        "demo": company.is_demo,
        "summary": summary_of(company.about),
        "solutions": solutions,
    }


def company_page_out(company: Company) -> dict[str, Any]:
    """What the public company page shows: no contact person, no members, no open requests."""
    team = team_of_company(company.id)
    journeys = completed_journeys(company.id) if company.show_sparring_journeys else []
    return {
        "slug": company.slug,
        "name": company.name,
        "cvr": company.cvr,
        "address": company.address,
        "website": company.website,
        "about": company.about,
        "sector": company.sector,
        "size_band": company.size_band,
        "neighbourhood": _area(company.neighbourhood),
        "verified": company.is_verified,
        "demo": company.is_demo,
        "solutions": [
            {
                "id": s.id,
                "title": s.title,
                "description": s.description,
                "category": s.category,
                "effect": s.effect,
                "effect_source": s.effect_source,
            }
            for s in solutions_of(company.id)
        ],
        "pledges": [
            {
                "id": p.id,
                "title": p.title,
                "description": p.description,
                "target_date": p.target_date,
                "status": p.status,
            }
            for p in pledges_of(company.id)
        ],
        "sparring_journeys": [
            {"topic": j.topic, "offers": [o.title for o in j.offers], "completed_at": j.completed_at}
            for j in journeys
        ],
        "team": ({"name": team.name, "members": team_member_count(team.id)} if team is not None else None),
    }


# --- cursors -----------------------------------------------------------------------------------


def _storable(value: object) -> bool:
    """Text a database can compare: no NUL, no lone surrogate (else a 500, not a miss)."""
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _directory_key(cursor: str | None) -> DirectoryKey | None:
    values = decode_cursor(cursor, arity=3)
    if values is None:
        return None
    verified, name, company_id = values
    if not (isinstance(verified, bool) and _storable(name) and is_id(company_id)):
        raise ValidationError(BAD_CURSOR, field="cursor")
    return verified, name, company_id


# --- companies ---------------------------------------------------------------------------------


@blp.get("/companies")
@blp.arguments(CompanyDirectoryQuerySchema, location="query")
@blp.response(200, CompanyDirectoryPageSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def list_companies(args: dict[str, Any]) -> ResponseReturnValue:
    """The company directory: verified companies first, then by name.

    Filter by words (`q`, in the name, the about text or a solution's title), area and sector.
    """
    found = directory_slice(
        query=args["q"],
        neighbourhood_slug=args["neighbourhood"],
        sector=args["sector"],
        after=_directory_key(args["cursor"]),
        limit=args["limit"],
    )
    return {
        "items": [directory_company_out(c, found.solution_counts.get(c.id, 0)) for c in found.companies],
        "next_cursor": encode_cursor(list(found.next_key)) if found.next_key else None,
    }


@blp.get("/companies/<string(maxlength=80):slug>")
@blp.response(200, CompanyPageSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(404, response="NOT_FOUND")
def get_company(slug: str) -> ResponseReturnValue:
    """A company's public page: profile, solutions, pledges, its workplace team's size and, if
    the company chose to show them, its completed sparring journeys."""
    company = company_by_slug(slug)
    if company is None:
        raise NotFound(_l("There is no such company."))
    return company_page_out(company)


# The sparring views register themselves on blp when their module is imported.
from app.api.routes import business_solutions, business_sparring  # noqa: E402, F401
