"""Reads of the audit log: newest first, filtered by actor, object type and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from app.audit.models import AuditEntry
from app.clock import local_day_bounds
from app.db import db, page_of

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    object_type: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int
    pages: int
    total: int


def _filtered(query: Select[Any], wanted: AuditFilter, tz: str) -> Select[Any]:
    if wanted.actor_id is not None:
        query = query.where(AuditEntry.actor_id == wanted.actor_id)
    if wanted.object_type:
        query = query.where(AuditEntry.object_type == wanted.object_type)
    if wanted.date_from is not None:
        query = query.where(AuditEntry.created_at >= local_day_bounds(wanted.date_from, tz)[0])
    if wanted.date_to is not None:
        query = query.where(AuditEntry.created_at < local_day_bounds(wanted.date_to, tz)[1])
    return query


def audit_page(wanted: AuditFilter, *, page: int, tz: str) -> AuditPage:
    """One page of matching entries, newest first (ties: the later id first); dates are local days."""
    found = page_of(
        _filtered(select(AuditEntry), wanted, tz).order_by(
            AuditEntry.created_at.desc(), AuditEntry.id.desc()
        ),
        page=page,
        per_page=PAGE_SIZE,
    )
    return AuditPage(entries=found.items, page=found.page, pages=max(1, found.pages), total=found.total or 0)


def audit_actors() -> list[tuple[int, str]]:
    """(id, label) of every admin that has written something, for the filter."""
    rows = db.session.execute(
        select(AuditEntry.actor_id, func.max(AuditEntry.actor_label))
        .where(AuditEntry.actor_id.is_not(None))
        .group_by(AuditEntry.actor_id)
        .order_by(func.max(AuditEntry.actor_label))
    )
    return [(int(actor_id), str(label)) for actor_id, label in rows if actor_id is not None]


def audit_object_types() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type))
    )


def entries_for(object_type: str, object_id: int | str, *, limit: int = 20) -> list[AuditEntry]:
    """The history of one object, newest first (shown on its edit page)."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )
