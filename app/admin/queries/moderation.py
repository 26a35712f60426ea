"""Reads for moderation: find accounts, one account's logs, recent voids, suspended accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from app.accounts.models import Role, User
from app.actions.models import LogEntry
from app.audit.models import AuditEntry
from app.db import db, page_of

LOGS_PER_PAGE = 50


def search_users(text: str, *, limit: int = 50) -> list[User]:
    """Citizen and business accounts whose alias or e-mail contains `text`, by alias."""
    query = select(User).where(User.role.in_((Role.CITIZEN, Role.BUSINESS)))
    cleaned = text.strip().lower()
    if cleaned:
        pattern = "%" + cleaned.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(User.alias_key.like(pattern, escape="\\"), User.email.like(pattern, escape="\\"))
        )
    return list(db.session.scalars(query.order_by(User.alias_key).limit(limit)))


def suspended_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_suspended.is_(True)).order_by(User.alias_key)))


@dataclass(frozen=True)
class LogPage:
    entries: list[LogEntry]
    page: int
    pages: int


def user_logs(user_id: int, *, page: int = 1, day: date | None = None) -> LogPage:
    """One account's ledger rows, newest first (uses the (user, day) index)."""
    where = [LogEntry.user_id == user_id]
    if day is not None:
        where.append(LogEntry.occurred_on == day)
    found = page_of(
        select(LogEntry)
        .where(*where)
        .order_by(LogEntry.occurred_on.desc(), LogEntry.created_at.desc(), LogEntry.id.desc()),
        page=page,
        per_page=LOGS_PER_PAGE,
    )
    return LogPage(entries=found.items, page=found.page, pages=max(1, found.pages))


def recent_voids(*, limit: int = 15) -> list[AuditEntry]:
    """The latest voided logs, from the audit log (the ledger has no index on status)."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "log", AuditEntry.verb == "void")
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
    )
