"""Reads of accounts, including a citizen's own data export."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import LogEntry
from app.db import db
from app.leaderboards.models import UserScore


def user_by_login_id(login_id: str) -> User | None:
    """Resolve Flask-Login's '<id>.<session_version>'; an old version or a suspended account
    no longer logs in."""
    user_id, _, version = login_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or user.is_suspended:
        return None
    return user


def export_user_data(user: User) -> dict[str, Any]:
    """Everything stored about the citizen, as plain JSON-ready data."""
    logs = db.session.scalars(
        select(LogEntry).where(LogEntry.user_id == user.id).order_by(LogEntry.id)
    )
    scores = db.session.scalars(
        select(UserScore).where(UserScore.user_id == user.id)
        .order_by(UserScore.period, UserScore.period_key)
    )
    return {
        "format": "klimadyst-export/1",
        "account": {
            "email": user.email,
            "alias": user.alias,
            "role": user.role,
            "neighbourhood": user.neighbourhood.name if user.neighbourhood else None,
            "show_in_rankings": user.show_in_rankings,
            "neighbourhood_changed_at": (user.neighbourhood_changed_at.isoformat()
                                         if user.neighbourhood_changed_at else None),
            "created_at": user.created_at.isoformat(),
            "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
        },
        "logs": [
            {
                "id": log.id,
                "action": log.action.slug,
                "action_name": log.action.name_da,
                "quantity": str(log.quantity),
                "unit": log.action.unit_da,
                "points": log.points,
                "co2e_kg": None if log.co2e_g is None else log.co2e_g / 1000,
                "occurred_on": log.occurred_on.isoformat(),
                "created_at": log.created_at.isoformat(),
                "status": log.status,
                "status_reason": log.status_reason,
            }
            for log in logs
        ],
        "scores": [
            {"period": s.period, "period_key": s.period_key, "points": s.points,
             "co2e_kg": s.co2e_g / 1000, "logs": s.logs}
            for s in scores
        ],
    }
