"""The visitor's language as a cookie of its own (not the session, so anonymous pages stay
cookie-free for shared caches: app/web/http_cache.py)."""

from __future__ import annotations

from flask import current_app
from werkzeug.wrappers import Response

LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


def remember_language(response: Response, lang: str) -> None:
    """Set the language cookie for a year."""
    response.set_cookie(
        current_app.config["LANGUAGE_COOKIE_NAME"],
        lang,
        max_age=LANGUAGE_COOKIE_SECONDS,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
