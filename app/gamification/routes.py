"""My impact, badge pages and the neighbourhood feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, Response, abort, request
from flask_babel import format_time
from flask_login import current_user

from app.accounts.access import citizen_required
from app.clock import Period
from app.gamification.catalogue import BADGES, LEVEL_NAMES
from app.gamification.equivalents import (
    DIET_G_PER_DAY,
    DIET_SOURCE,
    PETROL_CAR_G_PER_KM,
    PETROL_CAR_SOURCE,
    equivalents_for,
)
from app.gamification.levels import LEVEL_THRESHOLDS, LevelProgress, level_for
from app.gamification.queries import badge_holders, badges_of, feed_page, level_of, streak_of, weekly_series
from app.gamification.streaks import Streak
from app.leaderboards.queries import user_totals
from app.settings import local_today, setting
from app.web.htmx import render
from app.web.http_cache import public
from app.web.params import is_number

bp = Blueprint("gamification", __name__)


@bp.app_template_filter("clock")
def clock_filter(value: datetime) -> str:
    """A moment as local HH:mm."""
    return str(format_time(value, "HH:mm"))


@dataclass(frozen=True)
class GameSummary:
    streak: Streak
    level: LevelProgress
    level_name: str


@bp.app_template_global()
def game_summary(points_all: int | None = None) -> GameSummary | None:
    """Streak and level for the signed-in citizen's home screen (two small indexed reads; one
    when the page passes the all-time points it shows anyway)."""
    if not current_user.is_authenticated or not current_user.is_citizen:
        return None
    level = level_for(points_all) if points_all is not None else level_of(current_user.id)
    return GameSummary(
        streak=streak_of(current_user.id, local_today()),
        level=level,
        level_name=str(LEVEL_NAMES[level.level]),
    )


@bp.get("/min-indsats")
@citizen_required
def impact() -> Response:
    """Points, CO2e and logs per week (chart + table), streak, level, badges, equivalents."""
    today = local_today()
    series = weekly_series(current_user.id, today)
    points_all, co2e_all = user_totals(current_user.id, Period.ALL, today)
    return render(
        "gamification/impact.html",
        "gamification/_impact_summary.html",
        today=today,
        series=series,
        chart_max=max([row.points for row in series] + [1]),
        streak=streak_of(current_user.id, today),
        level=level_of(current_user.id),
        level_names=LEVEL_NAMES,
        badges=BADGES,
        earned=badges_of(current_user.id),
        points_all=points_all,
        co2e_all=co2e_all,
        equivalents=equivalents_for(co2e_all),
        car_g_per_km=PETROL_CAR_G_PER_KM,
        car_source=PETROL_CAR_SOURCE,
        diet_g_per_day=DIET_G_PER_DAY,
        diet_source=DIET_SOURCE,
    )


@bp.get("/maerker")
@public(max_age=300)
def badges() -> str:
    """Every badge with its exact rule, and the published level table."""
    from flask import render_template

    earned = badges_of(current_user.id) if current_user.is_authenticated else {}
    return render_template(
        "gamification/badges.html",
        badges=BADGES,
        earned=earned,
        levels=LEVEL_THRESHOLDS,
        level_names=LEVEL_NAMES,
    )


@bp.get("/maerker/<code>")
@public(max_age=300)
def badge(code: str) -> str:
    from flask import render_template

    info = BADGES.get(code)
    if info is None:
        abort(404)
    earned = badges_of(current_user.id) if current_user.is_authenticated else {}
    return render_template(
        "gamification/badge.html", info=info, holders=badge_holders(code), awarded_at=earned.get(code)
    )


def _page() -> int:
    raw = request.args.get("side", "1")
    if not is_number(raw) or not 1 <= int(raw) <= 10_000:
        abort(404)
    return int(raw)


@bp.get("/mit-omraade")
@citizen_required
def feed() -> Response:
    """Recent actions, badges, levels and milestones in my area, by alias, opt-ins only."""
    page = _page()
    items, has_more = feed_page(
        current_user.neighbourhood_id, page=page, page_size=int(setting("FEED_PAGE_SIZE"))
    )
    return render(
        "gamification/feed.html",
        "gamification/_feed.html",
        items=items,
        page_number=page,
        has_more=has_more,
        badges=BADGES,
        level_names=LEVEL_NAMES,
        area=current_user.neighbourhood,
    )
