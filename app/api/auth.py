"""Bearer-token authentication for the API: the only identity the API knows."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, request
from flask_babel import gettext
from flask_limiter.util import get_remote_address

from app.accounts.models import ApiToken, User
from app.clock import utcnow
from app.digest import secret_digest
from app.errors import PermissionDenied
from app.web.problems import problem

F = TypeVar("F", bound=Callable[..., Any])

BEARER_SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def _carries_session_cookie() -> bool:
    names = (
        current_app.config["SESSION_COOKIE_NAME"],
        current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
    )
    return any(name in request.cookies for name in names)


def authenticate_request() -> Any:
    """before_request of every API blueprint: resolve the token, or refuse.

    The API never reads the session cookie, which is why it needs no CSRF token: a request that
    carries the cookie but no bearer token is refused rather than served anonymously, so a
    forgotten header fails loudly instead of silently acting as nobody.
    """
    g.api_token = None
    g.api_user = None
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        return problem(400, gettext("The address contains a NUL character."))
    if "Authorization" in request.headers:
        secret = _bearer_secret()
        if secret is None:
            return problem(
                401, gettext("Use the Bearer scheme: Authorization: Bearer <token>."), code="token_invalid"
            )
        from app.accounts.queries import live_token
        from app.accounts.tokens import note_token_use

        now = utcnow()
        token = live_token(secret, now)
        if token is None:
            return problem(
                401, gettext("The token is unknown, expired or revoked. Log in again."), code="token_invalid"
            )
        note_token_use(token=token, now=now)
        g.api_token = token
        g.api_user = token.user
        return None
    if _carries_session_cookie():
        return problem(
            401,
            gettext(
                "The API does not use the login cookie. Send "
                "Authorization: Bearer <token> (POST /api/v1/tokens)."
            ),
            code="cookie_not_accepted",
        )
    return None


def current_api_user() -> User:
    """The token's user; only call it in a view behind `token_required`."""
    user: User | None = g.get("api_user")
    if user is None:  # a view forgot its decorator: fail closed
        raise PermissionDenied(gettext("You do not have access to this."))
    return user


def current_api_token() -> ApiToken:
    token: ApiToken = g.api_token
    return token


def token_required(*roles: str) -> Callable[[F], F]:
    """The view needs a bearer token; with roles, also one of these roles (else 403)."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = g.get("api_user")
            if user is None:
                return problem(401)
            if roles and user.role not in roles:
                return problem(403)
            return view(*args, **kwargs)

        # flask-smorest reads this to document the operation's security requirement
        doc = getattr(wrapped, "_apidoc", {})
        doc.setdefault("manual_doc", {})["security"] = BEARER_SECURITY
        wrapped._apidoc = doc  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def rate_limit_key() -> str:
    """Per token when the request carries one (hashed: the secret never reaches Redis), else per IP."""
    secret = _bearer_secret()
    if secret:
        return "token:" + secret_digest(secret, length=32)
    return "ip:" + (get_remote_address() or "unknown")
