"""Reads of the setting overrides' history (the current overrides are read by app.settings)."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.db import db
from app.settings import SettingChange


def setting_history(*, limit: int = 30) -> list[tuple[SettingChange, str | None]]:
    """The latest changes with who made them, newest first."""
    rows = db.session.execute(
        select(SettingChange, User.email)
        .outerjoin(User, User.id == SettingChange.changed_by_id)
        .order_by(SettingChange.id.desc())
        .limit(limit)
    )
    return [(change, email) for change, email in rows]
