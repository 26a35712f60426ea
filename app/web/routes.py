"""Site-wide pages: front page, language switch, accessibility statement, health check."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from app.extensions import limiter

bp = Blueprint("web", __name__)


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site relative paths: never an open redirect."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.get("/")
def index() -> Response | str:
    if current_user.is_authenticated and current_user.is_citizen:
        return redirect(url_for("actions.home"))  # type: ignore[return-value]
    return render_template("web/index.html")


@bp.post("/sprog")
def set_language() -> Response:
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next"), url_for("web.index")), 303)  # type: ignore[return-value]


@bp.get("/tilgaengelighed")
def accessibility() -> str:
    return render_template("web/accessibility.html")


@bp.get("/om")
def about() -> str:
    return render_template("web/about.html")


@bp.get("/healthz")
@limiter.exempt
def health() -> Response:
    """The load balancer's probe: the process answers. No database, no session, no rate limit, so
    a database hiccup does not take every instance out of rotation at once."""
    return Response("ok", status=200, mimetype="text/plain")
