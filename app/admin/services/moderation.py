"""Suspend and unsuspend accounts."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.accounts.lifecycle import end_all_sessions
from app.accounts.models import Role, User
from app.admin.services import require_admin
from app.audit.services import record_audit
from app.db import db, write_transaction
from app.errors import NotFound, PermissionDenied, ValidationError

REASON_MAX = 500


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError(_l("Write a short reason (at least 3 characters)."), field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(_l("Keep the reason under %(n)s characters.", n=REASON_MAX),
                              field="reason")
    return reason


def set_suspended(*, admin: User, user_id: int, suspended: bool, reason: str,
                  now: datetime | None = None) -> User:
    """Suspend a citizen or business account or lift the suspension. A suspended account is
    signed out at once everywhere (every web session and remember-me cookie ends, every API
    token is revoked), cannot log in again, get API tokens or log actions, and is hidden from
    the individual leaderboards. Admins and staff cannot be suspended here.

    Points already earned keep counting in the area's totals: they were real logs at the time,
    and an admin removes cheated logs one by one by voiding them."""
    require_admin(admin)
    reason = clean_reason(reason)
    with write_transaction():
        user = db.session.get(User, user_id)
        if user is None:
            raise NotFound(_l("That account does not exist."))
        if user.role in (Role.ADMIN, Role.STAFF):
            raise PermissionDenied(_l("Municipality accounts cannot be suspended here."))
        if user.is_suspended != suspended:
            user.is_suspended = suspended
            if suspended:  # signed out at once: every browser, remember-me cookie and phone app
                end_all_sessions(user=user, now=now)
            record_audit(actor=admin, verb="suspend" if suspended else "unsuspend",
                         object_type="user", object_id=user.id, object_label=user.alias,
                         before={"is_suspended": not suspended},
                         after={"is_suspended": suspended, "reason": reason}, now=now)
    return user
