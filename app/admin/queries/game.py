"""Challenge progress and the shared-vision target, read through the game package's queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.challenges.models import Challenge
from app.challenges.queries import ChallengeTotals, progress, running_challenges, totals_by_challenge
from app.challenges.rules import ChallengeState, state_on
from app.db import db
from app.web.templating import localised


@dataclass(frozen=True)
class ChallengeProgress:
    challenge: Challenge
    title: str
    state: str
    joined: int
    active: int
    logs: int
    points: int
    total: Decimal
    target: Decimal | None
    metric: str | None
    fraction: float | None
    ends_on: date
    summary: str


def _progress(challenge: Challenge, totals: ChallengeTotals, today: date) -> ChallengeProgress:
    shown = progress(challenge, totals)
    return ChallengeProgress(
        challenge=challenge,
        title=localised(challenge, "title"),
        state=state_on(starts_on=challenge.starts_on, ends_on=challenge.ends_on, today=today),
        joined=totals.joined,
        active=totals.active,
        logs=totals.logs,
        points=totals.points,
        total=shown.total,
        target=shown.target,
        metric=shown.metric,
        fraction=shown.fraction,
        ends_on=challenge.ends_on,
        summary=localised(challenge, "description"),
    )


def running_progress(today: date) -> list[ChallengeProgress]:
    """Running challenges, ending soonest first, with totals from their participant rows."""
    return _progresses(running_challenges(today), today)


def all_challenges(today: date) -> list[ChallengeProgress]:
    """Every challenge, newest first, for the management list."""
    challenges = db.session.scalars(
        select(Challenge).order_by(Challenge.starts_on.desc(), Challenge.id.desc())
    ).all()
    return _progresses(challenges, today)


def _progresses(challenges: Sequence[Challenge], today: date) -> list[ChallengeProgress]:
    totals = totals_by_challenge([c.id for c in challenges])  # one query for the whole list
    return [_progress(c, totals[c.id], today) for c in challenges]


def is_finished(challenge: Challenge, today: date) -> bool:
    return (
        state_on(starts_on=challenge.starts_on, ends_on=challenge.ends_on, today=today)
        is ChallengeState.FINISHED
    )
