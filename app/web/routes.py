"""Site-wide pages: front page, language switch, accessibility statement, the installable app's
manifest, service worker and offline page, health and readiness."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.accounts import services as accounts
from app.db import db
from app.extensions import csrf, limiter, login_manager
from app.i18n import current_locale
from app.tenancy.context import municipality_name
from app.web.http_cache import public
from app.web.language import remember_language
from app.web.security import safe_next
from app.web.templating import asset_url

log = logging.getLogger(__name__)

bp = Blueprint("web", __name__)


@bp.get("/")
@public(max_age=30)
def index() -> ResponseReturnValue:
    if current_user.is_authenticated and current_user.is_citizen:
        return redirect(url_for("actions.home"))
    return render_template("web/index.html")


@bp.post("/sprog")
def set_language() -> ResponseReturnValue:
    """Remember the visitor's language in a cookie of its own.

    No CSRF token: the form is on every public page, and a token would give every anonymous
    visitor a session (and every public page a cookie no shared cache may keep). A forged
    switch could only change a visitor's language; a cross-site one is refused all the same
    (Sec-Fetch-Site, which every current browser sends), so another site cannot do even that.
    """
    target = safe_next(request.form.get("next"), url_for("web.index"))
    response = redirect(target, 303)
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return response
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        remember_language(response, lang)
        if current_user.is_authenticated:  # their mails and other devices follow the choice
            accounts.set_language(user=current_user, language=lang, languages=current_app.config["LANGUAGES"])
    return response


csrf.exempt(set_language)


@bp.get("/tilgaengelighed")
@public(max_age=3600)
def accessibility() -> str:
    return render_template("web/accessibility.html")


@bp.get("/om")
@public(max_age=3600)
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
@public(max_age=3600)
def manifest() -> Response:
    """The web app manifest: "add to home screen" opens the citizen's home as an app."""

    def icon(name: str, size: int, purpose: str = "any") -> dict[str, str]:
        return {
            "src": asset_url(f"icons/{name}"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }

    response = jsonify(
        {
            "name": _(
                "Klimadyst – %(municipality)s's green neighbourhood competition",
                municipality=municipality_name() or current_app.config["MUNICIPALITY_NAME"],
            ),
            "short_name": _("Klimadyst"),
            "description": _(
                "Log your green actions, earn points and help your neighbourhood climb the leaderboard."
            ),
            "lang": current_locale(),
            "id": url_for("web.index"),
            "start_url": url_for("web.index"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#f7f9f7",
            "theme_color": "#1b5e20",
            "icons": [
                icon("icon-192.png", 192),
                icon("icon-512.png", 512),
                icon("icon-maskable-512.png", 512, "maskable"),
                {
                    "src": asset_url("icons/icon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                    "purpose": "any",
                },
            ],
        }
    )
    response.mimetype = "application/manifest+json"
    return response


# The app shell the service worker keeps: what every page loads, and the offline page's icons.
SHELL_FILES = (
    "css/app.css",
    "vendor/htmx.min.js",
    "js/app.js",
    "js/offline.js",
    "icons/icon.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/icon-maskable-512.png",
    "icons/apple-touch-icon.png",
)


@bp.get("/offline")
@public(max_age=3600)
def offline() -> str:
    """What the service worker shows when a page cannot be reached. The same for everyone: it is
    rendered as for a visitor, so the copy the service worker keeps holds nothing of the person
    who happened to install it (only the language they chose)."""
    return render_template("web/offline.html", current_user=login_manager.anonymous_user())


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, at the root so its scope is the whole site. It embeds the hashed URLs
    of the app shell and a cache version that changes with any of them, with the worker's own
    code and with the language (the kept offline page is in the language it was fetched in), so
    a new deploy or a language switch installs a fresh cache and drops the old one."""
    precache = [asset_url(name) for name in SHELL_FILES]
    precache += [url_for("web.favicon"), url_for("web.offline")]
    source, _filename, _uptodate = current_app.jinja_env.loader.get_source(  # type: ignore[union-attr]
        current_app.jinja_env, "web/sw.js"
    )
    fingerprint = json.dumps(
        [precache, asset_url("icons/favicon.ico"), str(get_locale()), source], ensure_ascii=True
    )
    version = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
    body = render_template("web/sw.js", precache=precache, version=version)
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"  # every update check asks the server
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/healthz")
@limiter.exempt
def health() -> Response:
    """The load balancer's probe: the process answers. No database, no session, no rate limit, so
    a database hiccup does not take every instance out of rotation at once."""
    return Response("ok", status=200, mimetype="text/plain")


def _database_ok(bind_key: str | None) -> bool:
    try:
        with db.engines[bind_key].connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        log.warning("readiness: database %s is unreachable", bind_key or "primary", exc_info=True)
        return False
    return True


def _rate_limit_storage_ok() -> bool:
    try:
        return bool(limiter.storage.check())
    except Exception:  # any storage driver's error means the same: not ready
        log.warning("readiness: the rate-limit storage is unreachable", exc_info=True)
        return False


@bp.get("/readyz")
@limiter.exempt
def readiness() -> tuple[Response, int]:
    """Readiness: can this instance do real work? SELECT 1 on every database (primary, replica)
    and a ping of the rate-limit storage. 200 {"status": "ok"} or 503 {"status": "degraded"} with
    the failing check named; the app still serves while degraded (limits fall back to memory)."""
    checks: dict[str, str] = {}
    for key in db.engines:
        checks["database" if key is None else f"database_{key}"] = (
            "ok" if _database_ok(key) else "unavailable"
        )
    checks["rate_limit_storage"] = "ok" if _rate_limit_storage_ok() else "unavailable"
    degraded = sorted(name for name, state in checks.items() if state != "ok")
    body: dict[str, object] = {"status": "degraded" if degraded else "ok", "checks": checks}
    if degraded:
        body["degraded"] = degraded
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 503 if degraded else 200
