"""Reads for catalogue management: every action (retired too) with its number of logs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.actions.models import Action, LogEntry
from app.db import db
from app.leaderboards.models import DailyActionTotal
from app.neighbourhoods.models import Neighbourhood


@dataclass(frozen=True)
class ActionRow:
    action: Action
    logs: int  # counted logs, from the per-day aggregate


def actions_for_admin() -> list[ActionRow]:
    """Active actions first, then retired; by category and sort order."""
    counts = dict(
        db.session.execute(
            select(DailyActionTotal.action_id, func.sum(DailyActionTotal.logs)).group_by(
                DailyActionTotal.action_id
            )
        ).all()
    )
    actions = db.session.scalars(
        select(Action).order_by(Action.is_active.desc(), Action.category, Action.sort_order, Action.id)
    )
    return [ActionRow(action=a, logs=int(counts.get(a.id, 0))) for a in actions]


def action_has_logs(action_id: int) -> bool:
    """Any ledger row at all (undone and voided ones too): such an action is history."""
    return db.session.scalar(select(LogEntry.id).where(LogEntry.action_id == action_id).limit(1)) is not None


def neighbourhoods_for_admin() -> list[Neighbourhood]:
    return list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))
