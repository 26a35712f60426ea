"""A signed-in person's own page, kept a few seconds for that person's browser session only.

A citizen reloads the home screen often (after logging, coming back to the tab); most of its
cost is the same render of the same numbers. `@kept_for_session("home")` keeps the rendered body
for PERSONAL_PAGE_CACHE_SECONDS under a key no other person or browser can produce:

- the host, the signed-in account with its session version (a password change or logout makes
  the key unreachable), the language, the local day, the path, query and HX-* headers;
- a digest of the session's CSRF secret, so the kept page's form tokens are valid for the
  browser that asks (another device of the same person has its own secret, hence its own copy);
- the session's page version, which every successful write of this browser (any POST, PUT,
  PATCH or DELETE answered below 400) raises, so a person always sees their own write at once.

Never kept: a page showing a flash message, any answer but a 200, a streamed body. What others
do (an admin voiding a log, the area's standing moving) and a log from the phone app show
within PERSONAL_PAGE_CACHE_SECONDS. The answer still goes through every after_request hook, so
it is `private, no-store` like any personal page (app/web/security.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, current_app, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from redis.exceptions import RedisError

from app.cache import cache
from app.settings import local_today

F = TypeVar("F", bound=Callable[..., Any])

PAGE_VERSION = "_pv"  # session key raised by every successful write of this browser
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _seconds() -> int:
    return int(current_app.config.get("PERSONAL_PAGE_CACHE_SECONDS") or 0)


def _key(name: str) -> str:
    secret = str(session.get("csrf_token", ""))
    digest = hashlib.sha256(secret.encode()).hexdigest()[:16]
    htmx = sorted((h.lower(), value) for h, value in request.headers.items() if h.lower().startswith("hx-"))
    raw = request.full_path if request.query_string else request.path
    return (
        f"personal:{name}:{request.host}:{current_user.get_id()}:{get_locale()}:{local_today()}:"
        f"{session.get(PAGE_VERSION, 0)}:{digest}:{raw}:{htmx}"
    )


def _kept(key: str) -> tuple[str, list[str]] | None:
    try:
        kept: tuple[str, list[str]] | None = cache.get(key)
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, rendering the page: %s", exc)
        return None
    return kept


def kept_for_session(name: str) -> Callable[[F], F]:
    """Keep the view's 200 body for this signed-in browser session (see the module docstring).
    Put it under the access decorator, so only a permitted person reaches the cache."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            seconds = _seconds()
            signed_in = current_user.is_authenticated
            if seconds <= 0 or request.method != "GET" or not signed_in or "_flashes" in session:
                return view(*args, **kwargs)
            kept = _kept(_key(name))
            if kept is not None:
                body, vary = kept
                response = Response(body, mimetype="text/html")
                for header in vary:
                    response.vary.add(header)
                return response
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200 and not response.is_streamed:
                # The key is taken after the render: a first render may have set the CSRF secret.
                kept = (response.get_data(as_text=True), list(response.vary))
                try:
                    cache.set(_key(name), kept, timeout=seconds)
                except RedisError as exc:
                    current_app.logger.warning("Cache unreachable, not keeping the page: %s", exc)
            return response

        return wrapped  # type: ignore[return-value]

    return decorate


def register_personal_cache(app: Flask) -> None:
    """Every successful write of a signed-in browser raises its page version (see above)."""

    @app.after_request
    def _raise_page_version(response: Response) -> Response:
        if request.method in _WRITES and response.status_code < 400 and "_user_id" in session:
            session[PAGE_VERSION] = int(session.get(PAGE_VERSION, 0)) + 1
        return response
