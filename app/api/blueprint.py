"""The factory for API blueprints: bearer auth, no CSRF, rate limits, one place."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_smorest import Blueprint

from app.api.auth import authenticate_request, rate_limit_key

API_PREFIX = "/api/v1"


def _api_limit() -> str:
    return str(current_app.config["API_RATE_LIMIT"])


def _ip_limit() -> str:
    return str(current_app.config["API_IP_RATE_LIMIT"])


class ApiBlueprint(Blueprint):
    """Every operation is documented under the blueprint's readable tag."""

    tag: str

    def route(self, rule: str, *, parameters: Any = None, tags: Any = None, **options: Any) -> Any:
        return super().route(rule, parameters=parameters, tags=tags or [self.tag], **options)


def is_public_read() -> bool:
    """A GET without a token of a read that is public without one."""
    from app.web.http_cache import public_max_age

    return (
        request.method in ("GET", "HEAD")
        and "Authorization" not in request.headers
        and (public_max_age() is not None)
    )


def api_blueprint(name: str, url_prefix: str, description: str, *, tag: str) -> Blueprint:
    """A flask-smorest blueprint under /api/v1 whose views see only the bearer token.

    `tag` groups its operations in the documentation.
    """
    from flask_limiter.util import get_remote_address

    from app.extensions import check_api_limits, csrf, limiter

    blueprint = ApiBlueprint(
        f"api_{name}", __name__, url_prefix=API_PREFIX + url_prefix, description=description
    )
    blueprint.tag = tag
    # The limits first (as before the token check). A kept public answer is served in front of
    # Flask (app/web/response_cache.py), so the limiter is never asked about it.
    blueprint.before_request(check_api_limits)
    blueprint.before_request(authenticate_request)
    csrf.exempt(blueprint)
    # shared limits: one allowance for the whole API, not one per blueprint. A token-less read
    # of public data (`conditional(public_max_age=…)`) is exempt, like the public web pages:
    # it is the same for everyone and meant for shared caches, and counting it would cost a
    # round trip to the limiter's store (Redis) on every read.
    limiter.shared_limit(_api_limit, scope="api", key_func=rate_limit_key, exempt_when=is_public_read)(
        blueprint
    )
    limiter.shared_limit(_ip_limit, scope="api-ip", key_func=get_remote_address, exempt_when=is_public_read)(
        blueprint
    )
    return blueprint
