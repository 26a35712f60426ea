"""The dashboard: KPIs, the filterable neighbourhood board, the 12-week trend, top actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import staff_required
from app.actions.labels import category_names
from app.admin.charts import line_chart
from app.admin.forms import BoardFilterForm
from app.admin.queries.dashboard import BoardFilter, board_standings, kpis, top_actions, weekly_trend
from app.admin.queries.game import ChallengeProgress, running_progress
from app.admin.routes import bp
from app.admin.routes.common import category_choices
from app.outbox.queries import DeliveryAlert, delivery_alert
from app.partnerships.queries import overdue_partnerships
from app.settings import local_today, setting, timezone
from app.web.htmx import render
from app.web.params import PERIOD_PARAM

# The board words plus the admin-only custom interval, as BoardFilter period names.
PERIODS = {**{param: str(period) for param, period in PERIOD_PARAM.items()}, "interval": "custom"}


def filter_from_request() -> tuple[BoardFilterForm, BoardFilter, bool]:
    """The filter form bound to the query string, the filter it gives, and whether it was valid
    (an invalid filter shows its errors and falls back to this week)."""
    form = BoardFilterForm(request.args)
    form.kategori.choices = category_choices(blank=_("All categories"))
    if not request.args:
        return form, BoardFilter(), True
    if not form.validate():
        return form, BoardFilter(), False
    return (
        form,
        BoardFilter(
            period=PERIODS[form.periode.data or "uge"],
            date_from=form.fra.data,
            date_to=form.til.data,
            category=form.kategori.data or None,
        ),
        True,
    )


def challenge_progress(day: date) -> list[ChallengeProgress]:
    """Running challenges with their progress (the game package's participant totals)."""
    return running_progress(day)


def board_context(board: BoardFilter, day: date) -> dict[str, Any]:
    start, end = board.date_range(day)
    return {
        "board": board,
        "range_start": start,
        "range_end": end,
        "standings": board_standings(board, day),
        "top_actions": top_actions(board, day),
        "category_names": category_names(),
    }


def adoptions_this_year(day: date) -> int:
    """Companies that said "we want to do that too" this calendar year."""
    from app.solutions.queries import adoptions_in_year

    return adoptions_in_year(day.year)


def pending_items() -> dict[str, int]:
    """What waits for an administrator: open flags, new sparring requests, unverified companies."""
    from app.business.queries import all_companies
    from app.gamification.queries import open_flag_count
    from app.sparring.queries import state_counts

    return {
        "flags": open_flag_count(),
        "requests": state_counts().get("new", 0),
        "companies": len(all_companies(verified=False)),
    }


def outbox_alert() -> DeliveryAlert | None:
    """Mails that keep failing (OUTBOX_ALERT_ATTEMPTS attempts or more), for the admin to see."""
    return delivery_alert(min_attempts=int(setting("OUTBOX_ALERT_ATTEMPTS")))


@bp.get("/")  # what people type; registered after "", so url_for still builds /admin
@bp.get("")
@staff_required
def dashboard() -> Response:
    day = local_today()
    form, board, valid = filter_from_request()
    trend = weekly_trend(day)
    chart = line_chart([(area.name, points) for area, points in trend.series])
    return render(
        "admin/dashboard.html",
        "admin/_board.html",
        status=200 if valid else 422,
        form=form,
        kpis=kpis(day, timezone()),
        trend=trend,
        chart=chart,
        challenges=challenge_progress(day),
        overdue_partnerships=overdue_partnerships(day),
        today=day,
        **board_context(board, day),
        pending=pending_items() if current_user.is_admin else None,
        adoptions=adoptions_this_year(day),
        outbox_alert=outbox_alert() if current_user.is_admin else None,
    )
