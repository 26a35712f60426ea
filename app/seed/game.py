"""Demo data for the game: climate goals, this year's target, one running and one
finished challenge with participants, badges earned so far, and a neighbourhood feed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.actions.models import Action, LogEntry, LogStatus
from app.challenges.models import Challenge, ChallengeCredit, ChallengeParticipant
from app.challenges.rules import RewardKind, TargetMetric, bonus_for
from app.challenges.services import ChallengeInput, create_challenge
from app.clock import utcnow
from app.db import db, write_transaction
from app.features import rebuild_derived_rows
from app.gamification.models import FeedEvent, FeedKind, Flag, FlagKind, UserBadge
from app.gamification.services import AREA_CO2E_MARKS_KG, add_feed_event, award_badges
from app.leaderboards.models import NeighbourhoodScore
from app.moderation.flags import raise_flag
from app.vision.queries import target_for
from app.vision.services import seed_climate_goals, set_vision_target

DEMO_TARGET_KG = 60_000
FEED_DAYS = 3


@dataclass
class GameReport:
    goals: int = 0
    challenges: int = 0
    participants: int = 0
    badges: int = 0
    feed_events: int = 0
    flags: int = 0


def _challenges(today: date) -> list[tuple[ChallengeInput, list[str], float]]:
    """(input, covered action slugs, share of citizens who joined)."""
    running = ChallengeInput(
        slug="cykeluge",
        title_da="Cykeluge",
        title_en="Cycling week",
        description_da="Lad bilen stå og tag cyklen eller gå: hver tur tæller mod kommunens "
        "fælles mål på 2.000 km.",
        description_en="Leave the car at home and cycle or walk: every trip counts toward the "
        "municipality's shared goal of 2,000 km.",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=3),
        action_ids=[],
        reward_kind=RewardKind.BONUS,
        reward_value=Decimal(5),
        target_metric=TargetMetric.QUANTITY,
        target_value=Decimal(2000),
    )
    finished = ChallengeInput(
        slug="plantebaseret-uge",
        title_da="Plantebaseret uge",
        title_en="Plant-based week",
        description_da="En uge med grøntsagerne i centrum. Plantebaserede dage og vegetariske "
        "måltider gav halvanden gang point.",
        description_en="A week with vegetables at the centre. Plant-based days and vegetarian "
        "meals earned one and a half times the points.",
        starts_on=today - timedelta(days=20),
        ends_on=today - timedelta(days=14),
        action_ids=[],
        reward_kind=RewardKind.MULTIPLIER,
        reward_value=Decimal("1.5"),
        target_metric=TargetMetric.LOGS,
        target_value=Decimal(150),
    )
    return [
        (running, ["cykel-frem-for-bil", "gaa-frem-for-bil"], 0.35),
        (finished, ["plantebaseret-dag", "vegetar-maaltid"], 0.4),
    ]


def _join_and_credit(challenge: Challenge, share: float, rng: random.Random, citizens: list[User]) -> int:
    """Demo citizens who joined before the start, and credits for their logs in the window."""
    action_ids = [a.id for a in challenge.actions]
    joined_at = datetime.combine(
        challenge.starts_on - timedelta(days=1), datetime.min.time(), tzinfo=utcnow().tzinfo
    )
    added = 0
    with write_transaction():
        for user in citizens:
            if rng.random() > share or user.email.startswith("borger@"):
                continue
            participant = ChallengeParticipant(
                challenge_id=challenge.id,
                user_id=user.id,
                neighbourhood_id=user.neighbourhood_id,
                joined_at=joined_at,
            )
            db.session.add(participant)
            db.session.flush()
            added += 1
            logs = db.session.scalars(
                select(LogEntry).where(
                    LogEntry.user_id == user.id,
                    LogEntry.status == LogStatus.COUNTED,
                    LogEntry.action_id.in_(action_ids),
                    LogEntry.occurred_on >= challenge.starts_on,
                    LogEntry.occurred_on <= challenge.ends_on,
                )
            )
            for entry in logs:
                db.session.add(
                    ChallengeCredit(
                        challenge_id=challenge.id,
                        participant_id=participant.id,
                        log_id=entry.id,
                        bonus_points=bonus_for(
                            kind=challenge.reward_kind, value=challenge.reward_value, points=entry.points
                        ),
                    )
                )
    return added


def _seed_challenges(today: date, rng: random.Random, admin: User, report: GameReport) -> bool:
    citizens = list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.CITIZEN, User.neighbourhood_id.is_not(None))
            .order_by(User.id)
        )
    )
    created_any = False
    for data, slugs, share in _challenges(today):
        if db.session.scalar(select(Challenge.id).where(Challenge.slug == data.slug)):
            continue
        ids = list(db.session.scalars(select(Action.id).where(Action.slug.in_(slugs))))
        challenge = create_challenge(actor=admin, data=ChallengeInput(**{**data.__dict__, "action_ids": ids}))
        report.challenges += 1
        report.participants += _join_and_credit(challenge, share, rng, citizens)
        created_any = True
    return created_any


def _seed_badges(today: date, now: datetime, report: GameReport) -> None:
    """Badges the demo citizens' history has earned, awarded as the log service would."""
    # this municipality's badges: badge rows are reached through the scoped users
    held = select(func.count()).select_from(UserBadge).join(User, User.id == UserBadge.user_id)
    if db.session.scalar(held):
        return
    users = list(db.session.scalars(select(User.id).where(User.role == Role.CITIZEN)))
    with write_transaction():
        for user_id in users:
            report.badges += len(award_badges(user_id=user_id, today=today, now=now))


def _seed_feed(today: date, now: datetime, report: GameReport) -> None:
    """Feed lines for the last few days of demo logs and each area's latest CO2e milestone, in
    time order (the feed lists newest first by insertion). Badges earned before the demo began
    are not announced."""
    if db.session.scalar(select(func.count()).select_from(FeedEvent)):
        return
    events: list[dict[str, object]] = [
        {
            "kind": FeedKind.ACTION,
            "neighbourhood_id": entry.neighbourhood_id,
            "user_id": entry.user_id,
            "log_id": entry.id,
            "action_id": entry.action_id,
            "created_at": entry.created_at,
        }
        for entry in db.session.scalars(
            select(LogEntry).where(
                LogEntry.status == LogStatus.COUNTED,
                LogEntry.user_id.is_not(None),
                LogEntry.occurred_on >= today - timedelta(days=FEED_DAYS),
            )
        )
    ]
    for area_id, co2e_g in db.session.execute(
        select(NeighbourhoodScore.neighbourhood_id, NeighbourhoodScore.co2e_g).where(
            NeighbourhoodScore.period == "all"
        )
    ):
        passed = [mark for mark in AREA_CO2E_MARKS_KG if co2e_g >= mark * 1000]
        if passed:  # the highest mark only: the demo starts mid-way
            events.append(
                {
                    "kind": FeedKind.MILESTONE,
                    "neighbourhood_id": area_id,
                    "value": passed[-1],
                    "created_at": now - timedelta(hours=area_id),
                    "dedupe_key": f"area-co2e:{area_id}:{passed[-1]}",
                }
            )
    events.sort(key=lambda e: e["created_at"])  # type: ignore[arg-type, return-value]
    with write_transaction():
        for values in events:
            if add_feed_event(**values):
                report.feed_events += 1


def seed_game_demo(*, admin_email: str, today: date) -> GameReport:
    """Idempotent: every part checks what exists first; a rerun adds nothing."""
    now = utcnow()
    report = GameReport(goals=seed_climate_goals())
    admin = db.session.scalar(select(User).where(User.email == admin_email))
    if admin is None:
        return report
    if target_for(today.year) is None:
        set_vision_target(actor=admin, year=today.year, target_co2e_kg=DEMO_TARGET_KG, now=now)
    if _seed_challenges(today, random.Random(38), admin, report):
        rebuild_derived_rows()  # challenge bonus points, per-action tallies and challenge totals
    _seed_badges(today, now, report)
    _seed_feed(today, now, report)
    _seed_flags(today, now, report)
    return report


def _seed_flags(today: date, now: datetime, report: GameReport) -> None:
    """A few open flags, so the moderation queue has something to show in the demo."""
    if db.session.scalar(select(func.count()).select_from(Flag)):
        return
    busiest = db.session.execute(
        select(LogEntry.user_id, func.sum(LogEntry.points).label("points"))
        .where(
            LogEntry.status == LogStatus.COUNTED,
            LogEntry.occurred_on >= today - timedelta(days=6),
            LogEntry.user_id.is_not(None),
        )
        .group_by(LogEntry.user_id)
        .order_by(func.sum(LogEntry.points).desc())
        .limit(3)
    ).all()
    kinds: list[tuple[FlagKind, dict[str, int | str]]] = [
        (FlagKind.OUTLIER, {"points": 640, "threshold": 400}),
        (FlagKind.CAP_HITS, {"refusals": 3}),
        (FlagKind.BURST, {"logs": 31, "minutes": 15, "limit": 30, "cooldown": 30}),
    ]
    for (user_id, _points), (kind, params) in zip(busiest, kinds, strict=False):
        if user_id is None:  # never: the query leaves out logs whose citizen was erased
            continue
        raise_flag(user_id=user_id, kind=kind, day=today - timedelta(days=1), params=params, now=now)
        report.flags += 1
