"""Domain settings in one place, so services never read configuration ad hoc.

Configuration (app/config.py, KLIMADYST_* environment variables) gives the defaults; a few
settings can be overridden by an administrator. Overrides are an append-only history in the
database (`setting_changes`): the newest row per name wins. They are read once per request at
most, and kept in the app's cache (app/cache.py: per process, or Redis shared by all instances)
for SETTINGS_CACHE_SECONDS: an admin's change is dropped from the cache at once, so this process
and every instance sharing Redis read it on their next request; processes with their own cache
see it within those seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app, g, has_app_context
from sqlalchemy import ForeignKey, Index, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from app.cache import forget, remembered_for
from app.clock import local_date, utcnow
from app.db import Base, UTCDateTime, db
from app.tenancy.context import current_municipality_id
from app.tenancy.models import TenantMixin

_CACHE = "klimadyst_setting_overrides"


@dataclass(frozen=True)
class SettingSpec:
    """An admin-editable whole-number setting and the range a service accepts."""

    name: str
    minimum: int
    maximum: int


EDITABLE_SETTINGS: dict[str, SettingSpec] = {
    spec.name: spec
    for spec in (
        SettingSpec("BACKDATE_DAYS", 0, 14),
        SettingSpec("THROTTLE_MAX_LOGS", 1, 1000),
        SettingSpec("THROTTLE_WINDOW_MINUTES", 1, 1440),
        SettingSpec("THROTTLE_COOLDOWN_MINUTES", 0, 10080),
    )
}


class SettingChange(TenantMixin, Base):
    """One change of an admin-editable setting. The newest row per name is the current value;
    a row with no value means "back to the configured default". Rows are never updated.

    The table lives here, beside the reader, because `setting()` is core: it may not import the
    admin feature whose pages write the rows (app/admin/services/settings.py)."""

    __tablename__ = "setting_changes"
    __table_args__ = (Index("ix_setting_changes_name_id", "name", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    value: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


def current_overrides() -> dict[str, int]:
    """The newest value per setting name, leaving out names reset to their default."""
    newest = select(func.max(SettingChange.id)).group_by(SettingChange.name)
    rows = db.session.execute(
        select(SettingChange.name, SettingChange.value).where(SettingChange.id.in_(newest))
    )
    return {name: value for name, value in rows if value is not None}


def editable_settings() -> list[SettingSpec]:
    """The editable settings this app has defaults for (throttles exist once configured)."""
    return [spec for spec in EDITABLE_SETTINGS.values() if spec.name in current_app.config]


def overrides() -> dict[str, int]:
    """Current database overrides by name: per app context (request), then the shared cache."""
    g_key = f"{_CACHE}:{current_municipality_id()}"  # settings are per municipality
    cached: dict[str, int] | None = g.get(g_key)
    if cached is None:
        seconds = int(current_app.config.get("SETTINGS_CACHE_SECONDS") or 0)
        cached = remembered_for(_CACHE, seconds, current_overrides) if seconds > 0 else current_overrides()
        setattr(g, g_key, cached)
    return cached


def forget_overrides() -> None:
    """Drop the cached overrides after a setting changed, so the new value is read."""
    g.pop(f"{_CACHE}:{current_municipality_id()}", None)
    forget(_CACHE)


def default_setting(name: str) -> Any:
    return current_app.config[name]


def setting(name: str) -> Any:
    """A domain setting (e.g. BACKDATE_DAYS): an admin's override when there is one."""
    if name in EDITABLE_SETTINGS and has_app_context():
        value = overrides().get(name)
        if value is not None:
            return value
    return current_app.config[name]


def timezone() -> str:
    return str(setting("KLIMADYST_TIMEZONE"))


def local_today() -> date:
    """Today in the configured zone: the day a log counts for, not the server's own day."""
    return local_date(utcnow(), timezone())
