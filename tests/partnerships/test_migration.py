"""Migration 0024: the partnership tables come with an upgrade and go with a downgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from app import create_app
from tests.conftest import USE_POSTGRES

TABLES = {"partnerships", "partnership_partners", "partnership_kpis", "kpi_check_ins"}


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return str(request.getfixturevalue("postgres").create_database("klimadyst_partnerships_migration"))
    return "sqlite:///" + str(tmp_path / "partnerships.sqlite3")


def test_upgrade_downgrade_upgrade(empty_database_url: str) -> None:
    from app.db import db

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()

    def tables() -> set[str]:
        with app.app_context():
            names = set(inspect(db.engine).get_table_names())
            db.engine.dispose()
        return names

    assert runner.invoke(args=["db", "upgrade", "0024_partnerships"]).exit_code == 0
    assert tables() >= TABLES
    downgrade = runner.invoke(args=["db", "downgrade", "0025_platform_admins"])
    assert downgrade.exit_code == 0, downgrade.output
    assert not tables() & TABLES
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert tables() >= TABLES
