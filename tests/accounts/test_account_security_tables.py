"""Migration 0007 counts existing accounts as verified; the new tables go with a deleted account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from app import create_app
from app.accounts.lifecycle import request_password_reset, send_verification_mail
from app.accounts.models import EmailVerificationToken, PasswordResetToken, User
from app.db import db
from tests.conftest import USE_POSTGRES, Person


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return str(request.getfixturevalue("postgres").create_database("klimadyst_mig_0007"))
    return "sqlite:///" + str(tmp_path / "migration-0007.sqlite3")


def test_upgrade_counts_existing_accounts_as_verified(empty_database_url: str) -> None:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0006_api_tokens"]).exit_code == 0
    created = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO users (email, password_hash, alias, alias_key, role, show_in_rankings, "
                "public_id, session_version, is_suspended, created_at) VALUES ('gammel@example.dk', "
                "'x', 'Gammel', 'gammel', 'staff', false, '00000000-0000-0000-0000-000000000007', 1, "
                "false, :created)"
            ),
            {"created": created.replace(tzinfo=None)},
        )
        db.session.commit()
        db.session.remove()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email_verified_at == user.created_at == created
        db.session.remove()
    assert runner.invoke(args=["db", "downgrade", "0006_api_tokens"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()


def test_deleting_an_account_deletes_its_reset_and_verification_links(app: Flask, citizen: Person) -> None:
    from app.privacy.services import delete_own_account

    with app.test_request_context():
        user = db.session.get(User, citizen.id)
        user.email_verified_at = None
        db.session.commit()
        send_verification_mail(user=user)
        request_password_reset(email=citizen.email)
        request_password_reset(email=citizen.email, now=datetime.now(UTC) - timedelta(hours=2))
        delete_own_account(user=db.session.get(User, citizen.id), password=citizen.password)
        for table in (PasswordResetToken, EmailVerificationToken):
            assert db.session.scalar(select(func.count()).select_from(table)) == 0
        db.session.remove()
