"""Whole anonymous answers of public views, kept in the shared cache for a few seconds.

What a reverse proxy does in front of the app (deploy/nginx.conf), the app does for itself when
no proxy is there, or for each proxy's misses: a view marked `@public(max_age=…)`
(app/web/http_cache.py) answering an anonymous GET is rendered once per key and then served
from the cache (app/cache.py: per process, or one Redis for every instance) without running the
view, for min(max_age, PUBLIC_RESPONSE_CACHE_SECONDS) seconds.

A kept answer is served by a WSGI middleware in front of Flask, as a proxy's cache would be:
before any request context, hook or extension runs, so it costs about what a hello-world app
does. That is safe because the middleware only ever serves what a full request stored, under a
key made of everything that can change an anonymous body: the scheme and host (so only a host
that was served, after its host check, has entries), the path and query string, the language
the request is answered in, and every HX-* header (partial or full page). Only an anonymous
request is looked up or stored: no Authorization header and no cookie but the language
cookie, so no session, no login, no remember-me, no flash message can be in the body. Only a
200 that is already public and sets no cookie is stored, after all hooks ran (its security and
caching headers are in the copy). A served copy carries `Age`, so a cache further down the line
keeps it only for what is left of its max-age, and answers If-None-Match with 304.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, current_app, request, request_finished
from redis.exceptions import RedisError
from werkzeug.http import parse_cookie
from werkzeug.wsgi import get_host

from app.cache import cache
from app.web.http_cache import is_anonymous_request, public_max_age
from app.web.language import chosen_language

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

Kept = tuple[float, int, list[tuple[str, str]], bytes]


def kept_answer_key(environ: dict[str, Any], config: Mapping[str, Any]) -> str | None:
    """The key of this request's kept answer, or None when it may neither be served nor stored
    from the cache: not a GET or HEAD, credentials, or any cookie but the language cookie."""
    if config.get("PUBLIC_RESPONSE_CACHE_SECONDS", 0) <= 0:
        return None
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
        return None
    path = str(environ.get("PATH_INFO") or "/")
    language_cookie = config["LANGUAGE_COOKIE_NAME"]
    cookies = parse_cookie(environ) if environ.get("HTTP_COOKIE") else {}
    if any(name != language_cookie for name in cookies):
        return None
    accept_language = environ.get("HTTP_ACCEPT_LANGUAGE")
    language = chosen_language(config, path, cookies.get(language_cookie), accept_language)
    htmx = sorted((name, value) for name, value in environ.items() if name.startswith("HTTP_HX_"))
    query = environ.get("QUERY_STRING")
    raw = f"{path}?{query}" if query else path
    return f"response:{environ.get('wsgi.url_scheme')}:{get_host(environ)}:{language}:{raw}:{htmx}"


class KeptAnswers:
    """WSGI middleware: serves a kept anonymous answer, or passes the request on to Flask."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.static_prefix = f"{app.static_url_path}/"

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if str(environ.get("PATH_INFO", "")).startswith(self.static_prefix):
            return self.wsgi_app(environ, start_response)  # never kept: no lookup for a file
        key = kept_answer_key(environ, self.app.config)
        kept = self._lookup(key) if key else None
        if kept is None:
            return self.wsgi_app(environ, start_response)
        stored_at, status, headers, body = kept
        response = Response(body, status=status, headers=headers)
        response.headers["Age"] = str(max(0, int(time.time() - stored_at)))
        response.make_conditional(environ)  # a 304 on a matching If-None-Match
        return response(environ, start_response)

    def _lookup(self, key: str) -> Kept | None:
        backend = self.app.extensions["cache"][cache]  # Flask-Caching's store, no app context needed
        try:
            kept: Kept | None = backend.get(key)
        except RedisError as exc:
            self.app.logger.warning("Cache unreachable, rendering the page: %s", exc)
            return None
        return kept


def _lifetime() -> int:
    """Seconds to keep this request's answer; 0 when it is not a cacheable public read."""
    cap = int(current_app.config.get("PUBLIC_RESPONSE_CACHE_SECONDS") or 0)
    max_age = public_max_age()
    if cap <= 0 or max_age is None or not is_anonymous_request():
        return 0
    return min(cap, max_age)


def keep_in_cache(sender: Flask, response: Response, **_extra: Any) -> None:
    """request_finished: keep a freshly rendered public 200 (all hooks have run by now)."""
    key = kept_answer_key(request.environ, current_app.config)
    seconds = _lifetime() if key else 0
    if (
        not key
        or not seconds
        or request.method != "GET"  # a HEAD answer has no body to keep
        or response.status_code != 200
        or response.is_streamed
        or not response.cache_control.public
        or "Set-Cookie" in response.headers
    ):
        return
    headers = [(name, value) for name, value in response.headers.items() if name.lower() != "content-length"]
    kept: Kept = (time.time(), response.status_code, headers, response.get_data())
    try:
        cache.set(key, kept, timeout=seconds)
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, not keeping the page: %s", exc)


def register_response_cache(app: Flask) -> None:
    """Serve kept answers in front of Flask; store each one once its answer is final. Call it
    before any middleware that fixes the environ (ProxyFix) wraps the app, so the key sees the
    scheme and host the visitor used."""
    app.wsgi_app = KeptAnswers(app, app.wsgi_app)  # type: ignore[method-assign]
    request_finished.connect(keep_in_cache, app)
