"""Game reads: streak, level, badges, the weekly series, the neighbourhood feed, open flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select

from app.accounts.models import User
from app.actions.models import Action, LogEntry, LogStatus
from app.challenges.models import Challenge
from app.clock import week_key, week_start
from app.db import db
from app.gamification.badges import BADGE_CODES
from app.gamification.levels import LevelProgress, level_for
from app.gamification.models import FeedEvent, FeedKind, Flag, FlagStatus, UserBadge
from app.gamification.services import counted_log_days
from app.gamification.streaks import Streak, current_streak
from app.leaderboards.models import UserScore
from app.neighbourhoods.models import Neighbourhood


def streak_of(user_id: int, today: date) -> Streak:
    """Computed from the citizen's own counted log days, so undo and voiding take effect."""
    return current_streak(counted_log_days(user_id, today), today)


def level_of(user_id: int) -> LevelProgress:
    points = db.session.scalar(
        select(UserScore.points).where(
            UserScore.user_id == user_id, UserScore.period == "all", UserScore.period_key == "all"
        )
    )
    return level_for(points or 0)


def badges_of(user_id: int) -> dict[str, datetime]:
    """Badge code → when it was awarded."""
    rows = db.session.execute(
        select(UserBadge.badge_code, UserBadge.awarded_at).where(UserBadge.user_id == user_id)
    )
    return {code: at for code, at in rows if code in BADGE_CODES}


def badge_holders(code: str) -> int:
    """How many people of this municipality hold the badge (through the scoped users table:
    badge rows have no municipality of their own)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(UserBadge)
            .join(User, User.id == UserBadge.user_id)
            .where(UserBadge.badge_code == code)
        )
        or 0
    )


@dataclass(frozen=True)
class WeekRow:
    key: str
    starts_on: date
    points: int
    co2e_g: int
    logs: int


def weekly_series(user_id: int, today: date, *, weeks: int = 12) -> list[WeekRow]:
    """The last `weeks` ISO weeks up to this one, oldest first, from the citizen's weekly score
    rows (bonus points included); weeks without logs are zero."""
    starts = [week_start(today) - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    keys = [week_key(day) for day in starts]
    rows = {
        key: (points, co2e, logs)
        for key, points, co2e, logs in db.session.execute(
            select(UserScore.period_key, UserScore.points, UserScore.co2e_g, UserScore.logs).where(
                UserScore.user_id == user_id, UserScore.period == "week", UserScore.period_key.in_(keys)
            )
        )
    }
    return [WeekRow(key, start, *rows.get(key, (0, 0, 0))) for key, start in zip(keys, starts, strict=True)]


@dataclass(frozen=True)
class FeedItem:
    id: int
    kind: str
    created_at: datetime
    alias: str | None
    action: Action | None
    quantity: object | None
    points: int | None
    badge_code: str | None
    value: int | None
    area_name: str | None
    challenge: Challenge | None


def _visible_feed(area_id: int | None) -> tuple[ColumnElement[bool], ...]:
    """Who may appear: opted in to public display and not suspended; a log that no longer counts
    disappears. Events without a person (milestones, challenge targets) always show."""
    person_ok = or_(
        FeedEvent.user_id.is_(None), and_(User.show_in_rankings.is_(True), User.is_suspended.is_(False))
    )
    log_ok = or_(FeedEvent.log_id.is_(None), LogEntry.status == LogStatus.COUNTED)
    where_area: ColumnElement[bool]
    if area_id is None:
        where_area = FeedEvent.kind.in_((FeedKind.MILESTONE, FeedKind.TARGET))
    else:
        where_area = or_(FeedEvent.neighbourhood_id == area_id, FeedEvent.kind == FeedKind.TARGET)
    return person_ok, log_ok, where_area


def feed_page(
    area_id: int | None, *, page: int, page_size: int, before_id: int | None = None
) -> tuple[list[FeedItem], bool]:
    """One page of an area's feed, newest first (ties: the later event first), and whether
    another page follows. `area_id=None` gives the municipality's milestones only.
    `before_id` pages by keyset instead (events older than that id; the API's cursor)."""
    page = max(1, page)
    older = (FeedEvent.id < before_id,) if before_id is not None else ()
    rows = db.session.execute(
        select(FeedEvent, User.alias, LogEntry, Action, Neighbourhood.name, Challenge)
        .outerjoin(User, User.id == FeedEvent.user_id)
        .outerjoin(LogEntry, LogEntry.id == FeedEvent.log_id)
        .outerjoin(Action, Action.id == FeedEvent.action_id)
        .outerjoin(Neighbourhood, Neighbourhood.id == FeedEvent.neighbourhood_id)
        .outerjoin(Challenge, Challenge.id == FeedEvent.challenge_id)
        .where(*_visible_feed(area_id), *older)
        .order_by(FeedEvent.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size + 1)
    ).all()
    items = [
        FeedItem(
            id=event.id,
            kind=event.kind,
            created_at=event.created_at,
            alias=alias,
            action=action,
            quantity=entry.quantity if entry else None,
            points=entry.points if entry else None,
            badge_code=event.badge_code,
            value=event.value,
            area_name=area_name,
            challenge=challenge,
        )
        for event, alias, entry, action, area_name, challenge in rows[:page_size]
    ]
    return items, len(rows) > page_size


def open_flags(*, limit: int = 200) -> list[Flag]:
    """Flags waiting for a moderator, newest first (for the admin moderation view)."""
    return list(
        db.session.scalars(
            select(Flag)
            .where(Flag.status == FlagStatus.OPEN)
            .order_by(Flag.created_at.desc(), Flag.id.desc())
            .limit(limit)
        )
    )


def open_flag_count() -> int:
    return (
        db.session.scalar(select(func.count()).select_from(Flag).where(Flag.status == FlagStatus.OPEN)) or 0
    )


def flags_of(user_id: int) -> list[Flag]:
    return list(
        db.session.scalars(
            select(Flag).where(Flag.user_id == user_id).order_by(Flag.created_at.desc(), Flag.id.desc())
        )
    )


@dataclass(frozen=True)
class LogEffects:
    badges: tuple[str, ...]
    new_level: int | None
    challenge_bonus: int


def effects_of_log(entry: LogEntry) -> LogEffects:
    """What a log earned, read back from what was stored with it, so a replayed request
    (same idempotency key) answers exactly as the first did.

    Badges and the level-up are written in the log's transaction with the log's own timestamp
    (record_game_effects gets the same `now`), which is how they are matched to it here.
    """
    from app.challenges.models import ChallengeCredit

    badges = tuple(
        code
        for code in db.session.scalars(
            select(UserBadge.badge_code).where(
                UserBadge.user_id == entry.user_id, UserBadge.awarded_at == entry.created_at
            )
        )
        if code in BADGE_CODES
    )
    level = db.session.scalar(
        select(FeedEvent.value).where(
            FeedEvent.user_id == entry.user_id,
            FeedEvent.kind == FeedKind.LEVEL,
            FeedEvent.created_at == entry.created_at,
        )
    )
    bonus = db.session.scalar(
        select(func.coalesce(func.sum(ChallengeCredit.bonus_points), 0)).where(
            ChallengeCredit.log_id == entry.id
        )
    )
    order = {code: n for n, code in enumerate(BADGE_CODES)}
    return LogEffects(
        badges=tuple(sorted(badges, key=order.__getitem__)),
        new_level=int(level) if level is not None else None,
        challenge_bonus=int(bonus or 0),
    )
