"""Whole anonymous answers of public views, kept in the shared cache for a few seconds.

What a reverse proxy does in front of the app (deploy/nginx.conf), the app does for itself when
no proxy is there, or for each proxy's misses: a view marked `@public(max_age=…)`
(app/web/http_cache.py) answering an anonymous GET is rendered once per key and then served
from the cache (app/cache.py: per process, or one Redis for every instance) without running the
view, for min(max_age, PUBLIC_RESPONSE_CACHE_SECONDS) seconds.

The key is everything that can change an anonymous body: the host, the path and query string,
the language the request is answered in, and every HX-* header (partial or full page). Only an
anonymous request (no Authorization header, an empty session: app.web.http_cache) is looked up
or stored, so no answer meant for a person is ever kept, and only a 200 that is already public
and sets no cookie is stored. A served copy carries `Age`, so a cache further down the line
keeps it only for what is left of its max-age.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Response, current_app, g, request, request_finished
from flask_babel import get_locale
from redis.exceptions import RedisError

from app.cache import cache
from app.web.http_cache import is_anonymous_request, public_max_age

_SERVED = "_response_from_cache"


def _lifetime() -> int:
    """Seconds to keep this request's answer; 0 when it is not a cacheable public read."""
    if request.method not in ("GET", "HEAD"):
        return 0
    cap = int(current_app.config.get("PUBLIC_RESPONSE_CACHE_SECONDS") or 0)
    max_age = public_max_age()
    if cap <= 0 or max_age is None or not is_anonymous_request():
        return 0
    return min(cap, max_age)


def _key() -> str:
    htmx = sorted(
        (name.lower(), value) for name, value in request.headers.items() if name.lower().startswith("hx-")
    )
    raw = request.full_path if request.query_string else request.path
    return f"response:{request.host}:{get_locale()}:{raw}:{htmx}"


def serve_from_cache() -> Response | None:
    """before_request: the kept answer for this key, made conditional on If-None-Match."""
    if not _lifetime():
        return None
    try:
        kept: tuple[float, int, list[tuple[str, str]], bytes] | None = cache.get(_key())
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, rendering the page: %s", exc)
        return None
    if kept is None:
        return None
    stored_at, status, headers, body = kept
    response = Response(body, status=status, headers=headers)
    response.headers["Age"] = str(max(0, int(time.time() - stored_at)))
    setattr(g, _SERVED, True)
    response.make_conditional(request)  # turns the response itself into a 304 on a match
    return response


def keep_in_cache(sender: Flask, response: Response, **_extra: Any) -> None:
    """request_finished: keep a freshly rendered public 200 (all hooks have run by now)."""
    seconds = _lifetime()
    if (
        not seconds
        or request.method != "GET"
        or g.get(_SERVED)
        or response.status_code != 200
        or response.is_streamed
        or not response.cache_control.public
        or "Set-Cookie" in response.headers
    ):
        return
    headers = [(name, value) for name, value in response.headers.items() if name.lower() != "content-length"]
    try:
        cache.set(_key(), (time.time(), response.status_code, headers, response.get_data()), timeout=seconds)
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, not keeping the page: %s", exc)


def register_response_cache(app: Flask) -> None:
    """Look up before the view (after the earlier hooks' checks); store once the answer is final."""
    app.before_request(serve_from_cache)
    request_finished.connect(keep_in_cache, app)
