"""Append to the audit log. There is deliberately no service that edits or removes an entry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.clock import utcnow
from app.db import db, write_transaction


def jsonable(value: Any) -> Any:
    """Decimals, dates and enums as text, so before/after survive a JSON column unchanged."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The named attributes of `obj` as JSON-ready data (the "before" or "after" of an entry)."""
    return {name: jsonable(getattr(obj, name)) for name in fields}


def record_audit(
    *,
    actor: User,
    verb: str,
    object_type: str,
    object_id: int | str | None,
    object_label: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Append one entry for a write by `actor`.

    Call it inside the write's own `write_transaction()`: it joins that transaction, so the
    entry is committed together with the change, or rolled back with it.
    """
    with write_transaction():
        entry = AuditEntry(
            created_at=now or utcnow(),
            actor_id=actor.id,
            actor_label=actor.email,
            verb=verb,
            object_type=object_type,
            object_id="" if object_id is None else str(object_id),
            object_label=object_label[:200],
            before=jsonable(before) if before is not None else None,
            after=jsonable(after) if after is not None else None,
        )
        db.session.add(entry)
        db.session.flush()
    return entry


def record_changes(
    *,
    actor: User,
    object_type: str,
    object_id: int,
    object_label: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    now: datetime | None = None,
) -> AuditEntry | None:
    """An "update" entry holding only the fields that changed; none when nothing did."""
    if after == before:
        return None
    return record_audit(
        actor=actor,
        verb="update",
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
        now=now,
    )
