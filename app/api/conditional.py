"""Conditional GETs for the API: one ETag and cache policy for every read that sends one."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, overload

from flask import Response, request

from app.web.http_cache import make_public, public

F = TypeVar("F", bound=Callable[..., Any])


def make_conditional(response: Response, *, public_max_age: int | None = None) -> Response:
    """Send an ETag of the body and answer a matching If-None-Match with 304 and no body.

    A body can depend on the token (your area, your position) and on the language, so caches
    keep a copy per Authorization and Accept-Language. Without a token, a read given
    `public_max_age` is the same for everyone: `public, max-age` lets a proxy or CDN answer it.
    Otherwise no-cache: a client may keep a copy but asks (cheaply, with the ETag) before using
    it, and app/web/security.py makes an answer to a token private.
    """
    response.vary.update(("Authorization", "Accept-Language"))
    if response.status_code != 200:
        return response
    if public_max_age is not None and "Authorization" not in request.headers:
        return make_public(response, public_max_age)
    response.cache_control.no_cache = True
    response.add_etag()
    response.make_conditional(request)  # turns the response itself into a 304 on a match
    return response


@overload
def conditional(view: F) -> F: ...
@overload
def conditional(*, public_max_age: int) -> Callable[[F], F]: ...
def conditional(view: F | None = None, *, public_max_age: int | None = None) -> Any:
    """make_conditional() on whatever the view answers: `@conditional` or
    `@conditional(public_max_age=10)` for a read that is public without a token."""

    def decorate(inner: F) -> F:
        @functools.wraps(inner)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            return make_conditional(inner(*args, **kwargs), public_max_age=public_max_age)

        if public_max_age is not None:  # the mark app.web.http_cache reads (limiter exemption)
            return public(max_age=public_max_age)(wrapped)  # type: ignore[return-value]
        return wrapped  # type: ignore[return-value]

    return decorate(view) if view is not None else decorate
