"""Shared-vision reads: the year's totals from score rows, per area, top actions, milestones."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from app.actions.effective import EffectiveAction, override_on
from app.actions.models import Action, ActionOverride
from app.db import db
from app.gamification.models import ActionTally
from app.leaderboards.models import NeighbourhoodScore
from app.neighbourhoods.models import Neighbourhood
from app.vision.models import ClimateGoal, VisionTarget


@dataclass(frozen=True)
class AreaContribution:
    neighbourhood: Neighbourhood
    co2e_g: int
    points: int
    share: float  # of the municipality's CO2e this year


@dataclass(frozen=True)
class ActionCount:
    action: EffectiveAction
    logs: int
    co2e_g: int


def _year_months(year: int) -> tuple[ColumnElement[bool], ...]:
    return (NeighbourhoodScore.period == "month", NeighbourhoodScore.period_key.like(f"{year:04d}-%"))


def year_totals(year: int) -> tuple[int, int, int]:
    """(CO2e grams, points, logs) of all citizens in a calendar year: the sum of the areas'
    monthly score rows (at most 12 per area), never the ledger. The join to the areas keeps the
    sum to the current municipality's (score rows carry no municipality of their own)."""
    row = db.session.execute(
        select(
            func.coalesce(func.sum(NeighbourhoodScore.co2e_g), 0),
            func.coalesce(func.sum(NeighbourhoodScore.points), 0),
            func.coalesce(func.sum(NeighbourhoodScore.logs), 0),
        )
        .join(Neighbourhood, Neighbourhood.id == NeighbourhoodScore.neighbourhood_id)
        .where(*_year_months(year))
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def area_contributions(year: int) -> list[AreaContribution]:
    """Every area's CO2e and points this year, largest CO2e first (then name)."""
    sums = (
        select(
            NeighbourhoodScore.neighbourhood_id,
            func.sum(NeighbourhoodScore.co2e_g).label("co2e_g"),
            func.sum(NeighbourhoodScore.points).label("points"),
        )
        .where(*_year_months(year))
        .group_by(NeighbourhoodScore.neighbourhood_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Neighbourhood, func.coalesce(sums.c.co2e_g, 0), func.coalesce(sums.c.points, 0)).outerjoin(
            sums, sums.c.neighbourhood_id == Neighbourhood.id
        )
    ).all()
    total = sum(int(r[1]) for r in rows)
    result = [
        AreaContribution(area, int(co2e), int(points), int(co2e) / total if total else 0.0)
        for area, co2e, points in rows
    ]
    return sorted(result, key=lambda c: (-c.co2e_g, c.neighbourhood.name))


def top_actions(year: int, *, limit: int = 5) -> list[ActionCount]:
    """The most logged actions this year (pre-aggregated tallies; ties by CO2e, then name)."""
    rows = db.session.execute(
        select(Action, ActionOverride, ActionTally.logs, ActionTally.co2e_g)
        .join(ActionTally, ActionTally.action_id == Action.id)
        .outerjoin(ActionOverride, override_on())  # this municipality's labels
        .where(ActionTally.year == year, ActionTally.logs > 0)
        .order_by(ActionTally.logs.desc(), ActionTally.co2e_g.desc(), Action.slug)
        .limit(limit)
    ).all()
    return [
        ActionCount(EffectiveAction(action, override), int(logs), int(co2e))
        for action, override, logs, co2e in rows
    ]


def target_for(year: int) -> VisionTarget | None:
    return db.session.scalar(select(VisionTarget).where(VisionTarget.year == year))


def climate_goals() -> list[ClimateGoal]:
    return list(db.session.scalars(select(ClimateGoal).order_by(ClimateGoal.sort_order, ClimateGoal.year)))
