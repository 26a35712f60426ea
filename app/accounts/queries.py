"""Reads of accounts and their API tokens (the data export lives in app.privacy.queries)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select

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


_USERS = User.__table__
_ACCOUNT_STATE = select(
    _USERS.c.session_version, _USERS.c.is_suspended, _USERS.c.role, _USERS.c.municipality_id
).where(_USERS.c.id == bindparam("user_id"))


def account_state(login_id: str) -> tuple[int, str, int] | None:
    """What a kept personal page must find unchanged before it is served (app/web/personal_cache.py):
    the account's session version (as in `login_id`), role and municipality; None when the
    account is gone, suspended or signed out under that version. One primary-key SELECT on its
    own connection, outside the ORM session (the page is served before Flask builds a request)."""
    user_id, _, version = login_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    with db.engine.connect() as connection:
        row = connection.execute(_ACCOUNT_STATE, {"user_id": int(user_id)}).first()
    if row is None or row.session_version != int(version) or row.is_suspended:
        return None
    return (row.session_version, str(row.role), int(row.municipality_id))


_TOKEN_BY_HASH = select(ApiToken).join(ApiToken.user).where(ApiToken.token_hash == bindparam("token_hash"))


def live_token(secret: str, now: datetime) -> ApiToken | None:
    """The token for this secret when it is live (not revoked, not expired, same password) and
    its user belongs to the current municipality: the inner join to users carries the tenant
    criteria, so another municipality's token is unknown here."""
    token = db.session.scalar(_TOKEN_BY_HASH, {"token_hash": secret_digest(secret)})
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
