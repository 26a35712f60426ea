"""Reads of a person's push devices."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db import db
from app.push.models import PushSubscription


def devices_of(user_id: int) -> list[PushSubscription]:
    """The person's devices, newest first."""
    return list(
        db.session.scalars(
            select(PushSubscription)
            .where(PushSubscription.user_id == user_id)
            .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc())
        )
    )


def device_count(user_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(PushSubscription).where(PushSubscription.user_id == user_id)
        )
        or 0
    )
