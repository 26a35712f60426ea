"""Retention: delete what has outlived its purpose (`flask privacy purge`, run hourly)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import Delete, delete, or_, select

from app.accounts.models import ApiToken, Role, User
from app.business.models import CompanyInvitation
from app.clock import utcnow
from app.db import db, write_transaction
from app.outbox.models import MailStatus, OutboxMessage
from app.privacy.erasure import erase_subject
from app.privacy.footprint import Subject
from app.settings import setting

log = logging.getLogger("klimadyst.worker")

# Staff and administrators are created by people who know them, not by self-registration.
PURGEABLE_ROLES = (Role.CITIZEN, Role.BUSINESS)


def retention_days() -> dict[str, int]:
    """The periods, by setting name, as the privacy page and README state them."""
    return {
        name: int(setting(name))
        for name in (
            "OUTBOX_RETENTION_DAYS",
            "UNVERIFIED_ACCOUNT_DAYS",
            "INVITATION_RETENTION_DAYS",
            "API_TOKEN_RETENTION_DAYS",
        )
    }


def verification_offered() -> bool:
    """Whether people can verify their e-mail at all (the account-lifecycle feature's table).
    Until they can, no account is erased for not having done it."""
    return "email_verification_tokens" in db.metadata.tables


def _deleted(statement: Delete) -> int:
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)  # a CursorResult for a DELETE


def purge_expired(*, now: datetime) -> dict[str, int]:
    """Delete, as of `now`, and return how many rows went per kind:

    - outbox_messages: a delivered e-mail (address, subject and body) OUTBOX_RETENTION_DAYS
      after it was sent; undelivered mails stay until delivered;
    - unverified_accounts: citizen and business accounts whose e-mail was never verified,
      UNVERIFIED_ACCOUNT_DAYS after they were created, erased like a deletion (only once
      e-mail verification exists: see verification_offered);
    - company_invitations: INVITATION_RETENTION_DAYS after they expired (used or not);
    - api_tokens: API_TOKEN_RETENTION_DAYS after they expired or were revoked.
    One commit.
    """
    days = retention_days()
    with write_transaction():
        outbox = _deleted(
            delete(OutboxMessage).where(
                OutboxMessage.status == MailStatus.SENT,
                OutboxMessage.sent_at < now - timedelta(days=days["OUTBOX_RETENTION_DAYS"]),
            )
        )
        stale = (
            list(
                db.session.scalars(
                    select(User)
                    .where(
                        User.email_verified_at.is_(None),
                        User.role.in_(PURGEABLE_ROLES),
                        User.created_at < now - timedelta(days=days["UNVERIFIED_ACCOUNT_DAYS"]),
                    )
                    .order_by(User.id)
                )
            )
            if verification_offered()
            else []
        )
        for user in stale:
            erase_subject(Subject.of(user))
        invitations = _deleted(
            delete(CompanyInvitation).where(
                CompanyInvitation.expires_at < now - timedelta(days=days["INVITATION_RETENTION_DAYS"])
            )
        )
        token_cutoff = now - timedelta(days=days["API_TOKEN_RETENTION_DAYS"])
        tokens = _deleted(
            delete(ApiToken).where(
                or_(ApiToken.expires_at < token_cutoff, ApiToken.revoked_at < token_cutoff)
            )
        )
    return {
        "outbox_messages": outbox,
        "unverified_accounts": len(stale),
        "company_invitations": invitations,
        "api_tokens": tokens,
    }


def purge_retention() -> None:
    """The worker's hourly job (registered in app/features.py): delivered mails, unverified
    accounts, expired invitations and tokens past their periods."""
    purged = purge_expired(now=utcnow())
    if any(purged.values()):
        log.info("Retention purge: %s.", ", ".join(f"{kind} {n}" for kind, n in purged.items()))
