"""Reads behind the exports: per-day statistics and the opt-in citizen leaderboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.accounts.models import User
from app.clock import Period, period_key
from app.db import db
from app.leaderboards.models import DailyActivity, UserScore
from app.neighbourhoods.models import Neighbourhood


@dataclass(frozen=True)
class DayRow:
    day: date
    neighbourhood: str
    category: str
    participants: int
    logs: int
    points: int
    co2e_g: int


def daily_statistics(*, start: date | None, end: date | None, category: str | None) -> list[DayRow]:
    """Totals per (day, area, category) from the per-day aggregate, oldest day first."""
    query = (
        select(
            DailyActivity.day,
            Neighbourhood.name,
            DailyActivity.category,
            func.count(func.distinct(DailyActivity.participant_ref)),
            func.sum(DailyActivity.logs),
            func.sum(DailyActivity.points),
            func.sum(DailyActivity.co2e_g),
        )
        .join(Neighbourhood, Neighbourhood.id == DailyActivity.neighbourhood_id)
        .group_by(DailyActivity.day, Neighbourhood.name, DailyActivity.category)
        .order_by(DailyActivity.day, Neighbourhood.name, DailyActivity.category)
    )
    if start is not None:
        query = query.where(DailyActivity.day >= start)
    if end is not None:
        query = query.where(DailyActivity.day <= end)
    if category:
        query = query.where(DailyActivity.category == category)
    return [
        DayRow(
            day=d,
            neighbourhood=n,
            category=c,
            participants=int(p),
            logs=int(lg),
            points=int(pt),
            co2e_g=int(co),
        )
        for d, n, c, p, lg, pt, co in db.session.execute(query)
    ]


@dataclass(frozen=True)
class CitizenRow:
    neighbourhood: str
    rank: int
    alias: str
    points: int
    co2e_g: int


def citizen_rows(period: Period, day: date) -> list[CitizenRow]:
    """Every area's citizen ranking for the period, as the public boards show it: ranks count
    every participant, but only opted-in, unsuspended citizens are listed, by alias."""
    ranked = (
        select(
            UserScore.user_id,
            UserScore.neighbourhood_id,
            UserScore.points,
            UserScore.co2e_g,
            func.rank()
            .over(partition_by=UserScore.neighbourhood_id, order_by=UserScore.points.desc())
            .label("rank"),
        )
        .where(UserScore.period == period.value, UserScore.period_key == period_key(period, day))
        .subquery()
    )
    rows = db.session.execute(
        select(Neighbourhood.name, ranked.c.rank, User.alias, ranked.c.points, ranked.c.co2e_g)
        .join(User, User.id == ranked.c.user_id)
        .join(Neighbourhood, Neighbourhood.id == ranked.c.neighbourhood_id)
        .where(User.show_in_rankings.is_(True), User.is_suspended.is_(False))
        .order_by(Neighbourhood.name, ranked.c.rank, User.alias_key)
    )
    return [
        CitizenRow(neighbourhood=n, rank=int(r), alias=a, points=int(p), co2e_g=int(c))
        for n, r, a, p, c in rows
    ]
