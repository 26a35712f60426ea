"""Reading inter-municipal challenges: the list, a challenge's fair board, and the current
municipality's own standing. Boards read the entries' running totals, never the ledger."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from flask import current_app
from sqlalchemy import select

from app.cache import remembered_for
from app.db import db, read_bind
from app.intermunicipal.models import InterChallenge, InterChallengeEntry
from app.leaderboards.fairness import GroupTotals, rank_by_fair_score
from app.tenancy.context import PLATFORM_OPTION, current_municipality_id
from app.tenancy.models import Municipality


class Phase(StrEnum):
    UPCOMING = "upcoming"
    RUNNING = "running"
    FINISHED = "finished"


def phase_of(challenge: InterChallenge, today: date) -> Phase:
    if today < challenge.starts_on:
        return Phase.UPCOMING
    return Phase.RUNNING if today <= challenge.ends_on else Phase.FINISHED


@dataclass(frozen=True)
class EntryStanding:
    municipality_id: int
    slug: str
    name: str
    host_name: str | None
    inhabitants: int
    points: int
    co2e_g: int
    participants: int
    score: float | None = None
    rank: int | None = None

    def metric_value(self, metric: str) -> float:
        return self.co2e_g / 1000 if metric == "co2e" else float(self.points)

    def per_participant(self, metric: str) -> float:
        return self.metric_value(metric) / self.participants if self.participants else 0.0


@dataclass(frozen=True)
class Board:
    challenge: InterChallenge
    standings: list[EntryStanding]

    @property
    def total(self) -> float:
        return sum(s.metric_value(self.challenge.metric) for s in self.standings)

    @property
    def progress_pct(self) -> int:
        target = float(self.challenge.target_value)
        return min(100, int(self.total * 100 / target)) if target > 0 else 0


def all_challenges() -> list[InterChallenge]:
    """Newest first (national rows: the same on every address)."""
    return list(
        db.session.scalars(
            select(InterChallenge).order_by(InterChallenge.starts_on.desc(), InterChallenge.id)
        )
    )


def challenge_by_slug(slug: str) -> InterChallenge | None:
    return db.session.scalar(select(InterChallenge).where(InterChallenge.slug == slug))


def min_participants() -> int:
    return int(current_app.config["PLATFORM_COMPARISON_MIN_PARTICIPANTS"])


def board_of(challenge: InterChallenge) -> Board:
    """Every opted-in municipality, ranked by the fair score of the challenge's metric (the rule
    of the municipality comparison) from min_participants() participants; the others follow."""
    seconds = int(current_app.config.get("LEADERBOARD_CACHE_SECONDS") or 0)
    standings = remembered_for(
        f"inter:board:{challenge.id}:{min_participants()}", seconds, lambda: _standings(challenge)
    )
    return Board(challenge=challenge, standings=standings)


def _standings(challenge: InterChallenge) -> list[EntryStanding]:
    rows = db.session.execute(
        select(
            Municipality.id,
            Municipality.slug,
            Municipality.name,
            Municipality.host_name,
            Municipality.inhabitants,
            InterChallengeEntry.points,
            InterChallengeEntry.co2e_g,
            InterChallengeEntry.participants,
        )
        .join(Municipality, Municipality.id == InterChallengeEntry.municipality_id)
        .where(InterChallengeEntry.challenge_id == challenge.id)
        .execution_options(**{PLATFORM_OPTION: True}),
        bind_arguments=read_bind(),
    ).all()
    unscored = [
        EntryStanding(
            municipality_id=int(municipality_id),
            slug=slug,
            name=name,
            host_name=host,
            inhabitants=int(inhabitants),
            points=int(points),
            co2e_g=int(co2e_g),
            participants=int(participants),
        )
        for municipality_id, slug, name, host, inhabitants, points, co2e_g, participants in rows
    ]
    minimum = min_participants()
    metric = challenge.metric
    eligible = [s for s in unscored if s.participants >= minimum]
    ranked = [
        replace(placed.row, score=placed.score, rank=placed.rank)
        for placed in rank_by_fair_score(
            eligible,
            lambda s: GroupTotals(
                points=int(s.metric_value(metric)), participants=s.participants, inhabitants=s.inhabitants
            ),
            lambda s: s.name,
        )
    ]
    below = sorted((s for s in unscored if s.participants < minimum), key=lambda s: (-s.participants, s.name))
    return ranked + below


@dataclass(frozen=True)
class OwnStanding:
    challenge: InterChallenge
    phase: Phase
    rank: int | None
    of: int
    joined: bool


def own_standings(today: date) -> list[OwnStanding]:
    """The current municipality's place in each challenge that is not finished (joined or open
    to join), for its own pages; empty on the platform's address. One statement when there is
    no such challenge."""
    municipality_id = current_municipality_id()
    if not municipality_id:
        return []
    rows = db.session.execute(
        select(InterChallenge, InterChallengeEntry.id)
        .outerjoin(
            InterChallengeEntry,
            (InterChallengeEntry.challenge_id == InterChallenge.id)
            & (InterChallengeEntry.municipality_id == municipality_id),
        )
        .where(InterChallenge.ends_on >= today)
        .order_by(InterChallenge.starts_on.desc(), InterChallenge.id)
    ).all()
    result = []
    for challenge, entry_id in rows:
        board = board_of(challenge)
        mine = next((s for s in board.standings if s.municipality_id == municipality_id), None)
        result.append(
            OwnStanding(
                challenge=challenge,
                phase=phase_of(challenge, today),
                rank=mine.rank if mine else None,
                of=len(board.standings),
                joined=entry_id is not None,
            )
        )
    return result
