"""Conditional GETs for the API: one ETag and cache policy for every list that sends one."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, request

F = TypeVar("F", bound=Callable[..., Any])


def make_conditional(response: Response) -> Response:
    """Send an ETag of the body and answer a matching If-None-Match with 304 and no body.

    A body can depend on the token (your area, your position) and on the language, so caches
    must keep a copy per Authorization and Accept-Language; no-cache lets a client keep a copy
    but makes it ask (cheaply, with the ETag) before using it.
    """
    response.vary.update(("Authorization", "Accept-Language"))
    if response.status_code != 200:
        return response
    response.cache_control.no_cache = True
    response.add_etag()
    response.make_conditional(request)  # turns the response itself into a 304 on a match
    return response


def conditional(view: F) -> F:
    """make_conditional() on whatever the view answers."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return make_conditional(view(*args, **kwargs))

    return wrapped  # type: ignore[return-value]
