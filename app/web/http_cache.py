"""Shared caches (a reverse proxy, a CDN) may keep a public answer: one policy for pages and API.

A view marked `@public(max_age=…)` answers an anonymous GET with `Cache-Control: public,
max-age=…`, a strong ETag of the body and 304 on a matching If-None-Match. "Anonymous" means
the answer is the same for every visitor with the same URL and language: no Authorization
header and an empty session (no login, no flash message, no CSRF token), so nothing of a person
can be in the body. Anything else keeps the personal policy of app/web/security.py
(`private, no-store`), so a personal page is never kept for another user.

`Vary: Cookie` goes with every public page: the language cookie changes the body, and a
request that carries a session must never be answered from the anonymous copy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Response, current_app, request, session

F = TypeVar("F", bound=Callable[..., object])

_ATTRIBUTE = "public_max_age"


def public(*, max_age: int) -> Callable[[F], F]:
    """Mark a view as public for `max_age` seconds (the data's freshness: the leaderboard's few
    seconds, an about page's hour). functools.wraps copies the mark through other decorators."""

    def mark(view: F) -> F:
        setattr(view, _ATTRIBUTE, max_age)
        return view

    return mark


def public_max_age() -> int | None:
    """The mark of the view answering this request, if any."""
    view = current_app.view_functions.get(request.endpoint or "")
    value = getattr(view, _ATTRIBUTE, None)
    return value if isinstance(value, int) else None


def is_anonymous_request() -> bool:
    """No credentials and nothing in the session: the body cannot be anyone's own."""
    return "Authorization" not in request.headers and not session


def make_public(response: Response, max_age: int) -> Response:
    """public + max-age, a strong ETag of the body, and 304 when If-None-Match matches."""
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    if not response.is_streamed:
        response.add_etag()  # strong: a hash of the bytes
        response.make_conditional(request)
    return response


def apply_public_policy(response: Response) -> Response:
    """The after_request step for web pages: a marked view's anonymous 200 becomes public."""
    max_age = public_max_age()
    if (
        max_age is None
        or request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or not is_anonymous_request()
        or "Set-Cookie" in response.headers
        or "Cache-Control" in response.headers
    ):
        return response
    response.vary.add("Cookie")
    return make_public(response, max_age)
