"""Leaderboard reads: score rows only, never the ledger, on the read replica when one is set."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import and_, bindparam, func, inspect, or_, select
from sqlalchemy.orm import make_transient_to_detached

from app.accounts.models import User
from app.clock import Period, period_key
from app.db import db, read_bind
from app.leaderboards import written
from app.leaderboards.caching import remembered
from app.leaderboards.fairness import GroupTotals, rank_by_fair_score
from app.leaderboards.models import NeighbourhoodScore, UserScore
from app.neighbourhoods.models import Neighbourhood


@dataclass(frozen=True)
class AreaStanding:
    neighbourhood: Neighbourhood
    rank: int | None  # None: no fair score (nobody on the board has points yet, or no population)
    points: int
    co2e_g: int
    participants: int
    fair_score: float | None = None  # app.leaderboards.fairness.fair_score

    @property
    def points_per_participant(self) -> float:
        return self.points / self.participants if self.participants else 0.0

    @property
    def participation_rate(self) -> float:
        """Active participants ÷ population, as a fraction."""
        population = self.neighbourhood.population
        return self.participants / population if population else 0.0


@dataclass(frozen=True)
class CitizenStanding:
    user_id: int
    alias: str
    rank: int
    points: int
    co2e_g: int


@dataclass(frozen=True)
class MyPosition:
    rank: int
    of: int
    points: int


def neighbourhood_standings(period: Period, day: date) -> list[AreaStanding]:
    """Every area for the period containing `day`, ranked by its fair score
    (app.leaderboards.fairness): how far the area's points lie above what an area of its
    population would get if everyone in the municipality were as keen, in units of the chance
    variation an area of that size has. Every area is ranked (no minimum of participants: the
    score already allows for the size). Highest score first; equal scores share a rank and go by
    the higher total, then the name. Only when nobody has points yet are all areas unranked.

    A public aggregate, so a computed board is kept for LEADERBOARD_CACHE_SECONDS (a few
    seconds; 0 switches it off) and every request shares it (app.leaderboards.caching): a board
    may be that far behind the ledger, as a replica may be. For display only: no service decides on it.
    """
    return remembered(
        f"leaderboards:areas:{period.value}:{period_key(period, day)}",
        lambda: [replace(s, neighbourhood=_detached_copy(s.neighbourhood)) for s in _standings(period, day)],
    )


def _detached_copy(area: Neighbourhood) -> Neighbourhood:
    """The area's loaded columns in an instance of no session, so requests on other threads can
    read it after this request's session commits (which would expire the original) or closes."""
    copy = Neighbourhood(**{c.key: getattr(area, c.key) for c in inspect(Neighbourhood).column_attrs})
    make_transient_to_detached(copy)
    return copy


def _standings(period: Period, day: date) -> list[AreaStanding]:
    key = period_key(period, day)
    rows = db.session.execute(
        select(Neighbourhood, NeighbourhoodScore).outerjoin(
            NeighbourhoodScore,
            and_(
                NeighbourhoodScore.neighbourhood_id == Neighbourhood.id,
                NeighbourhoodScore.period == period.value,
                NeighbourhoodScore.period_key == key,
            ),
        ),
        bind_arguments=read_bind(),
    ).all()
    standings = [
        AreaStanding(
            neighbourhood=area,
            rank=None,
            points=score.points if score else 0,
            co2e_g=score.co2e_g if score else 0,
            participants=score.participants if score else 0,
        )
        for area, score in rows
    ]
    return rank_areas(standings)


def rank_areas(standings: list[AreaStanding]) -> list[AreaStanding]:
    """Order and rank area totals by the rule written on neighbourhood_standings (shared with the
    admin's filtered boards, which total per-day aggregates instead of period rows)."""
    return [
        replace(placed.row, rank=placed.rank, fair_score=placed.score)
        for placed in rank_by_fair_score(
            standings,
            lambda s: GroupTotals(s.points, s.participants, s.neighbourhood.population),
            lambda s: s.neighbourhood.name,
        )
    ]


def standing_of(standings: list[AreaStanding], neighbourhood_id: int | None) -> AreaStanding | None:
    """One area's row of a board computed by neighbourhood_standings (None if absent)."""
    return next((s for s in standings if s.neighbourhood.id == neighbourhood_id), None)


def _ranked_area_scores(neighbourhood_id: int, period: Period, key: str):  # type: ignore[no-untyped-def]
    return (
        select(
            UserScore.user_id,
            UserScore.points,
            UserScore.co2e_g,
            func.rank().over(order_by=UserScore.points.desc()).label("rank"),
        )
        .where(
            UserScore.neighbourhood_id == neighbourhood_id,
            UserScore.period == period.value,
            UserScore.period_key == key,
        )
        .subquery()
    )


def top_citizens(
    neighbourhood_id: int, period: Period, day: date, *, limit: int = 10
) -> list[CitizenStanding]:
    """The area's top citizens by points. Ranks count every participant (equal points share a
    rank), but only citizens who opted in to individual rankings are listed, by alias."""
    ranked = _ranked_area_scores(neighbourhood_id, period, period_key(period, day))
    rows = db.session.execute(
        select(ranked.c.user_id, User.alias, ranked.c.rank, ranked.c.points, ranked.c.co2e_g)
        .join(User, User.id == ranked.c.user_id)
        .where(User.show_in_rankings.is_(True), User.is_suspended.is_(False))
        .order_by(ranked.c.rank, User.alias_key)
        .limit(limit),
        bind_arguments=read_bind(),
    ).all()
    return [CitizenStanding(user_id=r[0], alias=r[1], rank=r[2], points=r[3], co2e_g=r[4]) for r in rows]


def my_position(user: User, period: Period, day: date) -> MyPosition | None:
    """The citizen's own rank in their area (among all its participants), or None if inactive."""
    if user.neighbourhood_id is None:
        return None
    key = period_key(period, day)
    mine = db.session.scalar(
        select(UserScore.points).where(
            UserScore.user_id == user.id, UserScore.period == period.value, UserScore.period_key == key
        ),
        bind_arguments=read_bind(),
    )
    if mine is None:
        return None
    area_rows = (
        UserScore.neighbourhood_id == user.neighbourhood_id,
        UserScore.period == period.value,
        UserScore.period_key == key,
    )
    ahead = db.session.scalar(
        select(func.count()).select_from(UserScore).where(*area_rows, UserScore.points > mine),
        bind_arguments=read_bind(),
    )
    total = db.session.scalar(
        select(func.count()).select_from(UserScore).where(*area_rows), bind_arguments=read_bind()
    )
    return MyPosition(rank=(ahead or 0) + 1, of=total or 0, points=mine)


def user_totals_by_period(
    user_id: int, periods: tuple[Period, ...], day: date
) -> dict[Period, tuple[int, int]]:
    """(points, co2e grams) of one citizen for each period containing `day`, in one read."""
    wanted = {(period.value, period_key(period, day)): period for period in periods}
    rows = db.session.execute(
        select(UserScore.period, UserScore.period_key, UserScore.points, UserScore.co2e_g).where(
            UserScore.user_id == user_id,
            or_(*(and_(UserScore.period == p, UserScore.period_key == k) for p, k in wanted)),
        ),
        bind_arguments=read_bind(),
    )
    found = {wanted[(period, key)]: (points, co2e) for period, key, points, co2e in rows}
    return {period: found.get(period, (0, 0)) for period in periods}


def user_totals(user_id: int, period: Period, day: date) -> tuple[int, int]:
    """(points, co2e grams) of one citizen for the period containing `day`."""
    row = db.session.execute(
        select(UserScore.points, UserScore.co2e_g).where(
            UserScore.user_id == user_id,
            UserScore.period == period.value,
            UserScore.period_key == period_key(period, day),
        ),
        bind_arguments=read_bind(),
    ).first()
    return (row[0], row[1]) if row else (0, 0)


# Made once with bound parameters: the log's rules read them (bench/floor.py).
_USER_POINTS = select(UserScore.points).where(
    UserScore.user_id == bindparam("user_id"),
    UserScore.period == bindparam("period"),
    UserScore.period_key == bindparam("key"),
)
_AREA_ROW = select(
    NeighbourhoodScore.points, NeighbourhoodScore.co2e_g, NeighbourhoodScore.participants
).where(
    NeighbourhoodScore.neighbourhood_id == bindparam("neighbourhood_id"),
    NeighbourhoodScore.period == bindparam("period"),
    NeighbourhoodScore.period_key == bindparam("key"),
)


def user_points_now(user_id: int, period: Period, key: str) -> int:
    """The citizen's points in one period row as the current transaction sees it (on the
    primary): what the transaction's own upsert returned, else the row (0 when absent)."""
    known, row = written.recalled("user_scores", user_id, period.value, key)
    if known:
        return row["points"] if row else 0
    points = db.session.scalar(_USER_POINTS, {"user_id": user_id, "period": period.value, "key": key})
    return int(points or 0)


def area_row_now(neighbourhood_id: int, period: Period, key: str) -> tuple[int, int, int] | None:
    """(points, co2e grams, participants) of one area period row as the current transaction
    sees it, like `user_points_now`; None when there is no row."""
    known, row = written.recalled("neighbourhood_scores", neighbourhood_id, period.value, key)
    if known:
        return (row["points"], row["co2e_g"], row["participants"]) if row else None
    found = db.session.execute(
        _AREA_ROW, {"neighbourhood_id": neighbourhood_id, "period": period.value, "key": key}
    ).first()
    return (found[0], found[1], found[2]) if found else None
