"""The signed-in person: profile, privacy choices, area, data export, account deletion."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.accounts.lifecycle import send_verification_mail
from app.accounts.limits import verification_mail_limit
from app.accounts.models import User
from app.accounts.services import update_me as update_me_service
from app.api.auth import current_api_user, token_required
from app.api.blueprint import api_blueprint
from app.api.schemas.account import MeSchema, MeUpdateSchema, NoticeSchema, PasswordSchema
from app.business.queries import membership_of
from app.errors import ValidationError
from app.neighbourhoods.queries import neighbourhood_by_slug
from app.privacy.queries import export_user_data
from app.privacy.services import delete_own_account

blp = api_blueprint("account", "/me", "The signed-in person's profile, privacy choices and data.", tag="Me")


def me_out(user: User) -> dict[str, Any]:
    membership = membership_of(user)
    area = user.neighbourhood
    return {
        "public_id": user.public_id,
        "email": user.email,
        "alias": user.alias,
        "role": user.role,
        "neighbourhood": {"slug": area.slug, "name": area.name} if area else None,
        "neighbourhood_changed_at": user.neighbourhood_changed_at,
        "show_in_rankings": user.show_in_rankings,
        "company": (
            {"slug": membership.company.slug, "name": membership.company.name, "role": membership.role}
            if membership
            else None
        ),
        "created_at": user.created_at,
        "email_verified": user.email_verified,
    }


@blp.get("")
@token_required()
@blp.response(200, MeSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
def get_me() -> ResponseReturnValue:
    """Who the token belongs to."""
    return me_out(current_api_user())


@blp.post("/verification-mail")
@token_required()
@verification_mail_limit
@blp.response(202, NoticeSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(409, response="CONFLICT")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def resend_verification_mail() -> ResponseReturnValue:
    """Send the e-mail verification mail again (a new link, valid 7 days).

    Already confirmed: 409 with code `already_verified`. Limited per account."""
    user = current_api_user()
    send_verification_mail(user=user)
    return {
        "detail": gettext("We have sent a new mail to %(email)s. Follow the link in it.", email=user.email)
    }


@blp.patch("")
@token_required()
@blp.arguments(MeUpdateSchema, required=False)  # no body: nothing changes
@blp.response(200, MeSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(409, response="CONFLICT")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def update_me(data: dict[str, Any]) -> ResponseReturnValue:
    """Change alias, individual-ranking opt-in and area; send only the fields to change (at
    least one: an empty body is a 422).

    All or nothing: when one change is refused (a taken alias is a 409, a second move within
    30 days a 422), nothing is changed. Moving area: past logs stay with the area they were
    logged in; at most one move per 30 days.
    """
    user = current_api_user()
    area_id = None
    if "neighbourhood" in data:
        area = neighbourhood_by_slug(data["neighbourhood"])
        if area is None:
            raise ValidationError(_l("There is no such area."), field="neighbourhood")
        area_id = area.id
    try:
        update_me_service(
            user=user,
            alias=data.get("alias"),
            show_in_rankings=data.get("show_in_rankings"),
            neighbourhood_id=area_id,
        )
    except ValidationError as refused:
        if refused.field == "neighbourhood_id":
            refused.field = "neighbourhood"  # the API's name for the form's neighbourhood_id
        raise
    return me_out(user)


@blp.get("/export")
@token_required()
@blp.response(200)
@blp.alt_response(401, response="UNAUTHORIZED")
def export_me() -> ResponseReturnValue:
    """Everything stored about you, as JSON: one section per table (the same export as on the
    account page; `tables` names each section's table). Sent with Cache-Control: no-store."""
    return export_user_data(current_api_user()), 200, {"Cache-Control": "no-store"}


@blp.delete("")
@token_required()
@blp.arguments(PasswordSchema)
@blp.response(204)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def delete_me(data: dict[str, Any]) -> None:
    """Delete your account, confirmed with your password. Your logs are anonymised and
    re-keyed, so your area's totals stay correct and nothing links them to you; your tokens
    stop working. The privacy page lists what happens to each kind of data."""
    delete_own_account(user=current_api_user(), password=data["password"])
