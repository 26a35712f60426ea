"""The visitor's language as a cookie of its own (not the session, so anonymous pages stay
cookie-free for shared caches: app/web/http_cache.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header
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


def chosen_language(
    config: Mapping[str, Any], path: str, cookie: str | None, accept_language: str | None
) -> str:
    """The language a request is answered in, from its raw parts (so the response cache can key
    on it before Flask builds a request: app/web/response_cache.py).

    The API follows Accept-Language (phone apps say per request what they want); pages follow the
    language switch's cookie; anything else gets the default (Danish)."""
    languages = config["LANGUAGES"]
    default = str(config["BABEL_DEFAULT_LOCALE"])
    if path.startswith("/api/"):
        accepted = parse_accept_header(accept_language, LanguageAccept)
        return str(accepted.best_match(languages) or default)
    return cookie if cookie is not None and cookie in languages else default
