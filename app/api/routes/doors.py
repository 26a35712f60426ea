"""Citizen sign-up, and the signed-in citizen's workplace team: join, see, leave."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from app.accounts.models import Role
from app.accounts.services import register_user
from app.api.auth import current_api_user, token_required
from app.api.blueprint import api_blueprint
from app.api.routes.account import me_out
from app.api.schemas.account import MeSchema
from app.api.schemas.doors import JoinTeamSchema, MyTeamSchema, RegistrationRequestSchema
from app.business import services as business
from app.business.models import TeamMembership
from app.business.queries import membership_in_team, team_member_count
from app.errors import NotFound, ValidationError
from app.extensions import limiter
from app.neighbourhoods.queries import neighbourhood_by_slug

registrations = api_blueprint(
    "registrations",
    "/registrations",
    "Sign up as a citizen (the web app's rules), then log in with POST /api/v1/tokens.",
    tag="Registrations",
)
teams = api_blueprint(
    "teams", "/me/team", "Your workplace team: join with a code, see it, leave it.", tag="Workplace team"
)


def _signup_limit() -> str:
    return str(current_app.config["API_TOKEN_RATE_LIMIT"])  # the same allowance as logging in


@registrations.post("")
@limiter.limit(_signup_limit, key_func=get_remote_address, scope="api-registration")
@registrations.arguments(RegistrationRequestSchema)
@registrations.response(201, MeSchema)
@registrations.alt_response(409, response="CONFLICT")
@registrations.alt_response(422, response="UNPROCESSABLE_ENTITY")
@registrations.alt_response(429, response="TOO_MANY_REQUESTS")
def register(data: dict[str, Any]) -> ResponseReturnValue:
    """Create a citizen account - the same service and rules as the web sign-up: a valid and
    unused e-mail (409 if taken), the password rules (422 on `password`), a free alias (409),
    an existing area (422 on `neighbourhood`). Rate limited per IP address like logging in.
    The answer is the new account; get a token with POST /api/v1/tokens."""
    area = neighbourhood_by_slug(data["neighbourhood"])
    if area is None:
        raise ValidationError(_l("There is no such area."), field="neighbourhood")
    try:
        user = register_user(
            email=data["email"],
            password=data["password"],
            alias=data["alias"],
            neighbourhood_id=area.id,
            role=Role.CITIZEN,
            show_in_rankings=data["show_in_rankings"],
        )
    except ValidationError as refused:
        if refused.field == "neighbourhood_id":
            refused.field = "neighbourhood"
        raise
    return me_out(user)


def team_out(membership: TeamMembership) -> dict[str, Any]:
    team = membership.team
    return {
        "name": team.name,
        "company": {"slug": team.company.slug, "name": team.company.name},
        "members": team_member_count(team.id),
        "joined_at": membership.joined_at,
        "joined_on": membership.joined_on,
    }


@teams.get("")
@token_required(Role.CITIZEN)
@teams.response(200, MyTeamSchema)
@teams.alt_response(401, response="UNAUTHORIZED")
@teams.alt_response(403, response="FORBIDDEN")
@teams.alt_response(404, response="NOT_FOUND")
def my_team() -> ResponseReturnValue:
    """Your workplace team (404 when you are on none). Membership is private: only you see it."""
    membership = membership_in_team(current_api_user().id)
    if membership is None:
        raise NotFound(_l("You are not on a workplace team."))
    return team_out(membership)


@teams.post("")
@token_required(Role.CITIZEN)
@teams.arguments(JoinTeamSchema)
@teams.response(201, MyTeamSchema)
@teams.alt_response(401, response="UNAUTHORIZED")
@teams.alt_response(403, response="FORBIDDEN")
@teams.alt_response(409, response="CONFLICT")
@teams.alt_response(422, response="UNPROCESSABLE_ENTITY")
def join(data: dict[str, Any]) -> ResponseReturnValue:
    """Join a workplace team with its code (the web app's service): at most one team (409 when
    on one already), an unknown code is a 422. Your logs count for the team from today on."""
    return team_out(business.join_team(user=current_api_user(), code=data["code"]))


@teams.delete("")
@token_required(Role.CITIZEN)
@teams.response(204)
@teams.alt_response(401, response="UNAUTHORIZED")
@teams.alt_response(403, response="FORBIDDEN")
@teams.alt_response(404, response="NOT_FOUND")
def leave() -> None:
    """Leave your workplace team. Points you earned stay in your own and your area's totals."""
    business.leave_team(user=current_api_user())
