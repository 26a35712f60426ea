"""Rebuilding every score row and per-day aggregate from the counted ledger (`flask scores rebuild`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, delete, insert, select

from app.accounts.models import User
from app.clock import period_keys
from app.db import db, write_transaction
from app.leaderboards import written
from app.leaderboards.models import DailyActionTotal, DailyActivity, NeighbourhoodScore, UserScore


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


@dataclass(frozen=True)
class LedgerGroups:
    """The counted ledger, pre-grouped by the database, as the ledger's owner provides it
    (`app.actions.queries.ledger_groups`); leaderboards reads no ledger table itself.

    `days`: (user_id, participant_ref, neighbourhood_id, day, points, co2e_g, logs);
    `activity`: (participant_ref, neighbourhood_id, category, day, points, co2e_g, logs);
    `action_days`: (municipality_id, action_id, day, points, co2e_g, logs);
    `bonuses`: (user_id, neighbourhood_id, day, bonus points) of counted logs.
    """

    days: Select[*tuple[Any, ...]]
    activity: Select[*tuple[Any, ...]]
    action_days: Select[*tuple[Any, ...]]
    bonuses: Select[*tuple[Any, ...]] | None = None


def _add_challenge_bonus(
    bonus_groups: Select[*tuple[Any, ...]],
    users: dict[tuple[int, str, str], _Totals],
    areas: dict[tuple[int, str, str], _Totals],
) -> None:
    """Challenge bonus points of counted logs count in the score rows too."""
    for user_id, area_id, day, bonus in db.session.execute(bonus_groups):
        for period, key in period_keys(day).items():
            areas[(area_id, period.value, key)].points += int(bonus)
            if user_id is not None:
                users[(user_id, period.value, key)].points += int(bonus)


def rebuild_scores(ledger: LedgerGroups) -> RebuildReport:
    """Recompute every score row and per-day aggregate from the counted ledger, in one
    transaction (`flask scores rebuild` runs it: app.features.rebuild_derived_rows).

    The ledger is read once, pre-grouped per (user, area, day) by the database. Area rows sum
    the logs made in the area and count each participant_ref with a log there once per period
    (a citizen who moved counts in both areas). A user's rows carry the user's current area
    (`users.neighbourhood_id`), as the incremental path keeps them.
    """
    written.forget()
    users: dict[tuple[int, str, str], _Totals] = defaultdict(_Totals)
    last_logged_area: dict[int, tuple[date, int]] = {}
    areas: dict[tuple[int, str, str], _Totals] = defaultdict(_Totals)
    ledger_rows = 0
    with write_transaction():
        for user_id, ref, area_id, day, points, co2e_g, count in db.session.execute(ledger.days):
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
                last_logged_area[user_id] = max(last_logged_area.get(user_id, (day, area_id)), (day, area_id))
        user_area = _current_user_areas(last_logged_area)
        if ledger.bonuses is not None:
            _add_challenge_bonus(ledger.bonuses, users, areas)
        db.session.execute(delete(UserScore))
        db.session.execute(delete(NeighbourhoodScore))
        if users:
            db.session.execute(
                insert(UserScore),
                [
                    {
                        "user_id": uid,
                        "period": period,
                        "period_key": key,
                        "neighbourhood_id": user_area[uid],
                        "points": t.points,
                        "co2e_g": t.co2e_g,
                        "logs": t.logs,
                    }
                    for (uid, period, key), t in users.items()
                ],
            )
        if areas:
            db.session.execute(
                insert(NeighbourhoodScore),
                [
                    {
                        "neighbourhood_id": aid,
                        "period": period,
                        "period_key": key,
                        "points": t.points,
                        "co2e_g": t.co2e_g,
                        "logs": t.logs,
                        "participants": len(t.participants),
                    }
                    for (aid, period, key), t in areas.items()
                ],
            )
        _rebuild_daily_aggregates(ledger)
    return RebuildReport(ledger_rows=ledger_rows, user_rows=len(users), neighbourhood_rows=len(areas))


def _current_user_areas(last_logged_area: dict[int, tuple[date, int]]) -> dict[int, int]:
    """Each logging user's current area. An account without one (nothing makes a citizen lose
    their area today) gets the area of their latest logged day: deterministic, never NULL."""
    rows = db.session.execute(
        select(User.id, User.neighbourhood_id).where(User.neighbourhood_id.is_not(None))
    )
    current: dict[int, int] = dict(rows.all())  # type: ignore[arg-type]
    return {uid: current.get(uid, area) for uid, (_day, area) in last_logged_area.items()}


def _rebuild_daily_aggregates(ledger: LedgerGroups) -> None:
    """Refill the per-day aggregates from the counted ledger inside the database (INSERT … SELECT)."""
    db.session.execute(delete(DailyActivity))
    db.session.execute(delete(DailyActionTotal))
    db.session.execute(
        insert(DailyActivity).from_select(
            ["participant_ref", "neighbourhood_id", "category", "day", "points", "co2e_g", "logs"],
            ledger.activity,
        )
    )
    db.session.execute(
        insert(DailyActionTotal).from_select(
            ["municipality_id", "action_id", "day", "points", "co2e_g", "logs"], ledger.action_days
        )
    )
