"""Reminder reads: a citizen's choices, who is due, and what the weekly digest says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, exists, select

from app.accounts.models import Role, User
from app.actions.effective import EffectiveAction, effective, loggable_here
from app.actions.models import Action, LogEntry, LogStatus
from app.challenges.models import Challenge
from app.challenges.queries import running_challenges
from app.clock import Period, week_key
from app.db import db
from app.gamification.queries import streak_of
from app.leaderboards.queries import neighbourhood_standings, standing_of, user_totals
from app.reminders.models import ReminderPreference


def preferences_of(user_id: int) -> ReminderPreference | None:
    return db.session.get(ReminderPreference, user_id)


def person_is_here(user_id: int) -> bool:
    """True when `user_id` is a person of the current municipality (the users table is scoped):
    a signed link names a person, and another municipality's host must not act on it."""
    return db.session.scalar(select(User.id).where(User.id == user_id)) is not None


def _receivers() -> tuple[ColumnElement[bool], ...]:
    """Only active citizens get reminders (a suspended or re-roled account gets nothing)."""
    return (User.role == Role.CITIZEN, User.is_suspended.is_(False))


def reminder_candidates(now: datetime, tz: str) -> list[tuple[ReminderPreference, User]]:
    """Rows that may be due now: reminder on, today's weekday chosen, not sent today, and a
    time at or before the local wall clock. app/reminders/rules.py:reminder_due decides."""
    local = now.astimezone(ZoneInfo(tz))
    today = local.date()
    rows = db.session.execute(
        select(ReminderPreference, User)
        .join(User, User.id == ReminderPreference.user_id)
        .where(
            ReminderPreference.reminder_enabled.is_(True),
            ReminderPreference.weekdays.op("&")(1 << today.weekday()) != 0,
            ReminderPreference.reminder_sent_on.is_distinct_from(today),
            ReminderPreference.reminder_time <= local.time().replace(tzinfo=None),
            *_receivers(),
        )
        .order_by(ReminderPreference.user_id)
    ).all()
    return [(pref, user) for pref, user in rows]


def digest_candidates(week: str) -> list[tuple[ReminderPreference, User]]:
    """Rows with the digest on whose digest for `week` has not gone out."""
    rows = db.session.execute(
        select(ReminderPreference, User)
        .join(User, User.id == ReminderPreference.user_id)
        .where(
            ReminderPreference.digest_enabled.is_(True),
            ReminderPreference.digest_sent_week.is_distinct_from(week),
            *_receivers(),
        )
        .order_by(ReminderPreference.user_id)
    ).all()
    return [(pref, user) for pref, user in rows]


def logged_on(user_id: int, day: date) -> bool:
    """Whether the citizen has a counted log for the local day `day` (as the streak counts)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    LogEntry.user_id == user_id,
                    LogEntry.occurred_on == day,
                    LogEntry.status == LogStatus.COUNTED,
                )
            )
        )
    )


@dataclass(frozen=True)
class Digest:
    """What the Monday digest says about the ISO week that just ended."""

    week: str  # e.g. 2026-W49: the week the numbers are about
    points: int
    co2e_g: int
    streak_days: int
    area_name: str | None
    area_rank: int | None  # None: the area is not ranked (nobody had points that week) or no area
    ranked_areas: int
    challenge: Challenge | None
    suggestion: EffectiveAction | None


def suggested_action(user_id: int) -> EffectiveAction | None:
    """One action to try: the action loggable here with the highest CO2e per unit that the
    citizen has never logged (counted); if they have logged them all, the highest-CO2e action.
    Ties: the catalogue's sort order, then the slug. Named with this municipality's label."""
    logged = select(LogEntry.action_id).where(
        LogEntry.user_id == user_id, LogEntry.status == LogStatus.COUNTED
    )
    order = (Action.co2e_kg_per_unit.desc().nulls_last(), Action.sort_order, Action.slug)
    active = loggable_here()
    fresh = db.session.scalar(
        select(Action).where(active, Action.id.not_in(logged)).order_by(*order).limit(1)
    )
    found = fresh or db.session.scalar(select(Action).where(active).order_by(*order).limit(1))
    return None if found is None else effective(found)


def digest_for(user: User, today: date) -> Digest:
    """The digest for the Monday `today`: last week's points and CO2e, the streak alive
    today, the area's rank last week (by the fair score, app/leaderboards/queries.py),
    the challenge running today that ends first, and one suggested action."""
    last_week = today - timedelta(days=7)
    points, co2e_g = user_totals(user.id, Period.WEEK, last_week)
    standings = neighbourhood_standings(Period.WEEK, last_week)
    mine = standing_of(standings, user.neighbourhood_id)
    running = running_challenges(today)
    return Digest(
        week=week_key(last_week),
        points=points,
        co2e_g=co2e_g,
        streak_days=streak_of(user.id, today).days,
        area_name=user.neighbourhood.name if user.neighbourhood else None,
        area_rank=mine.rank if mine else None,
        ranked_areas=sum(1 for s in standings if s.rank is not None),
        challenge=running[0] if running else None,
        suggestion=suggested_action(user.id),
    )


def co2e_kg(grams: int) -> Decimal:
    return (Decimal(grams) / 1000).quantize(Decimal("0.1"))
