"""What the citizen's pages show of their routines: the usual day and the always-do list."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from app.accounts.models import User
from app.actions.queries import always_do_marks, usual_day_items
from app.actions.routines import UsualDayOutcome


def routines_context(
    user: User, *, keys: Mapping[str, str] | None = None, outcome: UsualDayOutcome | None = None
) -> dict[str, Any]:
    """The per-user parts of the home page (never the shared catalogue): the usual day with a
    fresh idempotency key per entry (or the keys the page was rendered with, so a repeated
    tap is credited once), the last outcome, and the always-do marks."""
    items = usual_day_items(user)
    kept = keys or {}
    return {
        "usual_items": items,
        "usual_keys": {item.action.slug: kept.get(item.action.slug) or uuid.uuid4().hex for item in items},
        "usual_outcome": outcome,
        "always_marks": always_do_marks(user),
    }
