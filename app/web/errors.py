"""Error pages and the mapping from domain errors to HTTP responses."""

from __future__ import annotations

import logging

from flask import Flask, Response, flash, g, make_response, redirect, render_template, request, url_for
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from app.db import db
from app.errors import DomainError
from app.extensions import login_manager
from app.web.csrf_errors import register_csrf_handler
from app.web.htmx import is_htmx_request, unauthorised_htmx
from app.web.problems import from_domain_error, from_http_exception, problem

ERROR_TEMPLATES = {400, 403, 404, 405, 413, 429, 500}
RETRY_AFTER_SECONDS = "30"

FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _render_error(code: int, description: str | None = None) -> Response:
    if _wants_json():
        return problem(code, description)
    template = f"errors/{code}.html" if code in ERROR_TEMPLATES else "errors/generic.html"
    if is_htmx_request():
        template = "errors/_message.html"
    return make_response(render_template(template, code=code, description=description), code)


def refuse_nul_characters() -> Response | None:
    """before_request for the web pages: a NUL in the query string or a form is a 400 with a clear
    message. PostgreSQL cannot take one in any text (the query itself fails); the API refuses them
    in its own shape (app/api/auth.py, app/api/schemas)."""
    if request.path.startswith("/api/"):
        return None
    pairs = list(request.args.items(multi=True))
    if request.method == "POST" and request.mimetype in FORM_MIMETYPES:
        pairs += list(request.form.items(multi=True))
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        from flask_babel import gettext

        return _render_error(400, gettext("The text contains a NUL character, which cannot be saved."))
    return None


def unauthorised() -> Response:
    """Not signed in: a 401 problem on the API, 401 + HX-Redirect for htmx, else the login page."""
    if request.path.startswith("/api/"):
        return problem(401)
    if is_htmx_request():
        return unauthorised_htmx()
    flash(login_manager.login_message, "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))  # type: ignore[return-value]


def register_errorhandlers(app: Flask) -> None:
    register_csrf_handler(app)
    app.before_request(refuse_nul_characters)
    login_manager.unauthorized_handler(unauthorised)

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException) -> Response:
        if _wants_json():
            return from_http_exception(error)
        return _render_error(error.code or 500)

    @app.errorhandler(DomainError)
    def handle_domain(error: DomainError) -> Response:
        """Views catch rule errors to re-render their form; one that escapes still gets its status."""
        db.session.rollback()
        if _wants_json():
            return from_domain_error(error)
        return _render_error(error.status_code, str(error.message))

    @app.errorhandler(500)
    def handle_500(error: Exception) -> Response:
        db.session.rollback()
        return _render_error(500)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(DisconnectionError)
    def handle_database_unavailable(error: SQLAlchemyError) -> Response:
        """503 + Retry-After, never a bare 500: problem+json on the API, a Danish page on the web.
        The page does not extend base.html, which would ask the missing database for the user."""
        log.error("database unavailable: %s", error.__class__.__name__, exc_info=error)
        try:
            db.session.rollback()
        except SQLAlchemyError:
            log.warning("rollback after a database outage failed", exc_info=True)
        # Flask-Login puts current_user into every template; loading (or refreshing, after the
        # rollback) the signed-in user would ask the missing database again. The page is anonymous.
        g._login_user = login_manager.anonymous_user()
        headers = {"Retry-After": RETRY_AFTER_SECONDS}
        if _wants_json():
            return problem(503, code="database_unavailable", headers=headers)
        if is_htmx_request():
            from flask_babel import gettext

            response = make_response(
                render_template(
                    "errors/_message.html",
                    code=503,
                    description=gettext("The service is temporarily unavailable. Try again in a minute."),
                ),
                503,
            )
        else:
            response = make_response(render_template("errors/503.html"), 503)
        response.headers.update(headers)
        return response
