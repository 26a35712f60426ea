"""Public leaderboards: neighbourhoods by their fair score, and each area's top list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user
from markupsafe import Markup

from app.i18n import current_locale
from app.leaderboards.caching import remembered
from app.leaderboards.labels import period_label
from app.leaderboards.queries import (
    AreaStanding,
    my_position,
    neighbourhood_standings,
    standing_of,
    top_citizens,
)
from app.neighbourhoods.queries import neighbourhood_by_slug
from app.settings import local_today
from app.web.htmx import render
from app.web.http_cache import public
from app.web.params import PARAM_FOR, period_arg

bp = Blueprint("leaderboards", __name__)


def _board_html(mine: AreaStanding | None, **context: Any) -> Markup:
    """The rendered board table, kept as long as the computed board (LEADERBOARD_CACHE_SECONDS)
    per period, language and highlighted area: public, the same for every visitor from
    that area (it holds no form, no token, nothing of the person)."""
    key = ":".join(
        str(part)
        for part in (
            "leaderboards:table",
            context["period"].value,
            context["period_label"],
            current_locale(),
            mine.neighbourhood.id if mine else None,
        )
    )
    # render_template's output is autoescaped HTML already
    return remembered(
        key,
        lambda: Markup(  # noqa: S704
            render_template("leaderboards/_neighbourhood_table.html", my_area=mine, **context)
        ),
    )


@bp.get("/resultater")
@public(max_age=10)
def neighbourhoods() -> Response:
    period = period_arg()
    today = local_today()
    standings = neighbourhood_standings(period, today)
    mine = standing_of(standings, current_user.neighbourhood_id)
    board = _board_html(
        mine,
        standings=standings,
        period=period,
        period_param=PARAM_FOR[period],
        period_params=PARAM_FOR,
        period_label=period_label(period, today),
    )
    return render("leaderboards/neighbourhoods.html", "leaderboards/_board.html", board=board)


@bp.get("/resultater/<slug>")
@public(max_age=10)
def neighbourhood(slug: str) -> Response:
    area = neighbourhood_by_slug(slug)
    if area is None:
        abort(404)
    period = period_arg()
    today = local_today()
    standings = neighbourhood_standings(period, today)
    standing = standing_of(standings, area.id)
    position = None
    if current_user.is_authenticated and current_user.neighbourhood_id == area.id:
        position = my_position(current_user, period, today)
    return render(
        "leaderboards/neighbourhood.html",
        "leaderboards/_citizen_table.html",
        area=area,
        standing=standing,
        citizens=top_citizens(area.id, period, today),
        position=position,
        period=period,
        period_param=PARAM_FOR[period],
        period_params=PARAM_FOR,
        period_label=period_label(period, today),
    )
