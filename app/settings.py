"""Domain settings in one place, so services never read configuration ad hoc.

Configuration (app/config.py, KLIMADYST_* environment variables) gives the defaults; a few
settings can be overridden by an administrator. Overrides are an append-only history in the
database (`setting_changes`): the newest row per name wins, and one query per request reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app, g, has_app_context

from app.clock import local_date, utcnow

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
        SettingSpec("LEADERBOARD_MIN_PARTICIPANTS", 1, 1000),
        SettingSpec("BACKDATE_DAYS", 0, 14),
        SettingSpec("THROTTLE_MAX_LOGS", 1, 1000),
        SettingSpec("THROTTLE_WINDOW_MINUTES", 1, 1440),
        SettingSpec("THROTTLE_COOLDOWN_MINUTES", 0, 10080),
    )
}


def editable_settings() -> list[SettingSpec]:
    """The editable settings this app has defaults for (throttles exist once configured)."""
    return [spec for spec in EDITABLE_SETTINGS.values() if spec.name in current_app.config]


def overrides() -> dict[str, int]:
    """Current database overrides by name, read once per app context (i.e. per request)."""
    cached: dict[str, int] | None = g.get(_CACHE)
    if cached is None:
        from app.admin.queries.settings import current_overrides

        cached = current_overrides()
        setattr(g, _CACHE, cached)
    return cached


def forget_overrides() -> None:
    """Drop the per-request cache after a setting changed, so the new value is read."""
    g.pop(_CACHE, None)


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
