"""Bearer tokens: log in, list devices, log out."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_limiter.util import get_remote_address

from app.accounts.limits import login_account_limit
from app.accounts.models import ApiToken
from app.accounts.queries import tokens_of
from app.accounts.services import authenticate
from app.accounts.tokens import issue_token, revoke_token
from app.api.auth import current_api_token, current_api_user, token_required
from app.api.blueprint import api_blueprint
from app.api.schemas.account import IssuedTokenSchema, TokenListSchema, TokenRequestSchema
from app.clock import utcnow
from app.extensions import limiter
from app.web.problems import problem

blp = api_blueprint(
    "tokens",
    "/tokens",
    "Log in with e-mail and password to get a bearer token; list and revoke your tokens.",
    tag="Tokens",
)


def _token_limit() -> str:
    return str(current_app.config["API_TOKEN_RATE_LIMIT"])


def token_out(token: ApiToken, *, current_id: int | None) -> dict[str, Any]:
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
        "current": token.id == current_id,
    }


@blp.post("")
@limiter.limit(_token_limit, key_func=get_remote_address, scope="api-token-create")
@login_account_limit
@blp.arguments(TokenRequestSchema)
@blp.response(201, IssuedTokenSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def create_token(data: dict[str, Any]) -> ResponseReturnValue:
    """Log in: exchange e-mail and password for a bearer token.

    Limited per IP address more strictly than the rest of the API (password guessing), and
    per account (e-mail) together with the web login form.
    """
    user = authenticate(email=data["email"], password=data["password"])
    if user is None:
        return problem(401, gettext("The e-mail or password is not correct."), code="invalid_credentials")
    issued = issue_token(user=user, name=data["name"])
    body = token_out(issued.token, current_id=issued.token.id)
    body.update(token=issued.secret, token_type="Bearer")  # noqa: S106 - the scheme name, not a secret
    return body


@blp.get("")
@token_required()
@blp.response(200, TokenListSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
def list_tokens() -> ResponseReturnValue:
    """Your live tokens (one per device), newest first."""
    current = current_api_token()
    return {"items": [token_out(t, current_id=current.id) for t in tokens_of(current_api_user(), utcnow())]}


@blp.delete("/current")
@token_required()
@blp.response(204)
@blp.alt_response(401, response="UNAUTHORIZED")
def delete_current_token() -> None:
    """Log out: revoke the token this request was sent with."""
    revoke_token(user=current_api_user(), token_id=current_api_token().id)


@blp.delete("/<int:token_id>")
@token_required()
@blp.response(204)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(404, response="NOT_FOUND")
def delete_token(token_id: int) -> None:
    """Revoke one of your tokens, e.g. a lost phone's. Someone else's token is a 404."""
    revoke_token(user=current_api_user(), token_id=token_id)
