"""Areas, leaderboards, challenges and the shared vision: public reads, and joining a challenge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import marshmallow as ma
from flask import g
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.accounts.models import Role, User
from app.actions.models import Action
from app.api.auth import BEARER_SECURITY, current_api_user, token_required
from app.api.blueprint import api_blueprint
from app.api.conditional import conditional
from app.api.schemas.community import (
    ChallengeDetailSchema,
    ChallengeListQuerySchema,
    ChallengeListSchema,
    CitizenBoardSchema,
    NeighbourhoodBoardSchema,
    NeighbourhoodListSchema,
    ParticipationSchema,
    PeriodQuerySchema,
    VisionQuerySchema,
    VisionSchema,
)
from app.challenges.models import Challenge, ChallengeParticipant
from app.challenges.queries import (
    ChallengeAreaStanding,
    ChallengeTotals,
    Progress,
    area_standings,
    challenge_by_slug,
    challenge_totals,
    challenges_by_state,
    joined_challenge_ids,
    participant,
    progress,
    progress_by_challenge,
)
from app.challenges.rules import ChallengeState, RewardKind, progress_fraction, state_on
from app.challenges.services import join_challenge
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
from app.settings import local_today, setting
from app.vision.models import ClimateGoal
from app.vision.queries import area_contributions, climate_goals, target_for, top_actions, year_totals
from app.web.templating import localised

F = TypeVar("F", bound=Callable[..., Any])

blp = api_blueprint(
    "community", "", "Areas, leaderboards, challenges and the shared climate vision.", tag="Community"
)

# webargs ignores unknown query parameters unless told; a typo (?perod=month) should be a 422.
QUERY: dict[str, Any] = {"location": "query", "unknown": ma.RAISE}
# The same msgid as the web leaderboard's rule, so both say it in the same words.
RANKING_FORMULA = _l(
    "Points per participant = the area's total points in the period ÷ its active participants."
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


def _number(value: Decimal | None) -> float | None:
    """Decimals go out as JSON numbers, as everywhere in the API."""
    return None if value is None else float(value)


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
        "co2e_kg": _kg(standing.co2e_g),
    }


def action_ref(action: Action) -> dict[str, Any]:
    return {"slug": action.slug, "name": localised(action, "name"), "unit": localised(action, "unit")}


def progress_out(value: Progress) -> dict[str, Any]:
    return {
        "metric": value.metric,
        "total": float(value.total),
        "target": _number(value.target),
        "fraction": value.fraction,
    }


def challenge_out(
    challenge: Challenge, *, today: date, progress: Progress, joined: bool | None
) -> dict[str, Any]:
    bonus = challenge.reward_kind == RewardKind.BONUS
    return {
        "slug": challenge.slug,
        "title": localised(challenge, "title"),
        "description": localised(challenge, "description"),
        "state": state_on(starts_on=challenge.starts_on, ends_on=challenge.ends_on, today=today),
        "starts_on": challenge.starts_on,
        "ends_on": challenge.ends_on,
        "reward": {
            "kind": challenge.reward_kind,
            "bonus_points": int(challenge.reward_value) if bonus else None,
            "multiplier": None if bonus else float(challenge.reward_value),
        },
        "actions": [action_ref(action) for action in challenge.actions],
        "progress": progress_out(progress),
        "joined": joined,
    }


def totals_out(totals: ChallengeTotals) -> dict[str, Any]:
    return {
        "joined": totals.joined,
        "active": totals.active,
        "logs": totals.logs,
        "points": totals.points,
        "quantity": float(totals.quantity),
        "co2e_kg": _kg(totals.co2e_g),
    }


def challenge_area_out(standing: ChallengeAreaStanding) -> dict[str, Any]:
    return {
        "neighbourhood": neighbourhood_ref(standing.neighbourhood),
        "rank": standing.rank,
        "points": standing.points,
        "points_per_participant": standing.points_per_participant,
        "participants": standing.participants,
    }


def participation_out(challenge: Challenge, row: ChallengeParticipant) -> dict[str, Any]:
    return {
        "challenge": challenge.slug,
        "joined_at": row.joined_at,
        "points": row.points,
        "bonus_points": row.bonus_points,
        "logs": row.logs,
        "quantity": float(row.quantity),
        "co2e_kg": _kg(row.co2e_g),
    }


def climate_goal_out(goal: ClimateGoal) -> dict[str, Any]:
    return {
        "slug": goal.slug,
        "year": goal.year,
        "title": localised(goal, "title"),
        "body": localised(goal, "body"),
        "source_label": goal.source_label,
        "source_url": goal.source_url,
    }


def _could_be_slug(slug: str) -> bool:
    """PostgreSQL text cannot hold a NUL byte: no row has one, and asking would be a 500."""
    return "\x00" not in slug


def _area_or_404(slug: str) -> Neighbourhood:
    area = neighbourhood_by_slug(slug) if _could_be_slug(slug) else None
    if area is None:
        raise NotFound(_l("There is no such area."))
    return area


def _challenge_or_404(slug: str) -> Challenge:
    challenge = challenge_by_slug(slug) if _could_be_slug(slug) else None
    if challenge is None:
        raise NotFound(_l("That challenge does not exist."))
    return challenge


@blp.get("/neighbourhoods", parameters=IF_NONE_MATCH)
@conditional
@blp.response(200, NeighbourhoodListSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def list_neighbourhoods() -> ResponseReturnValue:
    """The areas that compete, alphabetically, with their population."""
    return {"items": [neighbourhood_out(area) for area in all_neighbourhoods()]}


@blp.get("/leaderboards/neighbourhoods", parameters=IF_NONE_MATCH)
@blp.doc(security=OPTIONAL_BEARER)
@conditional
@blp.arguments(PeriodQuerySchema, **QUERY)
@blp.response(200, NeighbourhoodBoardSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def neighbourhood_board(query: dict[str, Any]) -> ResponseReturnValue:
    """Areas ranked by points per active participant, as on the web leaderboard.

    Areas with fewer active participants than `min_participants` are listed last with rank
    null. With a citizen's token, `mine` is that citizen's area.
    """
    period, today = Period(query["period"]), local_today()
    min_participants = int(setting("LEADERBOARD_MIN_PARTICIPANTS"))
    standings = neighbourhood_standings(period, today, min_participants=min_participants)
    citizen = _token_citizen()
    mine = standing_of(standings, citizen.neighbourhood_id) if citizen else None
    return {
        "period": period.value,
        "period_key": period_key(period, today),
        "formula": str(RANKING_FORMULA),
        "min_participants": min_participants,
        "items": [area_standing_out(s) for s in standings],
        "mine": area_standing_out(mine) if mine else None,
    }


@blp.get("/leaderboards/neighbourhoods/<slug>/citizens", parameters=IF_NONE_MATCH)
@blp.doc(security=OPTIONAL_BEARER)
@conditional
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
    standings = neighbourhood_standings(
        period, today, min_participants=int(setting("LEADERBOARD_MIN_PARTICIPANTS"))
    )
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


@blp.get("/challenges", parameters=IF_NONE_MATCH)
@blp.doc(security=OPTIONAL_BEARER)
@conditional
@blp.arguments(ChallengeListQuerySchema, **QUERY)
@blp.response(200, ChallengeListSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def list_challenges(query: dict[str, Any]) -> ResponseReturnValue:
    """Running, upcoming and finished challenges with their progress; with a token, `joined`."""
    today = local_today()
    groups = challenges_by_state(today)
    states = (
        [ChallengeState(query["state"])]
        if "state" in query
        else [ChallengeState.RUNNING, ChallengeState.UPCOMING, ChallengeState.FINISHED]
    )
    shown = [c for state in states for c in groups[state]]
    progresses = progress_by_challenge(shown)
    user = _token_user()
    joined = joined_challenge_ids(user.id) if user is not None else None
    return {
        "items": [
            challenge_out(
                c, today=today, progress=progresses[c.id], joined=None if joined is None else c.id in joined
            )
            for c in shown
        ]
    }


@blp.get("/challenges/<slug>", parameters=IF_NONE_MATCH)
@blp.doc(security=OPTIONAL_BEARER)
@conditional
@blp.response(200, ChallengeDetailSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def get_challenge(slug: str) -> ResponseReturnValue:
    """One challenge: rules, progress, totals and the areas ranked within it; with a token, your
    part (`mine`)."""
    challenge = _challenge_or_404(slug)
    totals = challenge_totals(challenge.id)
    user = _token_user()
    mine = participant(challenge.id, user.id) if user is not None else None
    min_participants = int(setting("LEADERBOARD_MIN_PARTICIPANTS"))
    body = challenge_out(
        challenge,
        today=local_today(),
        progress=progress(challenge, totals),
        joined=None if user is None else mine is not None,
    )
    body.update(
        totals=totals_out(totals),
        min_participants=min_participants,
        areas=[
            challenge_area_out(s) for s in area_standings(challenge.id, min_participants=min_participants)
        ],
        mine=participation_out(challenge, mine) if mine else None,
    )
    return body


@blp.post("/challenges/<slug>/join")
@token_required(Role.CITIZEN)
@blp.response(201, ParticipationSchema, description="Joined: logs of the covered actions count from now on")
@blp.alt_response(
    200, schema=ParticipationSchema, success=True, description="You had already joined: nothing changed"
)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def join(slug: str) -> ResponseReturnValue:
    """Join an upcoming or running challenge (citizens with an area). Joining twice is harmless;
    a finished challenge is a 409."""
    challenge = _challenge_or_404(slug)
    row, created = join_challenge(user=current_api_user(), challenge_id=challenge.id)
    return participation_out(challenge, row), 201 if created else 200


@blp.get("/vision", parameters=IF_NONE_MATCH)
@conditional
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
