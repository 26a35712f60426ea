"""Small answers every company view gives: a page with a status, a 303 to an endpoint."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, redirect, render_template, url_for


def respond(template: str, status: int = 200, **context: Any) -> Response:
    return make_response(render_template(template, **context), status)


def see_other(endpoint: str, **values: Any) -> Response:
    return redirect(url_for(endpoint, **values), 303)  # type: ignore[return-value]
