"""Migrations: `flask db upgrade` on an empty database, then `flask db check` finds no drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from tests.conftest import USE_POSTGRES


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return str(request.getfixturevalue("postgres").create_database("klimadyst_migrations"))
    return "sqlite:///" + str(tmp_path / "migrations.sqlite3")


def test_upgrade_on_empty_database_then_check(empty_database_url: str) -> None:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output
    seed = runner.invoke(args=["seed"])
    assert seed.exit_code == 0, seed.output
    from app.db import db

    with app.app_context():
        db.engine.dispose()
