"""The admin blueprint. Every view carries staff_required or admin_required (checked on every
request; tests/admin/test_access.py proves it for every URL of the blueprint)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
live_bp = Blueprint("livescreen", __name__)

# The views register themselves on bp when their modules are imported.
from app.admin.routes import (  # noqa: E402
    case_library,
    cases,
    catalogue,
    dashboard,
    exports,
    game,
    helpers,
    intermunicipal,
    live,
    moderation,
    partnerships,
    plan,
    privacy,
    report,
    settings,
    solutions,
    sparring,
)

__all__ = [
    "bp",
    "case_library",
    "cases",
    "catalogue",
    "dashboard",
    "exports",
    "game",
    "helpers",
    "intermunicipal",
    "live",
    "live_bp",
    "moderation",
    "partnerships",
    "plan",
    "privacy",
    "report",
    "settings",
    "solutions",
    "sparring",
]
