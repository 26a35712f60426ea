"""Site-wide pages: front page, language switch, accessibility statement, health check."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
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


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico on every site, whatever the page links."""
    # Read whole (it is 364 bytes): a streamed file would stay open until the response is closed.
    icon = Path(current_app.static_folder or "static", "icons", "favicon.ico").read_bytes()
    response = Response(icon, mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    """The web app manifest: "add to home screen" opens the citizen's home as an app."""
    def icon(name: str, size: int, purpose: str = "any") -> dict[str, str]:
        return {"src": url_for("static", filename=f"icons/{name}"), "sizes": f"{size}x{size}",
                "type": "image/png", "purpose": purpose}

    response = jsonify({
        "name": _("Klimadyst – %(municipality)s's green neighbourhood competition",
                  municipality=current_app.config["MUNICIPALITY_NAME"]),
        "short_name": _("Klimadyst"),
        "description": _("Log your green actions, earn points and help your neighbourhood climb "
                         "the leaderboard."),
        "lang": str(session.get("lang") or current_app.config["BABEL_DEFAULT_LOCALE"]),
        "start_url": url_for("web.index"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f9f7",
        "theme_color": "#1b5e20",
        "icons": [
            icon("icon-192.png", 192),
            icon("icon-512.png", 512),
            icon("icon-maskable-512.png", 512, "maskable"),
            {"src": url_for("static", filename="icons/icon.svg"), "sizes": "any",
             "type": "image/svg+xml", "purpose": "any"},
        ],
    })
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/healthz")
@limiter.exempt
def health() -> Response:
    """The load balancer's probe: the process answers. No database, no session, no rate limit, so
    a database hiccup does not take every instance out of rotation at once."""
    return Response("ok", status=200, mimetype="text/plain")
