"""Reads of accounts (the data export lives in app.privacy.queries)."""

from __future__ import annotations

from app.accounts.models import User
from app.db import db


def user_by_login_id(login_id: str) -> User | None:
    """Resolve Flask-Login's '<id>.<session_version>'; an old version or a suspended account
    no longer logs in."""
    user_id, _, version = login_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or user.is_suspended:
        return None
    return user
