"""Domain settings in one place, so services never read configuration ad hoc."""

from __future__ import annotations

from typing import Any

from flask import current_app


def setting(name: str) -> Any:
    """A domain setting (e.g. BACKDATE_DAYS) for the running app."""
    return current_app.config[name]


def timezone() -> str:
    return str(setting("KLIMADYST_TIMEZONE"))
