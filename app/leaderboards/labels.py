"""How a board's period is named in captions and headings."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from app.clock import Period


def period_label(period: Period, day: date) -> str:
    """'uge 47, 2026' / 'november 2026' / 'hele perioden', for captions and headings."""
    if period is Period.WEEK:
        year, week, _weekday = day.isocalendar()
        return str(_("week %(week)s, %(year)s", week=week, year=year))
    if period is Period.MONTH:
        return str(format_date(day, "MMMM y"))
    return str(_("all time"))
