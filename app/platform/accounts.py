"""Platform administrators: created on the command line, signed in at /platform, audited."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.accounts.passwords import (
    hash_password,
    needs_rehash,
    verify_password,
    verify_unknown_account,
    weakness,
)
from app.audit.services import jsonable
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, ValidationError
from app.platform.models import LOGIN_ID_PREFIX, PlatformAdmin, PlatformAuditEntry
from app.settings import setting

# What replaces a removed administrator's e-mail on the log entries they made.
FORMER_PLATFORM_STAFF = "Tidligere platformsadministrator"


def platform_admin_by_login_id(login_id: str) -> PlatformAdmin | None:
    """Resolve Flask-Login's 'p.<id>.<session_version>'; anything else, an old version or a
    suspended administrator is None."""
    if not login_id.startswith(LOGIN_ID_PREFIX):
        return None
    admin_id, _, version = login_id.removeprefix(LOGIN_ID_PREFIX).partition(".")
    if not (admin_id.isdigit() and version.isdigit()):
        return None
    admin = db.session.get(PlatformAdmin, int(admin_id))
    if admin is None or admin.session_version != int(version) or admin.is_suspended:
        return None
    return admin


def authenticate_platform_admin(
    *, email: str, password: str, now: datetime | None = None
) -> PlatformAdmin | None:
    """The administrator for these credentials (not suspended), or None."""
    admin = db.session.scalar(select(PlatformAdmin).where(PlatformAdmin.email == email.strip().lower()))
    if admin is None:
        verify_unknown_account(password)
        return None
    if not verify_password(admin.password_hash, password) or admin.is_suspended:
        return None
    with write_transaction():
        if needs_rehash(admin.password_hash):
            admin.password_hash = hash_password(password)
        admin.last_login_at = now or utcnow()
    return admin


def log_out_platform_admin(admin: PlatformAdmin) -> None:
    """Every session of this administrator ends, copied cookies too."""
    with write_transaction():
        admin.session_version += 1


def ensure_platform_admin(*, email: str, name: str, password: str) -> tuple[PlatformAdmin, bool]:
    """Create a platform administrator (`flask platform create-admin`, the demo), or return the
    one with this address (True when created)."""
    address = email.strip().lower()
    if "@" not in address or len(address) > 254:
        raise ValidationError(_l("Enter a valid e-mail address."), field="email")
    if not name.strip():
        raise ValidationError(_l("Enter a name."), field="name")
    existing = db.session.scalar(select(PlatformAdmin).where(PlatformAdmin.email == address))
    if existing is not None:
        return existing, False
    reason = weakness(
        password, min_length=int(setting("PASSWORD_MIN_LENGTH")), personal=(address.split("@")[0],)
    )
    if reason is not None:
        raise ValidationError(
            _l(
                "Choose a stronger password (at least %(n)s characters, not a common one).",
                n=setting("PASSWORD_MIN_LENGTH"),
            ),
            field="password",
        )
    with write_transaction():
        if db.session.scalar(select(PlatformAdmin.id).where(PlatformAdmin.email == address)):
            raise ConflictError(
                _l("A platform administrator with this e-mail exists already."), field="email"
            )
        admin = PlatformAdmin(email=address, name=name.strip(), password_hash=hash_password(password))
        db.session.add(admin)
    return admin, True


def record_platform_audit(
    *,
    actor: PlatformAdmin,
    verb: str,
    object_type: str,
    object_id: int | str | None,
    object_label: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> PlatformAuditEntry:
    """Append one entry for a platform write; call it inside the write's own transaction."""
    with write_transaction():
        entry = PlatformAuditEntry(
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


def recent_platform_audit(limit: int = 30) -> list[PlatformAuditEntry]:
    return list(
        db.session.scalars(
            select(PlatformAuditEntry)
            .order_by(PlatformAuditEntry.created_at.desc(), PlatformAuditEntry.id.desc())
            .limit(limit)
        )
    )


def remove_platform_admin(email: str) -> bool:
    """Delete a platform administrator's account; their log entries stay, without who it was.
    False when there is none with this address."""
    with write_transaction():
        admin = db.session.scalar(select(PlatformAdmin).where(PlatformAdmin.email == email.strip().lower()))
        if admin is None:
            return False
        db.session.execute(
            update(PlatformAuditEntry)
            .where(PlatformAuditEntry.actor_id == admin.id)
            .values(actor_id=None, actor_label=FORMER_PLATFORM_STAFF)
        )
        db.session.delete(admin)
    return True


def all_platform_admins() -> list[PlatformAdmin]:
    return list(db.session.scalars(select(PlatformAdmin).order_by(PlatformAdmin.email)))
