"""Reads of the current municipality's climate plan: the plan, its themes, measures and area map."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, case, distinct, func, literal, select
from sqlalchemy.orm import selectinload

from app.db import db
from app.leaderboards.caching import remembered
from app.leaderboards.models import DailyActivity
from app.neighbourhoods.models import Neighbourhood
from app.plan.areas import CATEGORY_AREAS
from app.plan.models import ClimatePlan, PlanAreaTheme, PlanMeasure, PlanTheme


def climate_plan() -> ClimatePlan | None:
    """The current municipality's plan, or None when it has entered none."""
    return db.session.scalar(select(ClimatePlan))


def themes() -> list[PlanTheme]:
    """The plan's themes in the plan's order (then slug), with their measures loaded."""
    return list(
        db.session.scalars(
            select(PlanTheme)
            .options(selectinload(PlanTheme.measures))
            .order_by(PlanTheme.sort_order, PlanTheme.slug)
        )
    )


def theme_by_slug(slug: str) -> PlanTheme | None:
    return db.session.scalar(select(PlanTheme).where(PlanTheme.slug == slug))


def theme_by_id(theme_id: int) -> PlanTheme | None:
    """A theme of the current municipality by id (another municipality's is not found)."""
    return db.session.scalar(select(PlanTheme).where(PlanTheme.id == theme_id))


def measure_by_id(measure_id: int) -> PlanMeasure | None:
    return db.session.scalar(select(PlanMeasure).where(PlanMeasure.id == measure_id))


def area_themes() -> dict[str, int]:
    """plan area key → the id of the theme it feeds, in the current municipality."""
    rows = db.session.execute(select(PlanAreaTheme.plan_area, PlanAreaTheme.theme_id)).all()
    return {str(area): int(theme_id) for area, theme_id in rows}


@dataclass(frozen=True)
class CitizenTotal:
    """The citizens' logged actions under one theme in a year: estimated CO2e, logs, people."""

    co2e_g: int = 0
    logs: int = 0
    participants: int = 0


def _theme_of_category(mapping: dict[str, int]) -> dict[str, int]:
    return {category: mapping[area] for category, area in CATEGORY_AREAS.items() if area in mapping}


def citizen_totals_by_theme(year: int) -> tuple[dict[int | None, CitizenTotal], int]:
    """`_citizen_totals(year)`, shared for LEADERBOARD_CACHE_SECONDS like the public boards (a
    public aggregate: display only), keyed by municipality and by the theme map it used."""
    mapping = area_themes()
    themes_of = ",".join(f"{area}={theme_id}" for area, theme_id in sorted(mapping.items()))
    key = f"plan-citizens:{year}:{themes_of}"
    return remembered(key, lambda: _citizen_totals(year, mapping))


def _citizen_totals(year: int, mapping: dict[str, int]) -> tuple[dict[int | None, CitizenTotal], int]:
    """theme id (None: a category that feeds no theme) → the citizens' totals in `year`, and
    the number of distinct participants in the year.

    Read from the per-day rows keyed by area and category (daily_activity), never the ledger; the
    join to the areas keeps it to the current municipality's. A category belongs to the theme its
    plan area maps to (app/plan/areas.py:CATEGORY_AREAS, then plan_area_themes); a person counts
    once per theme, however many categories of it they logged."""
    by_category = _theme_of_category(mapping)
    theme = (
        case(
            *((DailyActivity.category == category, theme_id) for category, theme_id in by_category.items()),
            else_=None,
        )
        if by_category
        else literal(None, type_=Integer)
    )
    in_year = (DailyActivity.day >= date(year, 1, 1), DailyActivity.day <= date(year, 12, 31))
    rows = db.session.execute(
        select(
            theme.label("theme_id"),
            func.coalesce(func.sum(DailyActivity.co2e_g), 0),
            func.coalesce(func.sum(DailyActivity.logs), 0),
            func.count(distinct(DailyActivity.participant_ref)),
        )
        .join(Neighbourhood, Neighbourhood.id == DailyActivity.neighbourhood_id)
        .where(*in_year)
        .group_by(theme)
    ).all()
    people = db.session.scalar(
        select(func.count(distinct(DailyActivity.participant_ref)))
        .join(Neighbourhood, Neighbourhood.id == DailyActivity.neighbourhood_id)
        .where(*in_year)
    )
    totals = {
        (int(theme_id) if theme_id is not None else None): CitizenTotal(int(co2e), int(logs), int(n))
        for theme_id, co2e, logs, n in rows
    }
    return totals, int(people or 0)
