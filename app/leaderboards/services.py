"""Score-row maintenance: incremental upserts with every ledger change, and a full rebuild."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, insert, select

from app.actions.models import LogEntry, LogStatus
from app.clock import Period, period_keys
from app.db import db, upsert_increment, write_transaction
from app.leaderboards.models import NeighbourhoodScore, UserScore


def apply_score_delta(
    *,
    user_id: int,
    neighbourhood_id: int,
    occurred_on: date,
    points: int,
    co2e_g: int,
    direction: int,
) -> None:
    """Add (direction=+1) or take back (-1) one log in every period it belongs to.

    Runs inside the caller's transaction. A participant is counted in a period when their
    first log of the period lands and uncounted when their last one is taken back; score rows
    that fall back to zero logs are removed, so a rebuild from the ledger gives the same rows.
    """
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or -1")
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
    return RebuildReport(ledger_rows=ledger_rows, user_rows=len(users),
                         neighbourhood_rows=len(areas))


__all__ = ["Period", "RebuildReport", "apply_score_delta", "rebuild_scores"]
