"""The companies' solutions with their adoption counts, and "Vi vil også" for business members."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.api.auth import current_api_user, token_required
from app.api.pagination import MAX_ID
from app.api.routes.business import blp
from app.api.schemas.solutions import (
    AdoptionCreateSchema,
    AdoptionSchema,
    SolutionListSchema,
    SolutionQuerySchema,
)
from app.business.models import Solution
from app.errors import NotFound
from app.plan.queries import theme_by_slug
from app.solutions.models import Adoption
from app.solutions.queries import listed_solutions, solution_by_id
from app.solutions.services import adopt_solution
from app.web.templating import localised


def solution_out(solution: Solution, adoptions: int) -> dict[str, Any]:
    theme = solution.theme
    return {
        "id": solution.id,
        "title": solution.title,
        "description": solution.description,
        "kind": solution.category,
        "state": solution.state,
        "theme": {"slug": theme.slug, "name": localised(theme, "name")} if theme is not None else None,
        "co2e_kg_per_year": float(solution.co2e_kg_per_year)
        if solution.co2e_kg_per_year is not None
        else None,
        "co2e_source": solution.co2e_source,
        "featured": solution.featured,
        "adoptions": adoptions,
        "company": {"slug": solution.company.slug, "name": solution.company.name},
    }


def adoption_out(adoption: Adoption) -> dict[str, Any]:
    return {
        "id": adoption.id,
        "solution_id": adoption.solution_id,
        "sparring_request_id": adoption.sparring_request_id,
        "wants_contact": adoption.wants_contact,
        "contact_state": adoption.contact_state,
        "created_at": adoption.created_at,
    }


@blp.get("/solutions")
@blp.arguments(SolutionQuerySchema, location="query")
@blp.response(200, SolutionListSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def list_solutions(args: dict[str, Any]) -> ResponseReturnValue:
    """The companies' solutions, each with how many companies want to do it too.

    Filter by plan theme (`theme`, a slug) and kind (`kind`). CO2e figures are estimates.
    """
    theme_id: int | None = None
    if args["theme"] is not None:
        theme = theme_by_slug(args["theme"])
        if theme is None:
            return {"items": []}
        theme_id = theme.id
    return {"items": [solution_out(s, n) for s, n in listed_solutions(theme_id=theme_id, kind=args["kind"])]}


@blp.post("/solutions/<int:solution_id>/adoptions")
@token_required("business")
@blp.arguments(AdoptionCreateSchema)
@blp.response(201, AdoptionSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def create_adoption(data: dict[str, Any], solution_id: int) -> ResponseReturnValue:
    """ "Vi vil også": your company wants to do what another company's solution does.

    It becomes a sparring request to the municipality (follow it under /sparring/requests). With
    `wants_contact` the solution's company is asked whether it will be put in contact; no contact
    details are shared before it accepts. Your own company's solution is a 422 (`own_solution`),
    a second adoption of the same solution a 409 (`already_adopted`).
    """
    solution = solution_by_id(solution_id) if solution_id <= MAX_ID else None
    if solution is None:
        raise NotFound(_l("There is no such solution."))
    adoption = adopt_solution(
        solution=solution,
        adopter=current_api_user(),
        topic=data["topic"],
        message=data["message"],
        contact_method=data["contact_method"],
        contact_time=data["contact_time"],
        wants_contact=data["wants_contact"],
    )
    location = url_for("api_business.get_request", request_id=adoption.sparring_request_id)
    return adoption_out(adoption), {"Location": location}
