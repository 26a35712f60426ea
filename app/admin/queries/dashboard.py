"""Dashboard reads. They total score rows and per-day aggregates, never the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.actions.effective import EffectiveAction, override_on
from app.actions.models import Action, ActionOverride
from app.clock import Period, local_day_bounds, period_key, week_key, week_start
from app.db import db
from app.leaderboards.models import DailyActionTotal, DailyActivity, NeighbourhoodScore
from app.leaderboards.queries import AreaStanding, neighbourhood_standings, rank_areas
from app.neighbourhoods.models import Neighbourhood

TREND_WEEKS = 12


@dataclass(frozen=True)
class Totals:
    participants: int
    logs: int
    points: int
    co2e_g: int


@dataclass(frozen=True)
class Kpis:
    week: Totals
    all_time: Totals
    signups_week: int
    citizens: int


@dataclass(frozen=True)
class BoardFilter:
    """What the admin board shows: a preset period or a custom range, optionally one category."""

    period: str = "week"  # week | month | all | custom
    date_from: date | None = None
    date_to: date | None = None
    category: str | None = None

    def date_range(self, today: date) -> tuple[date | None, date | None]:
        """Inclusive local days; (None, None) is all time."""
        if self.period == "week":
            return week_start(today), today
        if self.period == "month":
            return today.replace(day=1), today
        if self.period == "custom":
            return self.date_from, self.date_to
        return None, None

    @property
    def needs_daily_rows(self) -> bool:
        """Custom ranges and categories have no period rows: they total per-day aggregates."""
        return self.period == "custom" or self.category is not None


def _period_totals(period: Period, today: date) -> Totals:
    row = db.session.execute(
        select(
            func.coalesce(func.sum(NeighbourhoodScore.participants), 0),
            func.coalesce(func.sum(NeighbourhoodScore.logs), 0),
            func.coalesce(func.sum(NeighbourhoodScore.points), 0),
            func.coalesce(func.sum(NeighbourhoodScore.co2e_g), 0),
        )
        # the current municipality's areas only (score rows carry no municipality of their own)
        .join(Neighbourhood, Neighbourhood.id == NeighbourhoodScore.neighbourhood_id)
        .where(
            NeighbourhoodScore.period == period.value,
            NeighbourhoodScore.period_key == period_key(period, today),
        )
    ).one()
    return Totals(participants=int(row[0]), logs=int(row[1]), points=int(row[2]), co2e_g=int(row[3]))


def kpis(today: date, tz: str) -> Kpis:
    """This week's and all-time totals from the area score rows, plus sign-ups this week
    (citizen accounts created since Monday, local time)."""
    since = local_day_bounds(week_start(today), tz)[0]
    signups = (
        db.session.scalar(
            select(func.count()).select_from(User).where(User.role == Role.CITIZEN, User.created_at >= since)
        )
        or 0
    )
    citizens = db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.CITIZEN)) or 0
    return Kpis(
        week=_period_totals(Period.WEEK, today),
        all_time=_period_totals(Period.ALL, today),
        signups_week=int(signups),
        citizens=int(citizens),
    )


def _daily_where(board: BoardFilter, today: date) -> list[object]:
    start, end = board.date_range(today)
    conditions: list[object] = []
    if start is not None:
        conditions.append(DailyActivity.day >= start)
    if end is not None:
        conditions.append(DailyActivity.day <= end)
    if board.category:
        conditions.append(DailyActivity.category == board.category)
    return conditions


def board_standings(board: BoardFilter, today: date) -> list[AreaStanding]:
    """The neighbourhood board for a filter, ranked by the public rule (the fair score; see
    neighbourhood_standings). Preset periods read the period score rows;
    custom ranges and categories total the per-day aggregate, counting each participant once."""
    if not board.needs_daily_rows:
        return neighbourhood_standings(Period(board.period), today)
    totals = {
        area_id: (int(points), int(co2e), int(people))
        for area_id, points, co2e, people in db.session.execute(
            select(
                DailyActivity.neighbourhood_id,
                func.sum(DailyActivity.points),
                func.sum(DailyActivity.co2e_g),
                func.count(func.distinct(DailyActivity.participant_ref)),
            )
            .where(*_daily_where(board, today))  # type: ignore[arg-type]
            .group_by(DailyActivity.neighbourhood_id)
        )
    }
    standings = [
        AreaStanding(
            neighbourhood=area,
            rank=None,
            points=totals.get(area.id, (0, 0, 0))[0],
            co2e_g=totals.get(area.id, (0, 0, 0))[1],
            participants=totals.get(area.id, (0, 0, 0))[2],
        )
        for area in db.session.scalars(select(Neighbourhood))
    ]
    return rank_areas(standings)


@dataclass(frozen=True)
class ActionTotal:
    action: EffectiveAction
    logs: int
    points: int
    co2e_g: int


def top_actions(board: BoardFilter, today: date, *, limit: int = 8) -> list[ActionTotal]:
    """The most-logged actions in the board's date range (and category), by points then logs."""
    start, end = board.date_range(today)
    query = (
        select(
            Action,
            ActionOverride,  # this municipality's labels (app/actions/effective.py)
            func.sum(DailyActionTotal.logs),
            func.sum(DailyActionTotal.points),
            func.sum(DailyActionTotal.co2e_g),
        )
        .join(DailyActionTotal, DailyActionTotal.action_id == Action.id)
        .outerjoin(ActionOverride, override_on())
        .group_by(Action.id, ActionOverride.id)
        .order_by(func.sum(DailyActionTotal.points).desc(), func.sum(DailyActionTotal.logs).desc(), Action.id)
        .limit(limit)
    )
    if start is not None:
        query = query.where(DailyActionTotal.day >= start)
    if end is not None:
        query = query.where(DailyActionTotal.day <= end)
    if board.category:
        query = query.where(Action.category == board.category)
    return [
        ActionTotal(action=EffectiveAction(a, o), logs=int(n), points=int(p), co2e_g=int(c))
        for a, o, n, p, c in db.session.execute(query)
    ]


@dataclass(frozen=True)
class Trend:
    weeks: list[date]  # Mondays, oldest first
    series: list[tuple[Neighbourhood, list[int]]]  # points per week, same order as weeks

    @property
    def maximum(self) -> int:
        return max((p for _, points in self.series for p in points), default=0)


def weekly_trend(today: date, *, weeks: int = TREND_WEEKS) -> Trend:
    """Points per area for each of the last `weeks` ISO weeks (this one included), from the
    weekly score rows."""
    mondays = [week_start(today) - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    keys = [week_key(monday) for monday in mondays]
    points = {
        (area_id, key): int(value)
        for area_id, key, value in db.session.execute(
            select(
                NeighbourhoodScore.neighbourhood_id, NeighbourhoodScore.period_key, NeighbourhoodScore.points
            ).where(NeighbourhoodScore.period == Period.WEEK.value, NeighbourhoodScore.period_key.in_(keys))
        )
    }
    areas = db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name))
    return Trend(
        weeks=mondays, series=[(area, [points.get((area.id, key), 0) for key in keys]) for area in areas]
    )
