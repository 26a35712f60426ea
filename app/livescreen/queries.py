"""Reads for the live screen."""

from __future__ import annotations

from sqlalchemy import select

from app.db import db
from app.livescreen.models import LiveScreenLink


def current_live_link() -> LiveScreenLink | None:
    return db.session.scalar(select(LiveScreenLink).where(LiveScreenLink.retired_at.is_(None)))


def live_link_for(token: str) -> LiveScreenLink | None:
    """The active link with this token; a rotated (retired) token finds nothing."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(LiveScreenLink).where(LiveScreenLink.token == token, LiveScreenLink.retired_at.is_(None))
    )
