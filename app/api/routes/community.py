"""Areas and leaderboards (public reads), and what the community routes share.

The challenges and the shared vision are in community_challenges and community_vision, on the
same blueprint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import marshmallow as ma
from flask import g
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.accounts.models import Role, User
from app.actions.effective import EffectiveAction
from app.actions.models import Action
from app.api.auth import BEARER_SECURITY
from app.api.blueprint import api_blueprint
from app.api.conditional import conditional
from app.api.schemas.community import (
    CitizenBoardSchema,
    NeighbourhoodBoardSchema,
    NeighbourhoodListSchema,
    PeriodQuerySchema,
)
from app.clock import Period, period_key
from app.errors import NotFound
from app.i18n import current_locale
from app.leaderboards.queries import (
    AreaStanding,
    my_position,
    neighbourhood_standings,
    standing_of,
    top_citizens,
)
from app.neighbourhoods.models import Neighbourhood
from app.neighbourhoods.queries import all_neighbourhoods, neighbourhood_by_slug
from app.settings import local_today
from app.web.templating import localised

F = TypeVar("F", bound=Callable[..., Any])

blp = api_blueprint(
    "community", "", "Areas, leaderboards, challenges and the shared climate vision.", tag="Community"
)

# webargs ignores unknown query parameters unless told; a typo (?perod=month) should be a 422.
QUERY: dict[str, Any] = {"location": "query", "unknown": ma.RAISE}
# The same msgid as the web leaderboard's rule, so both say it in the same words.
RANKING_FORMULA = _l(
    "Score = (the area's points − expected points) ÷ the expected variation; expected points = the "
    "area's population × the municipality's points per inhabitant. A cube-root correction "
    "(Wilson–Hilferty) evens out that a small area's total varies more by chance."
)
# Anonymous, or a token: the body then says what is yours.
OPTIONAL_BEARER = [{}, *BEARER_SECURITY]
ETAG_HEADERS = {
    "ETag": {
        "description": "Send it back as If-None-Match to get 304 when nothing changed",
        "schema": {"type": "string"},
    }
}
IF_NONE_MATCH = [
    {
        "in": "header",
        "name": "If-None-Match",
        "required": False,
        "schema": {"type": "string"},
        "description": "The ETag of the copy you have",
    }
]
NOT_MODIFIED: dict[str, Any] = {
    "description": "Not modified: the ETag you sent is current (no body)",
    "headers": ETAG_HEADERS,
}


def _token_user() -> User | None:
    """The token's user on a public endpoint (anonymous is fine; a bad token got a 401)."""
    user: User | None = g.get("api_user")
    return user


def _token_citizen() -> User | None:
    user = _token_user()
    return user if user is not None and user.role == Role.CITIZEN else None


def _kg(grams: int) -> float:
    return grams / 1000


def neighbourhood_ref(area: Neighbourhood) -> dict[str, Any]:
    return {"slug": area.slug, "name": area.name}


def neighbourhood_out(area: Neighbourhood) -> dict[str, Any]:
    return {
        "slug": area.slug,
        "name": area.name,
        "includes": area.includes(current_locale()),
        "population": area.population,
        "population_year": area.population_year,
        "source": area.source(current_locale()),
    }


def area_standing_out(standing: AreaStanding) -> dict[str, Any]:
    return {
        "neighbourhood": neighbourhood_ref(standing.neighbourhood),
        "rank": standing.rank,
        "points": standing.points,
        "points_per_participant": standing.points_per_participant,
        "participants": standing.participants,
        "participation_rate": standing.participation_rate,
        "fair_score": standing.fair_score,
        "co2e_kg": _kg(standing.co2e_g),
    }


def action_ref(action: Action | EffectiveAction) -> dict[str, Any]:
    return {"slug": action.slug, "name": localised(action, "name"), "unit": localised(action, "unit")}


def _could_be_slug(slug: str) -> bool:
    """PostgreSQL text cannot hold a NUL byte: no row has one, and asking would be a 500."""
    return "\x00" not in slug


def _area_or_404(slug: str) -> Neighbourhood:
    area = neighbourhood_by_slug(slug) if _could_be_slug(slug) else None
    if area is None:
        raise NotFound(_l("There is no such area."))
    return area


@blp.get("/neighbourhoods", parameters=IF_NONE_MATCH)
@conditional(public_max_age=300)
@blp.response(200, NeighbourhoodListSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def list_neighbourhoods() -> ResponseReturnValue:
    """The areas that compete, alphabetically, with their population."""
    return {"items": [neighbourhood_out(area) for area in all_neighbourhoods()]}


@blp.get("/leaderboards/neighbourhoods", parameters=IF_NONE_MATCH)
@blp.doc(security=OPTIONAL_BEARER)
@conditional(public_max_age=10)
@blp.arguments(PeriodQuerySchema, **QUERY)
@blp.response(200, NeighbourhoodBoardSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def neighbourhood_board(query: dict[str, Any]) -> ResponseReturnValue:
    """Areas ranked by their fair score, as on the web leaderboard (`formula` says how).

    Every area is ranked; only before anyone has points in the period is every rank null.
    With a citizen's token, `mine` is that citizen's area.
    """
    period, today = Period(query["period"]), local_today()
    standings = neighbourhood_standings(period, today)
    citizen = _token_citizen()
    mine = standing_of(standings, citizen.neighbourhood_id) if citizen else None
    return {
        "period": period.value,
        "period_key": period_key(period, today),
        "formula": str(RANKING_FORMULA),
        "min_participants": 0,
        "items": [area_standing_out(s) for s in standings],
        "mine": area_standing_out(mine) if mine else None,
    }


@blp.get("/leaderboards/neighbourhoods/<slug>/citizens", parameters=IF_NONE_MATCH)
@blp.doc(security=OPTIONAL_BEARER)
@conditional(public_max_age=10)
@blp.arguments(PeriodQuerySchema, **QUERY)
@blp.response(200, CitizenBoardSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def citizen_board(query: dict[str, Any], slug: str) -> ResponseReturnValue:
    """The area's top citizens by points: only those who chose to be shown, by alias.

    Ranks count every participant. With the token of a citizen of this area, `me` is their own
    position, whether or not they are shown.
    """
    area = _area_or_404(slug)
    period, today = Period(query["period"]), local_today()
    standings = neighbourhood_standings(period, today)
    standing = standing_of(standings, area.id)
    if standing is None:  # every area is on the board; a concurrent delete is still a 404
        raise NotFound(_l("There is no such area."))
    citizen = _token_citizen()
    me = (
        my_position(citizen, period, today)
        if citizen is not None and citizen.neighbourhood_id == area.id
        else None
    )
    return {
        "neighbourhood": neighbourhood_ref(area),
        "period": period.value,
        "period_key": period_key(period, today),
        "standing": area_standing_out(standing),
        "items": [
            {
                "rank": c.rank,
                "alias": c.alias,
                "points": c.points,
                "co2e_kg": _kg(c.co2e_g),
                "is_me": citizen is not None and c.user_id == citizen.id,
            }
            for c in top_citizens(area.id, period, today)
        ],
        "me": {"rank": me.rank, "of": me.of, "points": me.points} if me else None,
    }


# The challenge and vision views register themselves on blp when their modules are imported.
from app.api.routes import community_challenges, community_plan, community_vision  # noqa: E402, F401
