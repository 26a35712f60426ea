"""Retention periods, with an explicit `now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from app.accounts.models import ApiToken, User
from app.business.models import CompanyInvitation
from app.db import db, write_transaction
from app.outbox.models import MailStatus, OutboxMessage
from app.privacy.retention import purge_expired

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def _mail(*, sent_at: datetime | None, to: str = "a@example.dk") -> None:
    db.session.add(
        OutboxMessage(
            kind="test",
            to_address=to,
            subject="s",
            body="b",
            status=MailStatus.SENT if sent_at else MailStatus.PENDING,
            sent_at=sent_at,
            created_at=NOW - 40 * DAY,
        )
    )


def _count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_delivered_mail_goes_after_the_retention_period(app: Flask) -> None:
    with app.app_context():
        with write_transaction():
            _mail(sent_at=NOW - 31 * DAY)
            _mail(sent_at=NOW - 29 * DAY)
            _mail(sent_at=None)  # never delivered: kept until it is
        counts = purge_expired(now=NOW)
        assert counts["outbox_messages"] == 1
        assert _count(OutboxMessage) == 2


def _age_accounts(user_ids: list[int], *, created_days_ago: int, verified: bool) -> None:
    with write_transaction():
        db.session.execute(
            update(User)
            .where(User.id.in_(user_ids))
            .values(
                created_at=NOW - created_days_ago * DAY, email_verified_at=NOW - DAY if verified else None
            )
        )


@pytest.fixture
def verification(monkeypatch: pytest.MonkeyPatch) -> None:
    """E-mail verification exists (the account-lifecycle feature adds it)."""
    monkeypatch.setattr("app.privacy.retention.verification_offered", lambda: True)


def test_no_account_is_erased_while_nobody_can_verify(
    app: Flask, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.privacy.retention.verification_offered", lambda: False)
    old = make_user()
    with app.app_context():
        _age_accounts([old.id], created_days_ago=400, verified=False)
        assert purge_expired(now=NOW)["unverified_accounts"] == 0
        assert db.session.get(User, old.id) is not None


@pytest.mark.usefixtures("verification")
def test_unverified_accounts_are_erased_after_the_period(app: Flask, make_user: Any) -> None:
    old, fresh, verified, admin = (make_user(), make_user(), make_user(), make_user(role="admin"))
    with app.app_context():
        _age_accounts([old.id, admin.id], created_days_ago=31, verified=False)
        _age_accounts([fresh.id], created_days_ago=29, verified=False)
        _age_accounts([verified.id], created_days_ago=400, verified=True)
        assert purge_expired(now=NOW)["unverified_accounts"] == 1
        remaining = set(db.session.scalars(select(User.id)))
        assert remaining == {fresh.id, verified.id, admin.id}


@pytest.mark.usefixtures("verification")
def test_unverified_account_erasure_uses_the_erasure_rules(app: Flask, make_user: Any) -> None:
    from tests.admin.conftest import log

    person = make_user()
    with app.app_context():
        log(person, now=NOW - 40 * DAY, day=(NOW - 40 * DAY).date())
        _age_accounts([person.id], created_days_ago=41, verified=False)
        purge_expired(now=NOW)
        from app.actions.models import LogEntry

        entry = db.session.scalar(select(LogEntry))
        assert entry is not None
        assert entry.user_id is None


def test_old_invitations_and_dead_tokens_go_after_the_grace_period(app: Flask, make_user: Any) -> None:
    from app.accounts.tokens import issue_token
    from tests.support.business import VALID_CVRS, company_values

    owner = make_user(role="business")
    with app.app_context():
        from app.business.services import register_company

        user = db.session.get_one(User, owner.id)
        company = register_company(owner=user, **company_values(cvr=VALID_CVRS[3]))
        with write_transaction():
            for days, token_hash in ((31, "a" * 64), (29, "b" * 64)):
                db.session.add(
                    CompanyInvitation(
                        company_id=company.id,
                        email="x@example.dk",
                        token_hash=token_hash,
                        created_at=NOW - (days + 3) * DAY,
                        expires_at=NOW - days * DAY,
                    )
                )
        expired = issue_token(user=user, name="gammel", now=NOW - 130 * DAY).token.id
        revoked = issue_token(user=user, name="tilbagekaldt", now=NOW - 40 * DAY).token.id
        recent = issue_token(user=user, name="ny", now=NOW - 10 * DAY).token.id
        with write_transaction():
            db.session.execute(
                update(ApiToken).where(ApiToken.id == revoked).values(revoked_at=NOW - 31 * DAY)
            )
        counts = purge_expired(now=NOW)
        assert (counts["company_invitations"], counts["api_tokens"]) == (1, 2)
        assert set(db.session.scalars(select(ApiToken.id))) == {recent}
        assert expired != recent
        assert _count(CompanyInvitation) == 1


def test_purge_command_reports_counts(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "0 outbox messages" in result.output
    assert "0 unverified accounts" in result.output
