"""Game and fairness use cases: throttle, flags, badges, level-ups, feed events, tallies.

Most functions here are hooks that `app.actions.services.log_action` and `take_back_entry` call
inside their own transaction (nested `write_transaction()` joins it). The public services for
moderators are `raise_flag` and `resolve_flag`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, distinct, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.accounts.models import Role, User
from app.actions.models import Action, LogEntry, LogStatus
from app.actions.rules import from_centi
from app.challenges.models import ChallengeCredit, ChallengeParticipant
from app.clock import local_date, utcnow, week_key
from app.db import db, upsert_increment, write_transaction
from app.errors import ConflictError, NotFound, PermissionDenied, RateLimited, ValidationError
from app.gamification.anticheat import (
    burst_exceeded,
    cap_hits_flag_due,
    cooldown_ends,
    cooling_down,
    crossed,
    outlier_threshold,
)
from app.gamification.badges import (
    BADGE_CODES,
    CYCLING_ACTION,
    PLANT_DAY_ACTION,
    BadgeFacts,
    earned_badges,
)
from app.gamification.levels import level_up
from app.gamification.models import (
    ActionTally,
    CapHit,
    FeedEvent,
    FeedKind,
    Flag,
    FlagKind,
    FlagStatus,
    UserBadge,
)
from app.gamification.streaks import current_streak
from app.leaderboards.models import NeighbourhoodScore, UserScore
from app.settings import setting, timezone

# An area's all-time CO2e marks (kg) that become a milestone in the feed and on the vision page.
AREA_CO2E_MARKS_KG: tuple[int, ...] = (100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000,
                                       50_000, 100_000)
STREAK_LOOKBACK_DAYS = 400
MODERATOR_ROLES = (Role.ADMIN, Role.STAFF)


class Throttled(RateLimited):
    """A log refused by the burst throttle. `new_burst` is True for the refusal that starts a
    cool-down (and raises a flag), False for refusals during the cool-down."""

    def __init__(self, message: Any, *, new_burst: bool, logs_in_window: int,
                 at: datetime) -> None:
        super().__init__(message, field="quantity", code="throttled")
        self.new_burst = new_burst
        self.logs_in_window = logs_in_window
        self.at = at  # the refused log's time, taken under the user-row lock


@dataclass(frozen=True)
class GameOutcome:
    badges: tuple[str, ...] = ()
    new_level: int | None = None


def insert_ignoring_conflict(table: Any, values: dict[str, Any], *,
                             index_elements: list[str] | None = None) -> bool:
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


# --- Flags ----------------------------------------------------------------------------------


def raise_flag(*, user_id: int, kind: FlagKind, day: date, params: dict[str, int | str],
               details: str = "", now: datetime | None = None) -> Flag:
    """Store a flag for the moderators. It changes no points; a human decides.

    The flag keeps its kind as the message code and the numbers as `params`, so each reader sees
    it in their own language. Called by the log service inside its transaction (outliers) or,
    for a refused log, as its own committed write after the refused log's transaction was rolled
    back (bursts, cap hits): the flag must survive although the log did not.
    """
    if kind not in set(FlagKind):
        raise ValidationError(_l("Unknown kind of flag."), field="kind")
    with write_transaction():
        flag = Flag(user_id=user_id, kind=kind, code=str(kind), params=dict(params), day=day,
                    details=details[:2000], created_at=now or utcnow(), status=FlagStatus.OPEN)
        db.session.add(flag)
        db.session.flush()
    return flag


def resolve_flag(*, flag_id: int, actor: User, resolution: str,
                 now: datetime | None = None) -> Flag:
    """Close an open flag with a note saying what was done (e.g. "voided 12 logs", "looked fine").

    Only admins and staff may; the note is required (1–2000 characters). Voiding logs or
    suspending the citizen are separate services; this only records the decision.
    """
    if actor.role not in MODERATOR_ROLES:
        raise PermissionDenied(_l("Only the municipality's moderators can resolve flags."))
    note = (resolution or "").strip()
    if not note or len(note) > 2000:
        raise ValidationError(_l("Write what you did about the flag (at most 2000 characters)."),
                              field="resolution")
    with write_transaction():
        flag = db.session.get(Flag, flag_id)
        if flag is None:
            raise NotFound(_l("That flag does not exist."))
        if flag.status != FlagStatus.OPEN:
            raise ConflictError(_l("This flag has already been resolved."))
        flag.status = FlagStatus.RESOLVED
        flag.resolved_at = now or utcnow()
        flag.resolved_by_id = actor.id
        flag.resolution = note
    return flag


# --- Throttle and cap hits (called by the log service) -----------------------------------------


def _local_time(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(timezone())).strftime("%H:%M")


def _throttle_message(until: datetime) -> Any:
    return _l("You have logged a lot in a short time, so logging is paused until %(time)s. "
              "If something is wrong, contact the municipality.", time=_local_time(until))


def check_throttle(*, user: User, now: datetime) -> None:
    """Refuse the log while a cool-down runs, or when it would make more than THROTTLE_MAX_LOGS
    logs registered within THROTTLE_WINDOW_MINUTES (undone ones included: a burst is a burst).

    Runs inside the log transaction after the user row is locked, and `now` must be taken after
    that lock too (log_action does): a request that took its time before waiting for the lock
    would not count a log committed meanwhile with a later created_at, and one burst could get
    one log past the limit. The cool-down starts at the burst flag's time.
    """
    cooldown = int(setting("THROTTLE_COOLDOWN_MINUTES"))
    last_burst = db.session.scalar(
        select(func.max(Flag.created_at)).where(Flag.user_id == user.id,
                                                Flag.kind == FlagKind.BURST)
    )
    if last_burst is not None and last_burst.tzinfo is None:  # SQLite's max() loses the type
        last_burst = datetime.fromisoformat(str(last_burst)).replace(tzinfo=now.tzinfo)
    if cooling_down(last_burst_at=last_burst, now=now, cooldown_minutes=cooldown):
        until = cooldown_ends(last_burst_at=last_burst, cooldown_minutes=cooldown)  # type: ignore[arg-type]
        raise Throttled(_throttle_message(until), new_burst=False, logs_in_window=0, at=now)
    window = timedelta(minutes=int(setting("THROTTLE_WINDOW_MINUTES")))
    recent = db.session.scalar(
        select(func.count()).select_from(LogEntry).where(
            LogEntry.user_id == user.id, LogEntry.created_at > now - window,
            LogEntry.created_at <= now,
        )
    ) or 0
    if burst_exceeded(logs_in_window=recent, max_logs=int(setting("THROTTLE_MAX_LOGS"))):
        raise Throttled(_throttle_message(now + timedelta(minutes=cooldown)), new_burst=True,
                        logs_in_window=recent, at=now)


def flag_burst(*, user: User, refused: Throttled, now: datetime) -> None:
    """Record the burst that was just refused (own commit; the refused log left nothing)."""
    if not refused.new_burst:
        return
    cooldown = timedelta(minutes=int(setting("THROTTLE_COOLDOWN_MINUTES")))
    with write_transaction():
        # Two requests refused at the same moment start one cool-down, not two flags.
        if db.session.scalar(select(Flag.id).where(
            Flag.user_id == user.id, Flag.kind == FlagKind.BURST,
            Flag.created_at > now - cooldown,
        ).limit(1)) is not None:
            return
        raise_flag(
            user_id=user.id, kind=FlagKind.BURST, day=local_date(now, timezone()), now=now,
            params={"logs": refused.logs_in_window,
                    "minutes": int(setting("THROTTLE_WINDOW_MINUTES")),
                    "limit": int(setting("THROTTLE_MAX_LOGS")),
                    "cooldown": int(setting("THROTTLE_COOLDOWN_MINUTES"))},
        )


def note_cap_refusal(*, user: User, now: datetime) -> bool:
    """Count a refusal for going past a daily cap (own commit, the log itself was refused).

    On the CAP_HITS_FLAG_PER_DAY-th refusal of a local day the citizen is flagged, once per day.
    Returns True when a flag was raised.
    """
    day = local_date(now, timezone())
    threshold = int(setting("CAP_HITS_FLAG_PER_DAY"))
    with write_transaction():
        hits = upsert_increment(
            CapHit.__table__,  # type: ignore[arg-type]
            keys={"user_id": user.id, "day": day}, increments={"hits": 1}, returning=("hits",),
        ).scalar_one()
        if not cap_hits_flag_due(hits_today=hits, threshold=threshold):
            return False
        raise_flag(user_id=user.id, kind=FlagKind.CAP_HITS, day=day, now=now,
                   params={"refusals": hits})
    return True


# --- Effects of a counted log (inside the log transaction) ------------------------------------


def counted_log_days(user_id: int, today: date) -> list[date]:
    """Local days with at least one counted log, from the citizen's own rows (indexed)."""
    return list(db.session.scalars(
        select(LogEntry.occurred_on).where(
            LogEntry.user_id == user_id, LogEntry.status == LogStatus.COUNTED,
            LogEntry.occurred_on >= today - timedelta(days=STREAK_LOOKBACK_DAYS),
            LogEntry.occurred_on <= today,
        ).distinct()
    ))


def _counted_of(user_id: int, slug: str) -> Any:
    return (select(LogEntry).join(Action, Action.id == LogEntry.action_id)
            .where(LogEntry.user_id == user_id, LogEntry.status == LogStatus.COUNTED,
                   Action.slug == slug).subquery())


def badge_facts(user_id: int, today: date, *, needed: frozenset[str] = frozenset(BADGE_CODES)
                ) -> BadgeFacts:
    """What the badge rules look at, from the citizen's own counted rows; only the facts that
    the `needed` badges use are read (the rest stay at their zero defaults)."""
    counted = (LogEntry.user_id == user_id, LogEntry.status == LogStatus.COUNTED)
    facts: dict[str, Any] = {}
    if "first-log" in needed:
        facts["counted_logs"] = db.session.scalar(
            select(func.count()).select_from(LogEntry).where(*counted)) or 0
    if needed & {"streak-7", "streak-30"}:
        facts["streak_days"] = current_streak(counted_log_days(user_id, today), today).days
    if "cycled-100km" in needed:
        cycling = _counted_of(user_id, CYCLING_ACTION)
        facts["cycled_km"] = from_centi(int(db.session.scalar(
            select(func.coalesce(func.sum(cycling.c.quantity_centi), 0))) or 0))
    if "all-categories" in needed:
        facts["categories_tried"] = frozenset(db.session.scalars(
            select(Action.category).join(LogEntry, LogEntry.action_id == Action.id)
            .where(*counted).distinct()))
        facts["all_categories"] = frozenset(db.session.scalars(
            select(Action.category).where(Action.is_active.is_(True)).distinct()))
    if "plant-days-10" in needed:
        plant = _counted_of(user_id, PLANT_DAY_ACTION)
        facts["plant_days"] = db.session.scalar(
            select(func.count(distinct(plant.c.occurred_on)))) or 0
    if "challenge-taker" in needed:
        facts["challenge_logs"] = db.session.scalar(
            select(func.count()).select_from(ChallengeCredit)
            .join(ChallengeParticipant,
                  ChallengeParticipant.id == ChallengeCredit.participant_id)
            .join(LogEntry, LogEntry.id == ChallengeCredit.log_id)
            .where(ChallengeParticipant.user_id == user_id,
                   LogEntry.status == LogStatus.COUNTED)) or 0
    return BadgeFacts(**facts)


def _badges_a_log_can_earn(entry: LogEntry) -> frozenset[str]:
    """A log can only complete the badges about what it is: no cycling badge from a bath."""
    codes = {"first-log", "streak-7", "streak-30", "all-categories"}
    if entry.action.slug == CYCLING_ACTION:
        codes.add("cycled-100km")
    if entry.action.slug == PLANT_DAY_ACTION:
        codes.add("plant-days-10")
    if db.session.scalar(select(ChallengeCredit.id).where(ChallengeCredit.log_id == entry.id)
                         .limit(1)) is not None:
        codes.add("challenge-taker")
    return frozenset(codes)


def award_badges(*, user_id: int, today: date, now: datetime,
                 entry: LogEntry | None = None) -> list[str]:
    """Award every badge whose rule the citizen now meets and does not hold yet (only those the
    new `entry` could have completed, when given).

    Exactly once per (citizen, badge): the unique constraint plus INSERT … ON CONFLICT DO
    NOTHING; only badges this call actually inserted are returned (for the toast). Badges are
    kept once earned, even if a log is later undone.
    """
    held = frozenset(db.session.scalars(
        select(UserBadge.badge_code).where(UserBadge.user_id == user_id)))
    needed = frozenset(BADGE_CODES) - held
    if entry is not None and needed:
        needed &= _badges_a_log_can_earn(entry)
    if not needed:
        return []
    new: list[str] = []
    for code in earned_badges(badge_facts(user_id, today, needed=needed), already=held):
        if code in needed and insert_ignoring_conflict(
            UserBadge.__table__, {"user_id": user_id, "badge_code": code, "awarded_at": now},
            index_elements=["user_id", "badge_code"],
        ):
            new.append(code)
    return new


def add_feed_event(**values: Any) -> bool:
    """Write one feed line; a `dedupe_key` that exists already makes this a no-op."""
    values.setdefault("created_at", utcnow())
    if values.get("dedupe_key"):
        return insert_ignoring_conflict(FeedEvent.__table__, values,
                                        index_elements=["dedupe_key"])
    db.session.execute(insert(FeedEvent).values(**values))
    return True


def _all_time_points(user_id: int) -> int:
    return db.session.scalar(
        select(UserScore.points).where(UserScore.user_id == user_id, UserScore.period == "all",
                                       UserScore.period_key == "all")
    ) or 0


def _area_milestones(entry: LogEntry, now: datetime) -> None:
    if not entry.co2e_g:
        return
    after = db.session.scalar(
        select(NeighbourhoodScore.co2e_g).where(
            NeighbourhoodScore.neighbourhood_id == entry.neighbourhood_id,
            NeighbourhoodScore.period == "all", NeighbourhoodScore.period_key == "all")
    ) or 0
    before = after - entry.co2e_g
    for mark in AREA_CO2E_MARKS_KG:
        if crossed(before=before, after=after, threshold=mark * 1000 - 1):
            add_feed_event(kind=FeedKind.MILESTONE, neighbourhood_id=entry.neighbourhood_id,
                           value=mark, created_at=now,
                           dedupe_key=f"area-co2e:{entry.neighbourhood_id}:{mark}")


def _area_weekly_mean(area_id: int, day: date) -> float:
    """Average weekly points per active participant: last ISO week, else this one."""
    for key in (week_key(day - timedelta(days=7)), week_key(day)):
        row = db.session.execute(
            select(NeighbourhoodScore.points, NeighbourhoodScore.participants).where(
                NeighbourhoodScore.neighbourhood_id == area_id,
                NeighbourhoodScore.period == "week", NeighbourhoodScore.period_key == key)
        ).first()
        if row and row[1]:
            return float(row[0]) / row[1]
    return 0.0


def _check_outlier(entry: LogEntry, now: datetime) -> None:
    """Flag (once per day) a citizen whose points for one day pass the outlier threshold."""
    day_points = db.session.scalar(
        select(func.coalesce(func.sum(LogEntry.points), 0)).where(
            LogEntry.user_id == entry.user_id, LogEntry.occurred_on == entry.occurred_on,
            LogEntry.status == LogStatus.COUNTED)
    ) or 0
    threshold = outlier_threshold(
        area_weekly_mean=_area_weekly_mean(entry.neighbourhood_id, entry.occurred_on),
        factor=int(setting("OUTLIER_FACTOR")), min_points=int(setting("OUTLIER_MIN_POINTS")),
    )
    if crossed(before=day_points - entry.points, after=day_points, threshold=threshold):
        raise_flag(user_id=entry.user_id, kind=FlagKind.OUTLIER, day=entry.occurred_on,  # type: ignore[arg-type]
                   now=now, params={"points": int(day_points), "threshold": threshold})


def tally_action(entry: LogEntry, direction: int) -> None:
    upsert_increment(
        ActionTally.__table__,  # type: ignore[arg-type]
        keys={"action_id": entry.action_id, "year": entry.occurred_on.year},
        increments={"logs": direction, "quantity_centi": direction * entry.quantity_centi,
                    "co2e_g": direction * (entry.co2e_g or 0)},
    )


def record_game_effects(*, user: User, entry: LogEntry, bonus: int, today: date,
                        now: datetime) -> GameOutcome:
    """Everything a new counted log sets off, inside the log's transaction: the per-action tally,
    the feed line, area CO2e milestones, the outlier check, badges and a level-up."""
    tally_action(entry, 1)
    add_feed_event(kind=FeedKind.ACTION, neighbourhood_id=entry.neighbourhood_id,
                   user_id=user.id, log_id=entry.id, action_id=entry.action_id, created_at=now)
    _area_milestones(entry, now)
    _check_outlier(entry, now)
    badges = award_badges(user_id=user.id, today=today, now=now, entry=entry)
    for code in badges:
        add_feed_event(kind=FeedKind.BADGE, neighbourhood_id=entry.neighbourhood_id,
                       user_id=user.id, badge_code=code, created_at=now)
    after = _all_time_points(user.id)
    new_level = level_up(after - entry.points - bonus, after)
    if new_level is not None:
        add_feed_event(kind=FeedKind.LEVEL, neighbourhood_id=entry.neighbourhood_id,
                       user_id=user.id, value=new_level, created_at=now)
    return GameOutcome(badges=tuple(badges), new_level=new_level)


def take_back_game_effects(entry: LogEntry) -> None:
    """Undo what a counted log added to the tallies (inside the undo/void transaction).

    Streaks need nothing: they are computed from the counted log days. Feed lines of a log that
    no longer counts are hidden when the feed is read. Badges stay earned.
    """
    tally_action(entry, -1)


def rebuild_action_tallies() -> int:
    """Recompute the per-action yearly tallies from the counted ledger (joins any outer
    transaction, e.g. `flask scores rebuild`). Returns the number of tally rows."""
    grouped = select(
        LogEntry.action_id, LogEntry.occurred_on, func.count(), func.sum(LogEntry.quantity_centi),
        func.sum(func.coalesce(LogEntry.co2e_g, 0)),
    ).where(LogEntry.status == LogStatus.COUNTED).group_by(LogEntry.action_id,
                                                           LogEntry.occurred_on)
    totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    with write_transaction():
        for action_id, day, count, quantity, co2e_g in db.session.execute(grouped):
            row = totals[(action_id, day.year)]
            row[0] += count
            row[1] += int(quantity)
            row[2] += int(co2e_g)
        db.session.execute(delete(ActionTally))
        if totals:
            db.session.execute(insert(ActionTally), [
                {"action_id": a, "year": y, "logs": t[0], "quantity_centi": t[1], "co2e_g": t[2]}
                for (a, y), t in totals.items()
            ])
    return len(totals)


def rebuild_challenge_totals() -> int:
    """Recompute every participant's challenge totals from credits of counted logs."""
    rows = db.session.execute(
        select(ChallengeCredit.participant_id, func.count(), func.sum(LogEntry.points),
               func.sum(ChallengeCredit.bonus_points), func.sum(LogEntry.quantity_centi),
               func.sum(func.coalesce(LogEntry.co2e_g, 0)))
        .join(LogEntry, LogEntry.id == ChallengeCredit.log_id)
        .where(LogEntry.status == LogStatus.COUNTED)
        .group_by(ChallengeCredit.participant_id)
    ).all()
    with write_transaction():
        db.session.execute(update(ChallengeParticipant).values(
            points=0, bonus_points=0, quantity_centi=0, co2e_g=0, logs=0))
        for participant_id, count, points, bonus, quantity, co2e_g in rows:
            db.session.execute(update(ChallengeParticipant)
                               .where(ChallengeParticipant.id == participant_id)
                               .values(logs=count, points=int(points) + int(bonus),
                                       bonus_points=int(bonus), quantity_centi=int(quantity),
                                       co2e_g=int(co2e_g)))
    return len(rows)


def rebuild_game_counters() -> None:
    """Rebuild every game counter kept beside the score rows (joins the caller's transaction)."""
    rebuild_action_tallies()
    rebuild_challenge_totals()
