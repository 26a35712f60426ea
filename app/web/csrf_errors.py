"""An expired or missing CSRF token: say so in Danish and let the user press again, input kept."""

from __future__ import annotations

from flask import Flask, Response, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, generate_csrf

from app.web.htmx import is_htmx_request
from app.web.problems import from_http_exception

# Never echoed back into a page: a password typed before the token expired is typed again.
SECRET_FIELD_PARTS = ("password", "adgangskode", "token")


def kept_fields() -> list[tuple[str, str]]:
    """The submitted form fields to send again, minus the old token and anything secret."""
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name != "csrf_token" and not any(part in name.lower() for part in SECRET_FIELD_PARTS)
    ]


def csrf_error_response() -> Response:
    """htmx: a 400 message carrying a fresh token (app.js puts it into every form on the page, so
    the user's input stays where it is and the next press works); a plain post: a page that sends
    the same input again with a fresh token."""
    message = _("Your session had expired – press again.")
    if is_htmx_request():
        body = render_template("errors/_message.html", description=message, fresh_token=generate_csrf())
        return make_response(body, 400)
    body = render_template(
        "errors/csrf.html",
        code=400,
        description=message,
        fields=kept_fields(),
        action=request.full_path.rstrip("?"),
    )
    return make_response(body, 400)


def register_csrf_handler(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def handle_csrf(error: CSRFError) -> Response:
        if request.path.startswith("/api/"):
            return from_http_exception(error)
        return csrf_error_response()
