"""Use cases for the JSON API's bearer tokens: issue, revoke, note use (accounts own credentials)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.models import ApiToken, User
from app.clock import utcnow
from app.db import db, write_transaction
from app.digest import secret_digest
from app.errors import NotFound, PermissionDenied, ValidationError
from app.settings import setting

TOKEN_PREFIX = "kd_"  # noqa: S105 - a readable prefix, so leaked tokens are easy to scan for
LAST_USED_RESOLUTION = timedelta(minutes=15)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, to the caller; only its digest is stored


def issue_token(*, user: User, name: str, now: datetime | None = None) -> IssuedToken:
    """A new bearer token for `user`, valid for API_TOKEN_DAYS days.

    Only the SHA-256 digest is stored. A person keeps at most API_TOKENS_PER_USER live tokens:
    the oldest are revoked to make room, so a leaked script cannot pile up tokens for ever.
    Suspended accounts get no token.
    """
    if user.is_suspended:
        raise PermissionDenied(_l("Your account is suspended."))
    name = " ".join((name or "").split())
    if len(name) > 80:
        raise ValidationError(_l("Give the device a name of at most 80 characters."), field="name")
    now = now or utcnow()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write_transaction():
        live = list(
            db.session.scalars(
                select(ApiToken)
                .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)
                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
            )
        )
        for old in live[int(setting("API_TOKENS_PER_USER")) - 1 :]:
            old.revoked_at = now
        token = ApiToken(
            user_id=user.id,
            token_hash=secret_digest(secret),
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            name=name or str(_l("Phone app")),
            session_version=user.session_version,
            created_at=now,
            expires_at=now + timedelta(days=int(setting("API_TOKEN_DAYS"))),
        )
        db.session.add(token)
    return IssuedToken(token=token, secret=secret)


def revoke_token(*, user: User, token_id: int, now: datetime | None = None) -> ApiToken:
    """Revoke one of the user's own tokens (revoking twice is harmless).

    Someone else's token is reported as not found, so token ids reveal nothing.
    """
    with write_transaction():
        token = db.session.get(ApiToken, token_id)
        if token is None or token.user_id != user.id:
            raise NotFound(_l("There is no such token."))
        if token.revoked_at is None:
            token.revoked_at = now or utcnow()
    return token


def note_token_use(*, token: ApiToken, now: datetime | None = None) -> None:
    """Stamp last_used_at, at most every 15 minutes so reads do not turn into writes."""
    now = now or utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    with write_transaction():
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.id == token.id)
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
    set_committed_value(token, "last_used_at", now)  # known to the ORM as stored, not as a change
