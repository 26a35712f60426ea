"""Score-row maintenance: incremental upserts with every ledger change, and a full rebuild."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, exists, func, insert, or_, select, update

from app.accounts.models import User
from app.actions.models import Action, LogEntry, LogStatus
from app.clock import Period, period_days, period_keys
from app.db import db, upsert_increment, write_transaction
from app.leaderboards.models import (
    DailyActionTotal,
    DailyActivity,
    NeighbourhoodScore,
    UserScore,
)


def apply_score_delta(
    *,
    user_id: int,
    neighbourhood_id: int,
    occurred_on: date,
    points: int,
    co2e_g: int,
    direction: int,
    participant_ref: str,
    action_id: int,
    category: str,
) -> None:
    """Add (direction=+1) or take back (-1) one log in every period it belongs to.

    Runs inside the caller's transaction. `neighbourhood_id` is the area the log was made in.
    A participant counts in an area's period while they have at least one counted log in that
    area in that period: decided per (participant, area, period) from the per-day aggregates,
    not from the user's own score row, so a citizen who moved mid-period counts once in each
    area they logged in. The user's score rows carry the user's *current* area (a move updates
    them), whichever area the log belongs to. Rows that fall back to zero logs are removed, so
    a rebuild from the ledger gives the same rows.
    """
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or -1")
    activity_logs = _apply_daily_delta(
        participant_ref=participant_ref, neighbourhood_id=neighbourhood_id, category=category,
        action_id=action_id, day=occurred_on, points=direction * points,
        co2e_g=direction * co2e_g, logs=direction,
    )
    presence = _presence_changes(participant_ref=participant_ref,
                                 neighbourhood_id=neighbourhood_id, category=category,
                                 day=occurred_on, direction=direction,
                                 activity_logs=activity_logs)
    # The user's current area, read in the statement itself; the log's area is only a fallback
    # for an account without one (nothing makes a citizen lose their area today).
    user_area = func.coalesce(
        select(User.neighbourhood_id).where(User.id == user_id).scalar_subquery(),
        neighbourhood_id,
    )
    user_table = UserScore.__table__
    area_table = NeighbourhoodScore.__table__
    for period, key in period_keys(occurred_on).items():
        logs_now = upsert_increment(
            user_table,  # type: ignore[arg-type]
            keys={"user_id": user_id, "period": period.value, "period_key": key},
            increments={"points": direction * points, "co2e_g": direction * co2e_g,
                        "logs": direction},
            set_values={"neighbourhood_id": user_area},
            returning=("logs",),
        ).scalar_one()
        area_logs = upsert_increment(
            area_table,  # type: ignore[arg-type]
            keys={"neighbourhood_id": neighbourhood_id, "period": period.value, "period_key": key},
            increments={
                "points": direction * points,
                "co2e_g": direction * co2e_g,
                "logs": direction,
                "participants": presence[period],
            },
            returning=("logs",),
        ).scalar_one()
        if logs_now == 0:
            db.session.execute(
                delete(UserScore).where(
                    UserScore.user_id == user_id,
                    UserScore.period == period.value,
                    UserScore.period_key == key,
                )
            )
        if area_logs == 0:
            db.session.execute(
                delete(NeighbourhoodScore).where(
                    NeighbourhoodScore.neighbourhood_id == neighbourhood_id,
                    NeighbourhoodScore.period == period.value,
                    NeighbourhoodScore.period_key == key,
                )
            )


def _presence_changes(*, participant_ref: str, neighbourhood_id: int, category: str, day: date,
                      direction: int, activity_logs: int) -> dict[Period, int]:
    """Per period: +1 when this log made the participant join the area's count, -1 when taking
    it back made them leave, else 0. Runs after the per-day delta.

    Only a log that created its (participant, area, category, day) row, or a take-back that
    removed it, can change anything; then the participant joins/leaves unless another of their
    rows in this area falls in the period. That is one indexed query (the primary key of
    daily_activity starts with participant_ref, neighbourhood_id) and never reads the ledger.
    """
    if not ((direction == 1 and activity_logs == 1) or (direction == -1 and activity_logs == 0)):
        return dict.fromkeys(Period, 0)
    other_rows = (
        DailyActivity.participant_ref == participant_ref,
        DailyActivity.neighbourhood_id == neighbourhood_id,
        or_(DailyActivity.day != day, DailyActivity.category != category),
    )
    periods = list(Period)
    checks = []
    for period in periods:
        days = period_days(period, day)
        in_period = () if days is None else (DailyActivity.day.between(*days),)
        checks.append(exists().where(*other_rows, *in_period))
    still_there = db.session.execute(select(*checks)).one()
    return {period: 0 if other else direction for period, other in zip(periods, still_there,
                                                                        strict=True)}


def _apply_daily_delta(*, participant_ref: str, neighbourhood_id: int, category: str,
                       action_id: int, day: date, points: int, co2e_g: int, logs: int) -> int:
    """Upsert the two per-day aggregates; a row back at zero logs is removed (as a rebuild).

    Returns the participant's logs in the (area, category, day) row after the change.
    """
    increments = {"points": points, "co2e_g": co2e_g, "logs": logs}
    activity_keys = {"participant_ref": participant_ref, "neighbourhood_id": neighbourhood_id,
                     "category": category, "day": day}
    activity_logs: int = upsert_increment(
        DailyActivity.__table__, keys=activity_keys, increments=increments,  # type: ignore[arg-type]
        returning=("logs",),
    ).scalar_one()
    if activity_logs == 0:
        db.session.execute(delete(DailyActivity).where(
            *(getattr(DailyActivity, name) == value for name, value in activity_keys.items())
        ))
    action_logs = upsert_increment(
        DailyActionTotal.__table__, keys={"action_id": action_id, "day": day},  # type: ignore[arg-type]
        increments=increments, returning=("logs",),
    ).scalar_one()
    if action_logs == 0:
        db.session.execute(delete(DailyActionTotal).where(
            DailyActionTotal.action_id == action_id, DailyActionTotal.day == day
        ))
    return activity_logs


def move_user_scores(*, user_id: int, neighbourhood_id: int) -> int:
    """Point the user's existing score rows at their new area; returns how many rows moved.

    Runs inside the caller's transaction (the move). Area totals and per-day aggregates are
    not touched: logs stay in the area they were made in.
    """
    result = db.session.execute(
        update(UserScore).where(UserScore.user_id == user_id)
        .values(neighbourhood_id=neighbourhood_id)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass
class _Totals:
    points: int = 0
    co2e_g: int = 0
    logs: int = 0
    participants: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class RebuildReport:
    ledger_rows: int
    user_rows: int
    neighbourhood_rows: int


def _add_challenge_bonus(users: dict[tuple[int, str, str], _Totals],
                         areas: dict[tuple[int, str, str], _Totals]) -> None:
    """Challenge bonus points of counted logs count in the score rows too (issue 3)."""
    from app.challenges.models import ChallengeCredit

    bonus_groups = (
        select(LogEntry.user_id, LogEntry.neighbourhood_id, LogEntry.occurred_on,
               func.sum(ChallengeCredit.bonus_points))
        .join(LogEntry, LogEntry.id == ChallengeCredit.log_id)
        .where(LogEntry.status == LogStatus.COUNTED)
        .group_by(LogEntry.user_id, LogEntry.neighbourhood_id, LogEntry.occurred_on)
    )
    for user_id, area_id, day, bonus in db.session.execute(bonus_groups):
        for period, key in period_keys(day).items():
            areas[(area_id, period.value, key)].points += int(bonus)
            if user_id is not None:
                users[(user_id, period.value, key)].points += int(bonus)


def rebuild_scores() -> RebuildReport:
    """Recompute every score row from the counted ledger rows, in one transaction.

    The ledger is read once, pre-grouped per (user, area, day) by the database. Area rows sum
    the logs made in the area and count each participant_ref with a log there once per period
    (a citizen who moved counts in both areas). A user's rows carry the user's current area
    (`users.neighbourhood_id`), as the incremental path keeps them.
    """
    day_groups = (
        select(
            LogEntry.user_id,
            LogEntry.participant_ref,
            LogEntry.neighbourhood_id,
            LogEntry.occurred_on,
            func.sum(LogEntry.points),
            func.sum(func.coalesce(LogEntry.co2e_g, 0)),
            func.count(),
        )
        .where(LogEntry.status == LogStatus.COUNTED)
        .group_by(
            LogEntry.user_id, LogEntry.participant_ref, LogEntry.neighbourhood_id,
            LogEntry.occurred_on,
        )
    )
    users: dict[tuple[int, str, str], _Totals] = defaultdict(_Totals)
    last_logged_area: dict[int, tuple[date, int]] = {}
    areas: dict[tuple[int, str, str], _Totals] = defaultdict(_Totals)
    ledger_rows = 0
    with write_transaction():
        for user_id, ref, area_id, day, points, co2e_g, count in db.session.execute(day_groups):
            ledger_rows += count
            for period, key in period_keys(day).items():
                area = areas[(area_id, period.value, key)]
                area.points += points
                area.co2e_g += co2e_g
                area.logs += count
                area.participants.add(ref)
                if user_id is not None:
                    user = users[(user_id, period.value, key)]
                    user.points += points
                    user.co2e_g += co2e_g
                    user.logs += count
            if user_id is not None:
                last_logged_area[user_id] = max(last_logged_area.get(user_id, (day, area_id)),
                                                (day, area_id))
        user_area = _current_user_areas(last_logged_area)
        _add_challenge_bonus(users, areas)
        db.session.execute(delete(UserScore))
        db.session.execute(delete(NeighbourhoodScore))
        if users:
            db.session.execute(
                insert(UserScore),
                [
                    {"user_id": uid, "period": period, "period_key": key,
                     "neighbourhood_id": user_area[uid], "points": t.points,
                     "co2e_g": t.co2e_g, "logs": t.logs}
                    for (uid, period, key), t in users.items()
                ],
            )
        if areas:
            db.session.execute(
                insert(NeighbourhoodScore),
                [
                    {"neighbourhood_id": aid, "period": period, "period_key": key,
                     "points": t.points, "co2e_g": t.co2e_g, "logs": t.logs,
                     "participants": len(t.participants)}
                    for (aid, period, key), t in areas.items()
                ],
            )
        _rebuild_daily_aggregates()
        from app.gamification.services import rebuild_game_counters

        rebuild_game_counters()  # per-action tallies and challenge totals (issue 3)
    return RebuildReport(ledger_rows=ledger_rows, user_rows=len(users),
                         neighbourhood_rows=len(areas))


def _current_user_areas(last_logged_area: dict[int, tuple[date, int]]) -> dict[int, int]:
    """Each logging user's current area. An account without one (nothing makes a citizen lose
    their area today) gets the area of their latest logged day: deterministic, never NULL."""
    rows = db.session.execute(
        select(User.id, User.neighbourhood_id).where(User.neighbourhood_id.is_not(None))
    )
    current: dict[int, int] = dict(rows.all())  # type: ignore[arg-type]
    return {uid: current.get(uid, area) for uid, (_day, area) in last_logged_area.items()}


def _rebuild_daily_aggregates() -> None:
    """Refill the per-day aggregates from the counted ledger inside the database (INSERT … SELECT)."""
    counted = LogEntry.status == LogStatus.COUNTED
    sums = (func.sum(LogEntry.points), func.sum(func.coalesce(LogEntry.co2e_g, 0)), func.count())
    db.session.execute(delete(DailyActivity))
    db.session.execute(delete(DailyActionTotal))
    activity = (
        select(LogEntry.participant_ref, LogEntry.neighbourhood_id, Action.category,
               LogEntry.occurred_on, *sums)
        .join(Action, Action.id == LogEntry.action_id)
        .where(counted)
        .group_by(LogEntry.participant_ref, LogEntry.neighbourhood_id, Action.category,
                  LogEntry.occurred_on)
    )
    db.session.execute(insert(DailyActivity).from_select(
        ["participant_ref", "neighbourhood_id", "category", "day", "points", "co2e_g", "logs"],
        activity,
    ))
    per_action = (
        select(LogEntry.action_id, LogEntry.occurred_on, *sums)
        .where(counted)
        .group_by(LogEntry.action_id, LogEntry.occurred_on)
    )
    db.session.execute(insert(DailyActionTotal).from_select(
        ["action_id", "day", "points", "co2e_g", "logs"], per_action,
    ))


__all__ = ["Period", "RebuildReport", "apply_score_delta", "move_user_scores", "rebuild_scores"]
