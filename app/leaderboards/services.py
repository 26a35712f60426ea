"""Score-row maintenance: incremental upserts with every ledger change, and a full rebuild."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, insert, select

from app.actions.models import Action, LogEntry, LogStatus
from app.clock import Period, period_keys
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

    Runs inside the caller's transaction. A participant is counted in a period when their
    first log of the period lands and uncounted when their last one is taken back; score rows
    that fall back to zero logs are removed, so a rebuild from the ledger gives the same rows.
    The per-day aggregates (participant × area × category, and action) follow the same rule.
    """
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or -1")
    _apply_daily_delta(participant_ref=participant_ref, neighbourhood_id=neighbourhood_id,
                       category=category, action_id=action_id, day=occurred_on,
                       points=direction * points, co2e_g=direction * co2e_g, logs=direction)
    user_table = UserScore.__table__
    area_table = NeighbourhoodScore.__table__
    for period, key in period_keys(occurred_on).items():
        logs_now = upsert_increment(
            user_table,  # type: ignore[arg-type]
            keys={"user_id": user_id, "period": period.value, "period_key": key},
            increments={"points": direction * points, "co2e_g": direction * co2e_g,
                        "logs": direction},
            set_values={"neighbourhood_id": neighbourhood_id},
            returning=("logs",),
        ).scalar_one()
        joined = direction == 1 and logs_now == 1
        left = direction == -1 and logs_now == 0
        area_logs = upsert_increment(
            area_table,  # type: ignore[arg-type]
            keys={"neighbourhood_id": neighbourhood_id, "period": period.value, "period_key": key},
            increments={
                "points": direction * points,
                "co2e_g": direction * co2e_g,
                "logs": direction,
                "participants": 1 if joined else -1 if left else 0,
            },
            returning=("logs",),
        ).scalar_one()
        if left:
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


def _apply_daily_delta(*, participant_ref: str, neighbourhood_id: int, category: str,
                       action_id: int, day: date, points: int, co2e_g: int, logs: int) -> None:
    """Upsert the two per-day aggregates; a row back at zero logs is removed (as a rebuild)."""
    increments = {"points": points, "co2e_g": co2e_g, "logs": logs}
    activity_keys = {"participant_ref": participant_ref, "neighbourhood_id": neighbourhood_id,
                     "category": category, "day": day}
    activity_logs = upsert_increment(
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

    The ledger is read once, pre-grouped per (user, area, day) by the database.
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
    user_area: dict[int, int] = {}
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
                    user_area[user_id] = area_id
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


__all__ = ["Period", "RebuildReport", "apply_score_delta", "rebuild_scores"]
