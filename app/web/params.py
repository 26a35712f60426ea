"""Query-string numbers and days read the same way everywhere: garbage means the default."""

from __future__ import annotations

from datetime import date

from flask import abort, request

from app.clock import Period

# Days outside this range are refused (forms) or ignored (query filters): a day near year 1 or
# 9999 overflows as soon as it is turned into a UTC moment or has a day added to it.
MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(2999, 12, 31)

# The Danish query-string words for a board's period (?periode=uge), one map for every board.
PERIOD_PARAM = {"uge": Period.WEEK, "maaned": Period.MONTH, "altid": Period.ALL}
PARAM_FOR = {period: param for param, period in PERIOD_PARAM.items()}


def is_number(raw: str) -> bool:
    """ASCII digits only: "²".isdigit() is True, but int("²") raises."""
    return raw.isascii() and raw.isdigit()


def page_arg(name: str = "side") -> int:
    """A 1-based page number from the query string; anything else is page 1 (queries clamp the top)."""
    raw = request.args.get(name, "1")
    return int(raw) if is_number(raw) and len(raw) <= 9 else 1


def in_day_range(day: date) -> bool:
    return MIN_DAY <= day <= MAX_DAY


def day_arg(name: str) -> date | None:
    """An ISO day from the query string, or None when it is missing, malformed or out of range."""
    raw = request.args.get(name, "")
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    return day if day is not None and in_day_range(day) else None


def period_arg(name: str = "periode") -> Period:
    """The board period from the query string (default: this week); an unknown word is a 404,
    because a board for a period that does not exist is not a page."""
    raw = request.args.get(name, "uge")
    if raw not in PERIOD_PARAM:
        abort(404)
    return PERIOD_PARAM[raw]
