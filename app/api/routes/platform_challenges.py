"""The platform's inter-municipal challenges and their boards, readable from any address."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.api.blueprint import api_blueprint
from app.api.conditional import conditional
from app.api.routes.community import ETAG_HEADERS, IF_NONE_MATCH, NOT_MODIFIED
from app.api.schemas.platform_challenges import InterBoardSchema, InterChallengeListSchema
from app.errors import NotFound
from app.intermunicipal.queries import (
    Board,
    all_challenges,
    board_of,
    challenge_by_slug,
    min_participants,
    phase_of,
)
from app.settings import local_today
from app.tenancy.hosts import address_of
from app.web.templating import localised

blp = api_blueprint(
    "platform_challenges",
    "/platform/challenges",
    "Challenges between the municipalities: the platform sets them, municipalities opt in.",
    tag="Platform",
)

FORMULA = _l(
    "Ranked by the fair score of the challenge's metric, as the comparison of the municipalities: the "
    "municipality's total against what its size would give at the average rate of those taking part, "
    "in the chance deviations of its size. Ranked from min_participants participants."
)


def challenge_out(board: Board) -> dict[str, Any]:
    challenge = board.challenge
    return {
        "slug": challenge.slug,
        "title": localised(challenge, "title"),
        "description": localised(challenge, "description"),
        "starts_on": challenge.starts_on,
        "ends_on": challenge.ends_on,
        "phase": phase_of(challenge, local_today()).value,
        "metric": challenge.metric,
        "target": float(challenge.target_value),
        "total": round(board.total, 3),
        "action_slugs": [a.slug for a in challenge.actions],
        "municipalities": len(board.standings),
    }


@blp.get("", parameters=IF_NONE_MATCH)
@conditional(public_max_age=30)
@blp.response(200, InterChallengeListSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def list_challenges() -> ResponseReturnValue:
    """Every inter-municipal challenge, newest first; the same on every address."""
    return {"items": [challenge_out(board_of(c)) for c in all_challenges()]}


@blp.get("/<national_slug>", parameters=IF_NONE_MATCH)
@conditional(public_max_age=30)
@blp.response(200, InterBoardSchema, headers=ETAG_HEADERS)
@blp.alt_response(304, **NOT_MODIFIED)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def get_board(national_slug: str) -> ResponseReturnValue:
    """One challenge with its board: the municipalities taking part, ranked by the fair score."""
    challenge = challenge_by_slug(national_slug)
    if challenge is None:
        raise NotFound(_l("That challenge does not exist."))
    board = board_of(challenge)
    metric = challenge.metric
    return {
        **challenge_out(board),
        "formula": str(FORMULA),
        "min_participants": min_participants(),
        "standings": [
            {
                "slug": s.slug,
                "name": s.name,
                "address": address_of(s.slug, s.host_name),
                "rank": s.rank,
                "score": round(s.score, 3) if s.score is not None else None,
                "participants": s.participants,
                "points": s.points,
                "co2e_kg": round(s.co2e_g / 1000, 3),
                "per_participant": round(s.per_participant(metric), 3),
            }
            for s in board.standings
        ],
    }
