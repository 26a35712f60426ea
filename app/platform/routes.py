"""The platform's pages: the municipalities and their fair comparison (the national page)."""

from __future__ import annotations

from flask import Blueprint, Response

from app.leaderboards.labels import period_label
from app.platform.queries import comparison_min_participants, municipality_comparison
from app.settings import local_today
from app.tenancy.hosts import address_of
from app.web.htmx import render
from app.web.http_cache import public
from app.web.params import PARAM_FOR, period_arg

bp = Blueprint("platform", __name__)


@bp.get("/kommuner")
@public(max_age=30)
def home() -> Response:
    """Every municipality with its address and the comparison; the platform's bare address
    shows this page at / (app/tenancy/hosts.py), and each municipality links to it."""
    period = period_arg()
    today = local_today()
    standings = municipality_comparison(period, today)
    return render(
        "platform/home.html",
        "platform/_comparison.html",
        standings=standings,
        addresses={m.slug: address_of(m.slug, m.host_name) for m in standings},
        period=period,
        period_params=PARAM_FOR,
        period_label=period_label(period, today),
        minimum=comparison_min_participants(),
    )
