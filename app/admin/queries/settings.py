"""Reads of the setting overrides and their history."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.admin.models import SettingChange
from app.db import db


def current_overrides() -> dict[str, int]:
    """The newest value per setting name, leaving out names reset to their default."""
    newest = select(func.max(SettingChange.id)).group_by(SettingChange.name)
    rows = db.session.execute(
        select(SettingChange.name, SettingChange.value).where(SettingChange.id.in_(newest))
    )
    return {name: value for name, value in rows if value is not None}


def setting_history(*, limit: int = 30) -> list[tuple[SettingChange, str | None]]:
    """The latest changes with who made them, newest first."""
    rows = db.session.execute(
        select(SettingChange, User.email)
        .outerjoin(User, User.id == SettingChange.changed_by_id)
        .order_by(SettingChange.id.desc())
        .limit(limit)
    )
    return [(change, email) for change, email in rows]
