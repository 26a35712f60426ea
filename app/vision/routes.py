"""The public shared-vision page."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.challenges.queries import progress_by_challenge, running_challenges
from app.gamification.queries import feed_page
from app.plan.overview import citizen_target_kg, plan_overview
from app.settings import local_today
from app.vision.queries import area_contributions, climate_goals, target_for, top_actions, year_totals
from app.web.http_cache import public

bp = Blueprint("vision", __name__)


@bp.get("/faelles-maal")
@public(max_age=60)
def shared_vision() -> str:
    """This year's CO2e of all citizens against the target (typed by an admin, or derived from
    the climate plan), each area's part, the plan's themes with what feeds them, the most logged
    actions, running challenges, recent milestones and the climate-plan goals."""
    today = local_today()
    year = today.year
    co2e_g, points, logs = year_totals(year)
    overview = plan_overview(year)
    typed = target_for(year)
    # The plan may derive the target instead (app/plan/rules.py); else the admin's typed one.
    target_kg, derived = citizen_target_kg(overview.plan, typed.target_co2e_kg if typed else None)
    fraction = min(1.0, co2e_g / 1000 / target_kg) if target_kg else None
    running = running_challenges(today)
    milestones, _ = feed_page(None, page=1, page_size=6)
    return render_template(
        "vision/shared_vision.html",
        year=year,
        co2e_g=co2e_g,
        points=points,
        logs=logs,
        target_kg=target_kg,
        target_derived=derived,
        fraction=fraction,
        overview=overview,
        areas=area_contributions(year),
        top_actions=top_actions(year),
        running=running,
        progresses=progress_by_challenge(running),
        milestones=milestones,
        goals=climate_goals(),
    )
