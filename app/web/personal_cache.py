"""A signed-in person's own page, kept a few seconds for that person's browser session only.

A citizen reloads the home screen often (after logging, coming back to the tab); most of its
cost is the same render of the same numbers. A view marked `@kept_for_session` has its final
answer (every after_request hook has run, so it is `private, no-store` like any personal page:
app/web/security.py) kept for PERSONAL_PAGE_CACHE_SECONDS, and a reload is served by a WSGI
middleware in front of Flask (as app/web/response_cache.py serves anonymous answers), under a
key no other person or browser can produce. It is made of the raw request and session cookie:

- the scheme and host, the path, query and HX-* headers, the language cookie;
- the signed-in account with its session version (Flask-Login's id in the signed session
  cookie: a password change or logout makes the key unreachable);
- a digest of the session's CSRF secret, so the kept page's form tokens are valid for the
  browser that asks (another device of the same person has its own secret, hence its own copy);
- the session's page version, which every successful write of this browser (any POST, PUT,
  PATCH or DELETE answered below 400) raises, so a person always sees their own write at once;
- a digest of the client address and User-Agent, which Flask-Login's session protection
  compares: a request Flask-Login would treat differently never gets the copy.

Before a copy is served, the account is read again (one primary-key SELECT through the function
app/features.py registers: `use_account_state`): it must still be in the state it was in when
the copy was made (same session version, not suspended, same role and municipality), so a
logout elsewhere, a suspension or a role change takes effect at once, as on a rendered page. A
copy is served only on the local day it was made.

Never kept: an answer that sets a cookie or changes the session (a new CSRF secret, a spent
message), a page showing a flash message, any answer but a 200, a streamed body. What others do
(an admin voiding a log, the area's standing moving) and a log from the phone app show within
PERSONAL_PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Flask, Response, current_app, request, request_finished, session
from itsdangerous import BadSignature
from redis.exceptions import RedisError
from werkzeug.http import parse_cookie
from werkzeug.wsgi import get_host

from app.cache import cache
from app.clock import local_date, utcnow
from app.settings import timezone
from app.web.language import chosen_language

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

F = TypeVar("F", bound=Callable[..., Any])
AccountState = Callable[[str], Hashable | None]  # Flask-Login id -> what must not have changed

PAGE_VERSION = "_pv"  # session key raised by every successful write of this browser
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_KEPT_VIEW = "kept_for_session"  # attribute marking a view function
_ACCOUNT_STATE = "klimadyst.account_state"
# What a kept copy holds: the account's state, the local day and zone it was made on, headers, body.
Kept = tuple[Hashable, str, str, list[tuple[str, str]], bytes]


def personal_key(environ: dict[str, Any], config: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """The key of this request's kept page, from the raw request and its session's data; None
    when the request may neither be served nor stored from the cache."""
    login_id = data.get("_user_id")
    if not login_id or "_flashes" in data or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = str(environ.get("PATH_INFO") or "/")
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    language = chosen_language(config, path, cookies.get(config["LANGUAGE_COOKIE_NAME"]), None)
    secret = hashlib.sha256(str(data.get("csrf_token", "")).encode()).hexdigest()[:16]
    seen_as = "|".join(
        str(environ.get(name, "")) for name in ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR", "HTTP_USER_AGENT")
    )
    identity = hashlib.sha256(seen_as.encode()).hexdigest()[:16]
    htmx = sorted((name, value) for name, value in environ.items() if name.startswith("HTTP_HX_"))
    query = environ.get("QUERY_STRING")
    raw = f"{path}?{query}" if query else path
    return (
        f"personal:{environ.get('wsgi.url_scheme')}:{get_host(environ)}:{login_id}:{language}:"
        f"{data.get(PAGE_VERSION, 0)}:{secret}:{identity}:{raw}:{htmx}"
    )


def kept_for_session(view: F) -> F:
    """Keep the view's answer for this signed-in browser session (see the module docstring).
    Put it under the access decorator: only an answer the permitted person got is kept."""
    setattr(view, _KEPT_VIEW, True)
    return view


class KeptPersonalPages:
    """WSGI middleware: serves this browser session's kept page, or passes the request on."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self._paths: frozenset[str] | None = None

    def paths(self) -> frozenset[str]:
        """The paths of marked views (without URL arguments), read once the URL map is complete."""
        if self._paths is None:
            views = self.app.view_functions
            self._paths = frozenset(
                rule.rule
                for rule in self.app.url_map.iter_rules()
                if not rule.arguments and getattr(views.get(rule.endpoint), _KEPT_VIEW, False)
            )
        return self._paths

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        kept = self._lookup(environ) if environ.get("PATH_INFO") in self.paths() else None
        if kept is None:
            return self.wsgi_app(environ, start_response)
        _state, _day, _zone, headers, body = kept
        return Response(body, status=200, headers=headers)(environ, start_response)

    def _lookup(self, environ: WSGIEnvironment) -> Kept | None:
        app = self.app
        check: AccountState | None = app.extensions.get(_ACCOUNT_STATE)
        if check is None or _seconds(app.config) <= 0 or "HTTP_AUTHORIZATION" in environ:
            return None
        data = _session_data(app, environ)
        key = personal_key(environ, app.config, data) if data else None
        if data is None or key is None:
            return None
        backend = app.extensions["cache"][cache]  # Flask-Caching's store, no app context needed
        try:
            kept: Kept | None = backend.get(key)
        except RedisError as exc:
            app.logger.warning("Cache unreachable, rendering the page: %s", exc)
            return None
        if kept is None or local_date(utcnow(), kept[2]).isoformat() != kept[1]:  # made on another day
            return None
        with app.app_context():
            state = check(str(data["_user_id"]))
        return kept if state is not None and state == kept[0] else None


def _session_data(app: Flask, environ: WSGIEnvironment) -> dict[str, Any] | None:
    """The signed session cookie's data, read as Flask's session interface reads it."""
    interface = app.session_interface
    raw = parse_cookie(environ.get("HTTP_COOKIE", "")).get(interface.get_cookie_name(app))
    serializer = getattr(interface, "get_signing_serializer", lambda _app: None)(app)
    if not raw or serializer is None:
        return None
    try:
        data: dict[str, Any] = serializer.loads(
            raw, max_age=int(app.permanent_session_lifetime.total_seconds())
        )
    except BadSignature:
        return None
    return data


def _seconds(config: Mapping[str, Any]) -> int:
    return int(config.get("PERSONAL_PAGE_CACHE_SECONDS") or 0)


def keep_personal_page(sender: Flask, response: Response, **_extra: Any) -> None:
    """request_finished: keep a marked view's final 200 for this browser session."""
    check: AccountState | None = current_app.extensions.get(_ACCOUNT_STATE)
    seconds = _seconds(current_app.config)
    if (
        check is None
        or not seconds
        or not getattr(current_app.view_functions.get(request.endpoint or ""), _KEPT_VIEW, False)
        or request.method != "GET"
        or response.status_code != 200
        or response.is_streamed
        or "Set-Cookie" in response.headers
        or session.modified
    ):
        return
    key = personal_key(request.environ, current_app.config, dict(session))
    state = check(str(session.get("_user_id", "")))
    if key is None or state is None:
        return
    headers = [(name, value) for name, value in response.headers.items() if name.lower() != "content-length"]
    kept: Kept = (
        state,
        local_date(utcnow(), timezone()).isoformat(),
        timezone(),
        headers,
        response.get_data(),
    )
    try:
        cache.set(key, kept, timeout=seconds)
    except RedisError as exc:
        current_app.logger.warning("Cache unreachable, not keeping the page: %s", exc)


def use_account_state(app: Flask, state: AccountState) -> None:
    """The account check a kept page must pass again before it is served (app/features.py);
    without one, no personal page is kept."""
    app.extensions[_ACCOUNT_STATE] = state


def register_personal_cache(app: Flask) -> None:
    """Serve kept pages in front of Flask (call it where register_response_cache is called:
    inside ProxyFix, so the key sees the visitor's address); keep marked views' answers; every
    successful write of a signed-in browser raises its page version."""
    app.wsgi_app = KeptPersonalPages(app, app.wsgi_app)  # type: ignore[method-assign]
    request_finished.connect(keep_personal_page, app)

    @app.after_request
    def _raise_page_version(response: Response) -> Response:
        if request.method in _WRITES and response.status_code < 400 and "_user_id" in session:
            session[PAGE_VERSION] = int(session.get(PAGE_VERSION, 0)) + 1
        return response
