"""Reads of accounts and their API tokens (the data export lives in app.privacy.queries)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.accounts.models import ApiToken, User
from app.db import db
from app.digest import secret_digest


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


def live_token(secret: str, now: datetime) -> ApiToken | None:
    """The token for this secret when it is live (not revoked, not expired, same password) and
    its user belongs to the current municipality: the inner join to users carries the tenant
    criteria, so another municipality's token is unknown here."""
    token = db.session.scalar(
        select(ApiToken).join(ApiToken.user).where(ApiToken.token_hash == secret_digest(secret))
    )
    if token is None or not token.is_live(now):
        return None
    return token


def tokens_of(user: User, now: datetime) -> list[ApiToken]:
    """The user's live tokens, newest first."""
    return [
        token
        for token in db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
        if token.is_live(now)
    ]
