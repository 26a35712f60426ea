"""Challenges on the community blueprint: public reads, and joining one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.accounts.models import Role
from app.api.auth import current_api_user, token_required
from app.api.conditional import conditional
from app.api.routes.community import (
    ETAG_HEADERS,
    IF_NONE_MATCH,
    NOT_MODIFIED,
    OPTIONAL_BEARER,
    QUERY,
    _could_be_slug,
    _kg,
    _token_user,
    action_ref,
    blp,
    neighbourhood_ref,
)
from app.api.schemas.community import (
    ChallengeDetailSchema,
    ChallengeListQuerySchema,
    ChallengeListSchema,
    ParticipationSchema,
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
from app.challenges.rules import ChallengeState, RewardKind, state_on
from app.challenges.services import join_challenge
from app.errors import NotFound
from app.settings import local_today
from app.web.templating import localised


def _number(value: Decimal | None) -> float | None:
    """Decimals go out as JSON numbers, as everywhere in the API."""
    return None if value is None else float(value)


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
        "fair_score": standing.fair_score,
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


def _challenge_or_404(slug: str) -> Challenge:
    challenge = challenge_by_slug(slug) if _could_be_slug(slug) else None
    if challenge is None:
        raise NotFound(_l("That challenge does not exist."))
    return challenge


@blp.get("/challenges", parameters=IF_NONE_MATCH)
@blp.doc(security=OPTIONAL_BEARER)
@conditional(public_max_age=30)
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
@conditional(public_max_age=30)
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
    body = challenge_out(
        challenge,
        today=local_today(),
        progress=progress(challenge, totals),
        joined=None if user is None else mine is not None,
    )
    body.update(
        totals=totals_out(totals),
        min_participants=0,
        areas=[challenge_area_out(s) for s in area_standings(challenge.id)],
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
