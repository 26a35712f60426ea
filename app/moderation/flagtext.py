"""A flag's code and numbers worded in the reader's language, at the moment it is shown."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app.i18n import decimal

LEGACY = "legacy"  # flags stored before codes: their English text is shown as it was written


def _count(params: dict[str, Any], key: str) -> int:
    value = params.get(key, 0)
    return int(value) if isinstance(value, int | float | str) and str(value).isdigit() else 0


def flag_text(code: str, params: dict[str, Any] | None, details: str = "") -> str:
    """What a moderator reads about a flag, e.g. code 'burst' with {"logs": 30, "minutes": 15}."""
    values = params or {}
    if code == "burst":
        return str(
            ngettext(
                "%(count)s log within %(minutes)s min. (limit %(limit)s); logging paused for "
                "%(cooldown)s min.",
                "%(count)s logs within %(minutes)s min. (limit %(limit)s); logging paused for "
                "%(cooldown)s min.",
                _count(values, "logs"),
                count=decimal(_count(values, "logs")),
                minutes=decimal(_count(values, "minutes")),
                limit=decimal(_count(values, "limit")),
                cooldown=decimal(_count(values, "cooldown")),
            )
        )
    if code == "cap_hits":
        return str(
            ngettext(
                "%(count)s log refused today for going past a daily cap.",
                "%(count)s logs refused today for going past a daily cap.",
                _count(values, "refusals"),
                count=decimal(_count(values, "refusals")),
            )
        )
    if code == "outlier":
        return str(
            ngettext(
                "%(count)s point in one day; the area's threshold for one day is %(threshold)s.",
                "%(count)s points in one day; the area's threshold for one day is %(threshold)s.",
                _count(values, "points"),
                count=decimal(_count(values, "points")),
                threshold=decimal(_count(values, "threshold")),
            )
        )
    if details:
        return details
    return str(_("No details were recorded."))
