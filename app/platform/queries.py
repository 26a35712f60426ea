"""The platform's comparison of municipalities: one grouped read of the area score rows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from flask import current_app
from sqlalchemy import and_, func, select

from app.cache import remembered_for
from app.clock import Period, period_key
from app.db import db, read_bind
from app.leaderboards.fairness import GroupTotals, rank_by_fair_score
from app.leaderboards.models import NeighbourhoodScore
from app.neighbourhoods.models import Neighbourhood
from app.tenancy.context import PLATFORM_OPTION
from app.tenancy.models import Municipality


@dataclass(frozen=True)
class MunicipalityStanding:
    slug: str
    name: str
    host_name: str | None
    inhabitants: int
    points: int
    co2e_g: int
    participants: int  # active participants: one per area a citizen logged in, as the area rows count them
    score: float | None  # the fair score (app/leaderboards/fairness.py); None when not ranked
    rank: int | None  # None: fewer active participants than the minimum

    @property
    def points_per_participant(self) -> float:
        return self.points / self.participants if self.participants else 0.0

    @property
    def participation_rate(self) -> float:
        """Active participants ÷ inhabitants, as a fraction."""
        return self.participants / self.inhabitants if self.inhabitants else 0.0

    @property
    def co2e_g_per_inhabitant(self) -> float:
        return self.co2e_g / self.inhabitants if self.inhabitants else 0.0


def comparison_min_participants() -> int:
    return int(current_app.config["PLATFORM_COMPARISON_MIN_PARTICIPANTS"])


def municipality_comparison(period: Period, day: date) -> list[MunicipalityStanding]:
    """Every active municipality for the period containing `day`, ranked by the leaderboard's
    fair score over the municipalities with at least PLATFORM_COMPARISON_MIN_PARTICIPANTS
    active participants (rank_by_fair_score: ties share a rank and go to the higher total, then
    by name); the others follow unranked, by participants then name. A public aggregate of every
    municipality, kept like a board for LEADERBOARD_CACHE_SECONDS."""
    seconds = int(current_app.config.get("LEADERBOARD_CACHE_SECONDS") or 0)
    return remembered_for(
        f"platform:comparison:{period.value}:{period_key(period, day)}:{comparison_min_participants()}",
        seconds,
        lambda: _comparison(period, day),
    )


_MUNICIPALITY_COLUMNS = (
    Municipality.id,
    Municipality.slug,
    Municipality.name,
    Municipality.host_name,
    Municipality.inhabitants,
)


def _comparison(period: Period, day: date) -> list[MunicipalityStanding]:
    key = period_key(period, day)
    score = NeighbourhoodScore
    rows = db.session.execute(
        select(
            *_MUNICIPALITY_COLUMNS[1:],
            func.coalesce(func.sum(score.points), 0),
            func.coalesce(func.sum(score.co2e_g), 0),
            func.coalesce(func.sum(score.participants), 0),
        )
        .select_from(Municipality)
        .outerjoin(Neighbourhood, Neighbourhood.municipality_id == Municipality.id)
        .outerjoin(
            score,
            and_(
                score.neighbourhood_id == Neighbourhood.id,
                score.period == period.value,
                score.period_key == key,
            ),
        )
        .where(Municipality.active.is_(True))
        .group_by(
            Municipality.id,
            Municipality.slug,
            Municipality.name,
            Municipality.host_name,
            Municipality.inhabitants,
        )
        .execution_options(**{PLATFORM_OPTION: True}),
        bind_arguments=read_bind(),
    ).all()
    minimum = comparison_min_participants()
    unscored = [
        MunicipalityStanding(
            slug=slug,
            name=name,
            host_name=host,
            inhabitants=int(inhabitants),
            points=int(points),
            co2e_g=int(co2e),
            participants=int(participants),
            score=None,
            rank=None,
        )
        for slug, name, host, inhabitants, points, co2e, participants in rows
    ]
    eligible = [m for m in unscored if m.participants >= minimum]
    ranked = [
        replace(placed.row, score=placed.score, rank=placed.rank)
        for placed in rank_by_fair_score(
            eligible,
            lambda m: GroupTotals(points=m.points, participants=m.participants, inhabitants=m.inhabitants),
            lambda m: m.name,
        )
    ]
    below = sorted((m for m in unscored if m.participants < minimum), key=lambda m: (-m.participants, m.name))
    return ranked + below
