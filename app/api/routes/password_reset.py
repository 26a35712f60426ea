"""Forgotten password: ask for a reset mail, then set a new password with its token."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import gettext

from app.accounts.lifecycle import request_password_reset, reset_password
from app.accounts.limits import reset_confirm_limits, reset_request_limits
from app.api.blueprint import api_blueprint
from app.api.schemas.account import NoticeSchema, PasswordResetConfirmSchema, PasswordResetRequestSchema

blp = api_blueprint(
    "password_reset",
    "/password-reset",
    "Forgotten password: a reset link by mail, then a new password.",
    tag="Password reset",
)


@blp.post("")
@reset_request_limits
@blp.arguments(PasswordResetRequestSchema)
@blp.response(202, NoticeSchema)
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def request_reset(data: dict[str, Any]) -> ResponseReturnValue:
    """Mail a password-reset link (valid 60 minutes, works once) to the address if it has an
    account. The answer is always the same 202, so it does not tell which addresses exist.

    Limited per IP address and per e-mail address, together with the web form."""
    request_password_reset(email=data["email"])
    return {
        "detail": gettext(
            "If the address has an account, we have sent a mail with a link to choose a new password."
        )
    }


@blp.post("/confirm")
@reset_confirm_limits
@blp.arguments(PasswordResetConfirmSchema)
@blp.response(204)
@blp.alt_response(
    400, response="BAD_REQUEST", description="code `reset_token_invalid`: unknown, used or expired token"
)
@blp.alt_response(
    422,
    response="UNPROCESSABLE_ENTITY",
    description="The new password is too weak (`errors` names `password`)",
)
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def confirm_reset(data: dict[str, Any]) -> None:
    """Set a new password with the token from the reset mail (the same strength rules as at
    sign-up). Every session and every API token of the account stops working; log in again."""
    reset_password(token=data["token"], new_password=data["password"])
