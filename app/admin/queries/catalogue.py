"""Reads for catalogue management: every action (retired too) with its number of logs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.actions.effective import EffectiveAction, effective_actions
from app.actions.models import LogEntry
from app.db import db
from app.leaderboards.models import DailyActionTotal
from app.neighbourhoods.models import Neighbourhood


@dataclass(frozen=True)
class ActionRow:
    action: EffectiveAction  # with this municipality's local values
    logs: int  # counted logs, from the per-day aggregate


def actions_for_admin() -> list[ActionRow]:
    """Actions loggable here first, then retired (nationally or here); by category and sort
    order. National actions carry this municipality's override (one query with the actions)."""
    counts = dict(
        db.session.execute(
            select(DailyActionTotal.action_id, func.sum(DailyActionTotal.logs)).group_by(
                DailyActionTotal.action_id
            )
        ).all()
    )
    actions = effective_actions()
    actions.sort(key=lambda a: (not a.is_active, a.category, a.sort_order, a.id))
    return [ActionRow(action=a, logs=int(counts.get(a.id, 0))) for a in actions]


def action_has_logs(action_id: int) -> bool:
    """Any ledger row at all (undone and voided ones too): such an action is history."""
    return db.session.scalar(select(LogEntry.id).where(LogEntry.action_id == action_id).limit(1)) is not None


def neighbourhoods_for_admin() -> list[Neighbourhood]:
    return list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))
