"""Reads of the current municipality's climate plan: the plan, its themes, measures and area map."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.db import db
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
