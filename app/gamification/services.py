"""Game use cases: badges, level-ups, feed events, per-action tallies.

Most functions here run from the log signals (app/gamification/receivers.py) inside the log's
own transaction (nested `write_transaction()` joins it). Fairness (throttle, flags, voiding)
is app.moderation's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, distinct, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.accounts.models import Role, User
from app.actions.models import Action, LogEntry, LogStatus
from app.actions.queries import active_categories
from app.actions.rules import from_centi
from app.challenges.models import ChallengeCredit, ChallengeParticipant
from app.clock import Period, utcnow
from app.db import db, upsert_increment, write_transaction
from app.gamification.badges import BADGE_CODES, CYCLING_ACTION, PLANT_DAY_ACTION, BadgeFacts, earned_badges
from app.gamification.catalogue import celebration_messages
from app.gamification.levels import crossed, level_up
from app.gamification.models import ActionTally, FeedEvent, FeedKind, UserBadge
from app.gamification.streaks import current_streak
from app.leaderboards.queries import area_row_now, user_points_now
from app.signals import LogOutcome
from app.tenancy.context import require_municipality_id

# An area's all-time CO2e marks (kg) that become a milestone in the feed and on the vision page.
AREA_CO2E_MARKS_KG: tuple[int, ...] = (100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000)
STREAK_LOOKBACK_DAYS = 400
MODERATOR_ROLES = (Role.ADMIN, Role.STAFF)


def insert_ignoring_conflict(
    table: Any, values: dict[str, Any], *, index_elements: list[str] | None = None
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when the row was inserted.

    Awards and milestones are written this way so a retry or a concurrent writer that got there
    first leaves exactly one row, without an exception that would roll back the log.
    """
    dialect = db.session.get_bind().dialect.name
    dialect_insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = dialect_insert(table).values(**values)
    stmt = stmt.on_conflict_do_nothing(index_elements=index_elements)
    inserted = db.session.execute(stmt.returning(table.c[next(iter(table.primary_key)).name]))
    return inserted.first() is not None


# --- Effects of a counted log (inside the log transaction) ------------------------------------


# The reads a log sets off, made once with bound parameters (SQLAlchemy's compiled cache and
# the tenant criteria are then reused: bench/floor.py).
_COUNTED = (LogEntry.user_id == bindparam("user_id"), LogEntry.status == LogStatus.COUNTED)
_COUNTED_DAYS = (
    select(LogEntry.occurred_on)
    .where(*_COUNTED, LogEntry.occurred_on >= bindparam("since"), LogEntry.occurred_on <= bindparam("today"))
    .distinct()
)


def counted_log_days(user_id: int, today: date) -> list[date]:
    """Local days with at least one counted log, from the citizen's own rows (indexed)."""
    since = today - timedelta(days=STREAK_LOOKBACK_DAYS)
    return list(db.session.scalars(_COUNTED_DAYS, {"user_id": user_id, "since": since, "today": today}))


def _counted_of(slug: str) -> Any:
    return (
        select(LogEntry)
        .join(Action, Action.id == LogEntry.action_id)
        .where(*_COUNTED, Action.slug == slug)
        .subquery()
    )


_CYCLING, _PLANT = _counted_of(CYCLING_ACTION), _counted_of(PLANT_DAY_ACTION)
_COUNTED_LOGS = select(func.count()).select_from(LogEntry).where(*_COUNTED)
_CYCLED_CENTI = select(func.coalesce(func.sum(_CYCLING.c.quantity_centi), 0))
_CATEGORIES_TRIED = (
    select(Action.category).join(LogEntry, LogEntry.action_id == Action.id).where(*_COUNTED).distinct()
)
_PLANT_DAYS = select(func.count(distinct(_PLANT.c.occurred_on)))
_CHALLENGE_LOGS = (
    select(func.count())
    .select_from(ChallengeCredit)
    .join(ChallengeParticipant, ChallengeParticipant.id == ChallengeCredit.participant_id)
    .join(LogEntry, LogEntry.id == ChallengeCredit.log_id)
    .where(ChallengeParticipant.user_id == bindparam("user_id"), LogEntry.status == LogStatus.COUNTED)
)
_HELD_BADGES = select(UserBadge.badge_code).where(UserBadge.user_id == bindparam("user_id"))
_CREDITED = select(ChallengeCredit.id).where(ChallengeCredit.log_id == bindparam("log_id")).limit(1)


def badge_facts(user_id: int, today: date, *, needed: frozenset[str] = frozenset(BADGE_CODES)) -> BadgeFacts:
    """What the badge rules look at, from the citizen's own counted rows; only the facts that
    the `needed` badges use are read (the rest stay at their zero defaults)."""
    own = {"user_id": user_id}
    facts: dict[str, Any] = {}
    if "first-log" in needed:
        facts["counted_logs"] = db.session.scalar(_COUNTED_LOGS, own) or 0
    if needed & {"streak-7", "streak-30"}:
        facts["streak_days"] = current_streak(counted_log_days(user_id, today), today).days
    if "cycled-100km" in needed:
        facts["cycled_km"] = from_centi(int(db.session.scalar(_CYCLED_CENTI, own) or 0))
    if "all-categories" in needed:
        facts["categories_tried"] = frozenset(db.session.scalars(_CATEGORIES_TRIED, own))
        facts["all_categories"] = active_categories()
    if "plant-days-10" in needed:
        facts["plant_days"] = db.session.scalar(_PLANT_DAYS, own) or 0
    if "challenge-taker" in needed:
        facts["challenge_logs"] = db.session.scalar(_CHALLENGE_LOGS, own) or 0
    return BadgeFacts(**facts)


def _badges_a_log_can_earn(entry: LogEntry, *, needed: frozenset[str], bonus: int) -> frozenset[str]:
    """A log can only complete the badges about what it is: no cycling badge from a bath, no
    challenge badge from a log no challenge credited. Of the `needed` ones only: the credit is
    looked up only while "challenge-taker" is still to earn and the log earned no bonus (a
    bonus is only ever a challenge credit's)."""
    codes = {"first-log", "streak-7", "streak-30", "all-categories"}
    if entry.action.slug == CYCLING_ACTION:
        codes.add("cycled-100km")
    if entry.action.slug == PLANT_DAY_ACTION:
        codes.add("plant-days-10")
    if "challenge-taker" in needed and (
        bonus > 0 or db.session.scalar(_CREDITED, {"log_id": entry.id}) is not None
    ):
        codes.add("challenge-taker")
    return frozenset(codes) & needed


def award_badges(
    *, user_id: int, today: date, now: datetime, entry: LogEntry | None = None, bonus: int = 0
) -> list[str]:
    """Award every badge whose rule the citizen now meets and does not hold yet (only those the
    new `entry`, which earned `bonus` challenge points, could have completed, when given).

    Exactly once per (citizen, badge): the unique constraint plus INSERT … ON CONFLICT DO
    NOTHING; only badges this call actually inserted are returned (for the toast). Badges are
    kept once earned, even if a log is later undone.
    """
    held = frozenset(db.session.scalars(_HELD_BADGES, {"user_id": user_id}))
    needed = frozenset(BADGE_CODES) - held
    if entry is not None and needed:
        needed = _badges_a_log_can_earn(entry, needed=needed, bonus=bonus)
    if not needed:
        return []
    new: list[str] = []
    for code in earned_badges(badge_facts(user_id, today, needed=needed), already=held):
        if code in needed and insert_ignoring_conflict(
            UserBadge.__table__,
            {"user_id": user_id, "badge_code": code, "awarded_at": now},
            index_elements=["user_id", "badge_code"],
        ):
            new.append(code)
    return new


def add_feed_event(**values: Any) -> bool:
    """Write one feed line; a `dedupe_key` that exists already makes this a no-op."""
    values.setdefault("created_at", utcnow())
    values.setdefault("municipality_id", require_municipality_id())  # a Core insert: no stamping
    if values.get("dedupe_key"):
        return insert_ignoring_conflict(FeedEvent.__table__, values, index_elements=["dedupe_key"])
    db.session.execute(insert(FeedEvent).values(**values))
    return True


def _all_time_points(user_id: int) -> int:
    return user_points_now(user_id, Period.ALL, "all")


def _area_milestones(entry: LogEntry, now: datetime) -> None:
    if not entry.co2e_g:
        return
    row = area_row_now(entry.neighbourhood_id, Period.ALL, "all")
    after = row[1] if row else 0
    before = after - entry.co2e_g
    for mark in AREA_CO2E_MARKS_KG:
        if crossed(before=before, after=after, threshold=mark * 1000 - 1):
            add_feed_event(
                kind=FeedKind.MILESTONE,
                neighbourhood_id=entry.neighbourhood_id,
                value=mark,
                created_at=now,
                dedupe_key=f"area-co2e:{entry.neighbourhood_id}:{mark}",
            )


def tally_action(entry: LogEntry, direction: int) -> None:
    upsert_increment(
        ActionTally.__table__,  # type: ignore[arg-type]
        keys={
            "municipality_id": entry.municipality_id,
            "action_id": entry.action_id,
            "year": entry.occurred_on.year,
        },
        increments={
            "logs": direction,
            "quantity_centi": direction * entry.quantity_centi,
            "co2e_g": direction * (entry.co2e_g or 0),
        },
    )


def record_game_effects(*, user: User, entry: LogEntry, bonus: int, today: date, now: datetime) -> LogOutcome:
    """Everything a new counted log sets off, inside the log's transaction: the per-action tally,
    the feed line, area CO2e milestones, badges and a level-up (the outlier check is
    moderation's). `bonus`: the challenge bonus the log earned, already in the score rows."""
    tally_action(entry, 1)
    add_feed_event(
        kind=FeedKind.ACTION,
        neighbourhood_id=entry.neighbourhood_id,
        user_id=user.id,
        log_id=entry.id,
        action_id=entry.action_id,
        created_at=now,
    )
    _area_milestones(entry, now)
    badges = award_badges(user_id=user.id, today=today, now=now, entry=entry, bonus=bonus)
    for code in badges:
        add_feed_event(
            kind=FeedKind.BADGE,
            neighbourhood_id=entry.neighbourhood_id,
            user_id=user.id,
            badge_code=code,
            created_at=now,
        )
    after = _all_time_points(user.id)
    new_level = level_up(after - entry.points - bonus, after)
    if new_level is not None:
        add_feed_event(
            kind=FeedKind.LEVEL,
            neighbourhood_id=entry.neighbourhood_id,
            user_id=user.id,
            value=new_level,
            created_at=now,
        )
    return LogOutcome(
        badges=tuple(badges),
        new_level=new_level,
        celebrations=tuple(celebration_messages(tuple(badges), new_level, bonus)),
    )


def take_back_game_effects(entry: LogEntry) -> None:
    """Undo what a counted log added to the tallies (inside the undo/void transaction).

    Streaks need nothing: they are computed from the counted log days. Feed lines of a log that
    no longer counts are hidden when the feed is read. Badges stay earned.
    """
    tally_action(entry, -1)


def rebuild_action_tallies() -> int:
    """Recompute the per-municipality, per-action yearly tallies from the counted ledger (joins
    any outer transaction, e.g. `flask scores rebuild`, which runs in platform scope). Returns
    the number of tally rows."""
    grouped = (
        select(
            LogEntry.municipality_id,
            LogEntry.action_id,
            LogEntry.occurred_on,
            func.count(),
            func.sum(LogEntry.quantity_centi),
            func.sum(func.coalesce(LogEntry.co2e_g, 0)),
        )
        .where(LogEntry.status == LogStatus.COUNTED)
        .group_by(LogEntry.municipality_id, LogEntry.action_id, LogEntry.occurred_on)
    )
    totals: dict[tuple[int, int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    with write_transaction():
        for municipality_id, action_id, day, count, quantity, co2e_g in db.session.execute(grouped):
            row = totals[(municipality_id, action_id, day.year)]
            row[0] += count
            row[1] += int(quantity)
            row[2] += int(co2e_g)
        db.session.execute(delete(ActionTally))
        if totals:
            db.session.execute(
                insert(ActionTally),
                [
                    {
                        "municipality_id": m,
                        "action_id": a,
                        "year": y,
                        "logs": t[0],
                        "quantity_centi": t[1],
                        "co2e_g": t[2],
                    }
                    for (m, a, y), t in totals.items()
                ],
            )
    return len(totals)
