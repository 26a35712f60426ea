"""Brute-force limits for the account doors: per IP address and per account."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.accounts.services import normalise_email
from app.digest import secret_digest
from app.extensions import limiter

F = TypeVar("F", bound=Callable[..., Any])


def _configured(name: str) -> Callable[[], str]:
    """Read the limit per request, so tests (and operators) can change it without a restart."""
    return lambda: str(current_app.config[name])


def _body_value(name: str) -> str:
    value = request.form.get(name)
    if value is None and request.is_json:
        data = request.get_json(silent=True)
        if isinstance(data, dict) and isinstance(data.get(name), str):
            value = data[name]
    return value or ""


def email_key() -> str:
    """The account a form or JSON body names: its normalised e-mail (an IP without one)."""
    email = normalise_email(_body_value("email"))
    if not email:
        return "ip:" + (get_remote_address() or "unknown")
    return "email:" + secret_digest(email, length=32)


def reset_token_key() -> str:
    """The reset link being tried: from the URL (web form) or the body (API)."""
    token = (request.view_args or {}).get("token") or _body_value("token")
    return "reset:" + secret_digest(str(token), length=32)


def user_key() -> str:
    """The signed-in person (web) or the API token's person."""
    from flask import g

    user = g.get("api_user") or (current_user if current_user.is_authenticated else None)
    if user is None:
        return "ip:" + (get_remote_address() or "unknown")
    return f"user:{user.id}"


def per_ip_and_account(
    scope: str, ip_setting: str, account_setting: str, account_key: Callable[[], str]
) -> Callable[[F], F]:
    """Two limits on POST: one per IP address and one per account. `scope` names the counters:
    views that share a scope (the web form and its API twin) share the allowance."""
    by_ip = limiter.shared_limit(
        _configured(ip_setting),
        scope=f"{scope}-ip",
        key_func=get_remote_address,
        methods=["POST"],
        override_defaults=False,
    )
    by_account = limiter.shared_limit(
        _configured(account_setting),
        scope=f"{scope}-account",
        key_func=account_key,
        methods=["POST"],
        override_defaults=False,
    )

    def decorator(view: F) -> F:
        return by_ip(by_account(view))  # type: ignore[return-value]

    return decorator


login_limits = per_ip_and_account("login", "WEB_LOGIN_RATE_LIMIT", "WEB_LOGIN_ACCOUNT_RATE_LIMIT", email_key)
# POST /api/v1/tokens is a login too: it shares the web login's per-account counter (its per-IP
# limit is API_TOKEN_RATE_LIMIT), so switching doors gives no extra guesses.
login_account_limit = limiter.shared_limit(
    _configured("WEB_LOGIN_ACCOUNT_RATE_LIMIT"),
    scope="login-account",
    key_func=email_key,
    methods=["POST"],
    override_defaults=False,
)
register_limits = per_ip_and_account(
    "register", "WEB_REGISTER_RATE_LIMIT", "WEB_REGISTER_ACCOUNT_RATE_LIMIT", email_key
)
reset_request_limits = per_ip_and_account(
    "password-reset", "PASSWORD_RESET_RATE_LIMIT", "PASSWORD_RESET_ACCOUNT_RATE_LIMIT", email_key
)
reset_confirm_limits = per_ip_and_account(
    "password-reset-confirm",
    "PASSWORD_RESET_CONFIRM_RATE_LIMIT",
    "PASSWORD_RESET_CONFIRM_TOKEN_RATE_LIMIT",
    reset_token_key,
)
verification_mail_limit = limiter.shared_limit(
    _configured("VERIFICATION_MAIL_RATE_LIMIT"),
    scope="verification-mail",
    key_func=user_key,
    methods=["POST"],
    override_defaults=False,
)
