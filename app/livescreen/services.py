"""The live screen's secret link: create it once, rotate it when it has leaked."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit
from app.clock import utcnow
from app.db import db, write_transaction
from app.livescreen.models import LiveScreenLink

TOKEN_BYTES = 32  # 256 bits: unguessable


def _current() -> LiveScreenLink | None:
    return db.session.scalar(select(LiveScreenLink).where(LiveScreenLink.retired_at.is_(None)))


def rotate_live_screen_link(*, admin: User, now: datetime | None = None) -> LiveScreenLink:
    """Retire the current link (it stops working at once) and create a new random one."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        old = _current()
        if old is not None:
            old.retired_at = now
            db.session.flush()
        link = LiveScreenLink(
            token=secrets.token_urlsafe(TOKEN_BYTES), created_at=now, created_by_id=admin.id
        )
        db.session.add(link)
        db.session.flush()
        # The token itself is a secret: the audit log records that it changed, not its value.
        record_audit(
            actor=admin,
            verb="rotate" if old else "create",
            object_type="live_screen",
            object_id=link.id,
            before={"link_id": old.id} if old else None,
            after={"link_id": link.id},
            now=now,
        )
    return link


def ensure_live_screen_link(*, admin: User) -> tuple[LiveScreenLink, bool]:
    """The current link, created when there is none (True when created)."""
    current = _current()
    if current is not None:
        return current, False
    return rotate_live_screen_link(admin=admin), True
