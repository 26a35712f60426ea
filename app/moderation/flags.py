"""Flags for the moderators: raise, resolve, and the daily outlier check after a counted log."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select

from app.accounts.models import Role, User
from app.actions.models import LogEntry, LogStatus
from app.clock import Period, utcnow, week_key
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.gamification.models import Flag, FlagKind, FlagStatus
from app.leaderboards.queries import area_row_now
from app.moderation.rules import crossed, outlier_threshold
from app.settings import setting

MODERATOR_ROLES = (Role.ADMIN, Role.STAFF)


def raise_flag(
    *,
    user_id: int,
    kind: FlagKind,
    day: date,
    params: dict[str, int | str],
    details: str = "",
    now: datetime | None = None,
) -> Flag:
    """Store a flag for the moderators. It changes no points; a human decides.

    The flag keeps its kind as the message code and the numbers as `params`, so each reader sees
    it in their own language. Called inside the log transaction (outliers) or, for a refused
    log, as its own committed write after the refused log's transaction was rolled back (bursts,
    cap hits): the flag must survive although the log did not.
    """
    if kind not in set(FlagKind):
        raise ValidationError(_l("Unknown kind of flag."), field="kind")
    with write_transaction():
        flag = Flag(
            user_id=user_id,
            kind=kind,
            code=str(kind),
            params=dict(params),
            day=day,
            details=details[:2000],
            created_at=now or utcnow(),
            status=FlagStatus.OPEN,
        )
        db.session.add(flag)
        db.session.flush()
    return flag


def resolve_flag(*, flag_id: int, actor: User, resolution: str, now: datetime | None = None) -> Flag:
    """Close an open flag with a note saying what was done (e.g. "voided 12 logs", "looked fine").

    Only admins and staff may; the note is required (1–2000 characters). Voiding logs or
    suspending the citizen are separate services; this only records the decision.
    """
    if actor.role not in MODERATOR_ROLES:
        raise PermissionDenied(_l("Only the municipality's moderators can resolve flags."))
    note = (resolution or "").strip()
    if not note or len(note) > 2000:
        raise ValidationError(
            _l("Write what you did about the flag (at most 2000 characters)."), field="resolution"
        )
    with write_transaction():
        flag = db.session.get(Flag, flag_id)
        if flag is None:
            raise NotFound(_l("That flag does not exist."))
        if flag.status != FlagStatus.OPEN:
            raise ConflictError(_l("This flag has already been resolved."))
        flag.status = FlagStatus.RESOLVED
        flag.resolved_at = now or utcnow()
        flag.resolved_by_id = actor.id
        flag.resolution = note
    return flag


def _area_weekly_mean(area_id: int, day: date) -> float:
    """Average weekly points per active participant: last ISO week, else this one."""
    for key in (week_key(day - timedelta(days=7)), week_key(day)):
        row = area_row_now(area_id, Period.WEEK, key)
        if row and row[2]:
            return float(row[0]) / row[2]
    return 0.0


_DAY_POINTS = select(func.coalesce(func.sum(LogEntry.points), 0)).where(  # made once: runs on every log
    LogEntry.user_id == bindparam("user_id"),
    LogEntry.occurred_on == bindparam("day"),
    LogEntry.status == LogStatus.COUNTED,
)


def check_outlier(entry: LogEntry, now: datetime) -> None:
    """Flag (once per day) a citizen whose points for one day pass the outlier threshold."""
    day_points = db.session.scalar(_DAY_POINTS, {"user_id": entry.user_id, "day": entry.occurred_on}) or 0
    threshold = outlier_threshold(
        area_weekly_mean=_area_weekly_mean(entry.neighbourhood_id, entry.occurred_on),
        factor=int(setting("OUTLIER_FACTOR")),
        min_points=int(setting("OUTLIER_MIN_POINTS")),
    )
    if crossed(before=day_points - entry.points, after=day_points, threshold=threshold):
        raise_flag(
            user_id=entry.user_id,  # type: ignore[arg-type]
            kind=FlagKind.OUTLIER,
            day=entry.occurred_on,
            now=now,
            params={"points": int(day_points), "threshold": threshold},
        )
