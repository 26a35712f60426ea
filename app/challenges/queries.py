"""Challenge reads: lists by state, totals, progress and the per-challenge area ranking."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, case, func, select

from app.actions.models import LogEntry, LogStatus
from app.actions.rules import from_centi
from app.challenges.models import Challenge, ChallengeCredit, ChallengeParticipant
from app.challenges.rules import ChallengeState, TargetMetric, progress_fraction, state_on
from app.db import db
from app.leaderboards.fairness import GroupTotals, rank_by_fair_score
from app.neighbourhoods.models import Neighbourhood


@dataclass(frozen=True)
class ChallengeTotals:
    joined: int = 0
    active: int = 0  # participants with at least one counted log in the challenge
    points: int = 0
    quantity: Decimal = Decimal(0)
    co2e_g: int = 0
    logs: int = 0


@dataclass(frozen=True)
class Progress:
    total: Decimal
    target: Decimal | None
    fraction: float | None
    metric: str | None


@dataclass(frozen=True)
class ChallengeAreaStanding:
    neighbourhood: Neighbourhood
    rank: int | None  # None: no fair score (no points in the challenge yet, or no population)
    points: int
    participants: int
    fair_score: float | None = None

    @property
    def points_per_participant(self) -> float:
        return self.points / self.participants if self.participants else 0.0


def challenge_by_slug(slug: str) -> Challenge | None:
    return db.session.scalar(select(Challenge).where(Challenge.slug == slug))


def challenges_by_state(today: date) -> dict[ChallengeState, list[Challenge]]:
    """Running (ending soonest first), upcoming (starting soonest first), finished (latest
    first)."""
    groups: dict[ChallengeState, list[Challenge]] = {state: [] for state in ChallengeState}
    for challenge in db.session.scalars(select(Challenge).order_by(Challenge.starts_on, Challenge.id)):
        groups[state_on(starts_on=challenge.starts_on, ends_on=challenge.ends_on, today=today)].append(
            challenge
        )
    groups[ChallengeState.RUNNING].sort(key=lambda c: (c.ends_on, c.id))
    groups[ChallengeState.FINISHED].sort(key=lambda c: (c.ends_on, c.id), reverse=True)
    return groups


def running_challenges(today: date) -> list[Challenge]:
    return list(
        db.session.scalars(
            select(Challenge)
            .where(Challenge.starts_on <= today, Challenge.ends_on >= today)
            .order_by(Challenge.ends_on, Challenge.id)
        )
    )


def challenge_totals(challenge_id: int) -> ChallengeTotals:
    """Sums over the challenge's participant rows (never the ledger)."""
    return totals_by_challenge([challenge_id])[challenge_id]


def totals_by_challenge(challenge_ids: Collection[int]) -> dict[int, ChallengeTotals]:
    """challenge_totals for every id in one grouped query (a list page must not ask per row);
    a challenge nobody joined has zero totals."""
    if not challenge_ids:
        return {}
    p = ChallengeParticipant
    rows = db.session.execute(
        select(
            p.challenge_id,
            func.count(),
            func.coalesce(func.sum(case((p.logs > 0, 1), else_=0)), 0),
            func.coalesce(func.sum(p.points), 0),
            func.coalesce(func.sum(p.quantity_centi), 0),
            func.coalesce(func.sum(p.co2e_g), 0),
            func.coalesce(func.sum(p.logs), 0),
        )
        .where(p.challenge_id.in_(set(challenge_ids)))
        .group_by(p.challenge_id)
    )
    totals = {challenge_id: ChallengeTotals() for challenge_id in challenge_ids}
    for row in rows:
        totals[row[0]] = ChallengeTotals(
            joined=row[1],
            active=int(row[2]),
            points=int(row[3]),
            quantity=from_centi(int(row[4])),
            co2e_g=int(row[5]),
            logs=int(row[6]),
        )
    return totals


def progress_by_challenge(challenges: Collection[Challenge]) -> dict[int, Progress]:
    """progress() for several challenges with one query for all their totals."""
    totals = totals_by_challenge([c.id for c in challenges])
    return {c.id: progress(c, totals[c.id]) for c in challenges}


def metric_total(challenge: Challenge, totals: ChallengeTotals) -> Decimal:
    """The running total in the unit of the challenge's target (units when it has none)."""
    if challenge.target_metric == TargetMetric.LOGS:
        return Decimal(totals.logs)
    if challenge.target_metric == TargetMetric.CO2E_KG:
        return Decimal(totals.co2e_g) / 1000
    return totals.quantity


def progress(challenge: Challenge, totals: ChallengeTotals | None = None) -> Progress:
    totals = totals or challenge_totals(challenge.id)
    total = metric_total(challenge, totals)
    return Progress(
        total=total,
        target=challenge.target_value,
        fraction=progress_fraction(total, challenge.target_value),
        metric=challenge.target_metric,
    )


def participant(challenge_id: int, user_id: int) -> ChallengeParticipant | None:
    return db.session.scalar(
        select(ChallengeParticipant).where(
            ChallengeParticipant.challenge_id == challenge_id, ChallengeParticipant.user_id == user_id
        )
    )


def joined_challenge_ids(user_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(ChallengeParticipant.challenge_id).where(ChallengeParticipant.user_id == user_id)
        )
    )


def area_standings(challenge_id: int) -> list[ChallengeAreaStanding]:
    """Every area by its fair score in this challenge, the main board's rule
    (app.leaderboards.fairness.rank_by_fair_score, written on neighbourhood_standings).

    Points are the covered logs' points plus the challenge bonus. An active participant joined
    and has at least one log that counted; the area's population is what its points are
    measured against, so an area with no active participant has a score too.
    """
    p = ChallengeParticipant
    active = (
        select(
            p.neighbourhood_id.label("neighbourhood_id"),
            func.sum(p.points).label("points"),
            func.count(p.id).label("participants"),
        )
        .where(p.challenge_id == challenge_id, p.logs > 0)
        .group_by(p.neighbourhood_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Neighbourhood, func.coalesce(active.c.points, 0), func.coalesce(active.c.participants, 0)
        ).outerjoin(active, active.c.neighbourhood_id == Neighbourhood.id)
    ).all()
    standings = [ChallengeAreaStanding(area, None, int(points), int(count)) for area, points, count in rows]
    return [
        replace(placed.row, rank=placed.rank, fair_score=placed.score)
        for placed in rank_by_fair_score(
            standings,
            lambda s: GroupTotals(s.points, s.participants, s.neighbourhood.population),
            lambda s: s.neighbourhood.name,
        )
    ]


def bonus_on_day(user_id: int, day: date) -> int:
    """Challenge bonus points of the citizen's counted logs for `day`."""
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(ChallengeCredit.bonus_points), 0))
            .join(LogEntry, LogEntry.id == ChallengeCredit.log_id)
            .where(
                LogEntry.user_id == user_id, LogEntry.occurred_on == day, LogEntry.status == LogStatus.COUNTED
            )
        )
        or 0
    )


def counted_bonus_groups() -> Select[int | None, int, date, int]:
    """Challenge bonus of counted logs per (user, area the log was made in, day): what
    `app.leaderboards.services.rebuild_scores` adds to the score rows."""
    return (
        select(
            LogEntry.user_id,
            LogEntry.neighbourhood_id,
            LogEntry.occurred_on,
            func.sum(ChallengeCredit.bonus_points),
        )
        .join(LogEntry, LogEntry.id == ChallengeCredit.log_id)
        .where(LogEntry.status == LogStatus.COUNTED)
        .group_by(LogEntry.user_id, LogEntry.neighbourhood_id, LogEntry.occurred_on)
    )
