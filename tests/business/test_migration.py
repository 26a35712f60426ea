"""Migration 0003: on an empty database, `db upgrade` creates the business, sparring and outbox
tables exactly as the models describe them (SQLite, and PostgreSQL when asked)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app import create_app
from app.db import db
from tests.conftest import USE_POSTGRES

MINE = {
    "companies",
    "company_members",
    "company_invitations",
    "company_solutions",
    "company_pledges",
    "workplace_teams",
    "team_memberships",
    "sparring_offers",
    "sparring_request_offers",
    "sparring_requests",
    "sparring_state_changes",
    "sparring_comments",
    "outbox_messages",
}


def _url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return str(request.getfixturevalue("postgres").create_database("klimadyst_migration"))
    return "sqlite:///" + str(tmp_path / "migrated.sqlite3")


def test_upgrade_creates_the_business_tables_as_modelled(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": _url(request, tmp_path)})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)

        def touches_mine(diff: object) -> bool:
            text = repr(diff)
            return any(f"'{name}'" in text or f"<{name}>" in text for name in MINE)

        assert [d for d in differences if touches_mine(d)] == []
        tables = set(db.inspect(db.engine).get_table_names())
        assert tables >= MINE
        db.session.remove()
        db.engine.dispose()
