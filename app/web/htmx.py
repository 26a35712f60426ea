"""The only module that reads HX-* headers: partial or full page, and htmx-aware responses."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, make_response, render_template, url_for
from htmx_flask import request


def is_partial_request() -> bool:
    """A real htmx request for a fragment: not boosted, not a history restore."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def is_htmx_request() -> bool:
    return bool(request.htmx)


def render(page: str, partial: str, *, status: int = 200, **context: Any) -> Response:
    """The partial for htmx swaps, the full page (which includes the partial) otherwise."""
    template = partial if is_partial_request() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def unauthorised_htmx() -> Response:
    """Anonymous htmx request: 401 plus HX-Redirect to the login page."""
    response = make_response("", 401)
    response.headers["HX-Redirect"] = url_for("accounts.login")
    return response


def trigger(response: Response, event: str, detail: Any = None) -> Response:
    """Fire a client-side event (e.g. a toast) after the swap."""
    response.headers["HX-Trigger"] = json.dumps({event: detail if detail is not None else {}})
    return response
