"""Moderators' use cases: void a log, suspend an account, close a flag (each audited)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.accounts.lifecycle import end_all_sessions
from app.accounts.models import Role, User
from app.accounts.permissions import require_admin
from app.actions.models import LogEntry, LogStatus
from app.actions.services import lock_user, take_back_entry
from app.audit.services import record_audit
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.gamification.models import Flag
from app.moderation.flags import resolve_flag

REASON_MAX = 500


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError(_l("Write a short reason (at least 3 characters)."), field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(_l("Keep the reason under %(n)s characters.", n=REASON_MAX), field="reason")
    return reason


def set_suspended(
    *, admin: User, user_id: int, suspended: bool, reason: str, now: datetime | None = None
) -> User:
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
            record_audit(
                actor=admin,
                verb="suspend" if suspended else "unsuspend",
                object_type="user",
                object_id=user.id,
                object_label=user.alias,
                before={"is_suspended": not suspended},
                after={"is_suspended": suspended, "reason": reason},
                now=now,
            )
    return user


def void_log(*, admin: User, log_id: int, reason: str, now: datetime | None = None) -> LogEntry:
    """An administrator voids a counted log, with a reason the citizen sees.

    The row stays in the ledger with status 'voided'; every score row and per-day aggregate is
    taken back through the same rule as an undo (`take_back_entry`), and streaks and
    challenges, which read counted logs only, follow. The void is audited in the same
    transaction.
    """
    require_admin(admin)
    reason = clean_reason(reason)
    now = now or utcnow()
    with write_transaction():
        entry = db.session.get(LogEntry, log_id)
        if entry is None:
            raise NotFound(_l("That log does not exist."))
        if entry.user_id is None:
            raise ConflictError(_l("This log belongs to a deleted account and stays anonymous."))
        owner = db.session.get(User, entry.user_id)
        if owner is not None:
            lock_user(owner)
        take_back_entry(entry, status=LogStatus.VOIDED, reason=reason, now=now)
        record_audit(
            actor=admin,
            verb="void",
            object_type="log",
            object_id=entry.id,
            object_label=f"{entry.action.slug} {entry.occurred_on.isoformat()}",
            before={"status": LogStatus.COUNTED, "points": entry.points},
            after={"status": LogStatus.VOIDED, "reason": reason},
            now=now,
        )
    return entry


def close_flag(*, admin: User, flag_id: int, resolution: str, now: datetime | None = None) -> Flag:
    """Resolve a moderation flag with a note (`resolve_flag`'s rules), audited."""
    require_admin(admin)
    with write_transaction():
        flag = resolve_flag(flag_id=flag_id, actor=admin, resolution=resolution, now=now)
        record_audit(
            actor=admin,
            verb="resolve",
            object_type="flag",
            object_id=flag.id,
            object_label=f"{flag.kind} {flag.day.isoformat()}",
            before={"status": "open"},
            after={"status": flag.status, "resolution": flag.resolution},
            now=now,
        )
    return flag
