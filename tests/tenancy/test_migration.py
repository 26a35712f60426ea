"""Migration 0015 moves every existing row into Køge and loses none (SQLite rebuilds tables)."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app import create_app
from app.db import db
from tests.conftest import USE_POSTGRES

MIGRATION = importlib.import_module("migrations.versions.0015_municipalities")
# Rebuilt from the counted ledger by 0019 (per municipality), in both directions: the one row
# this test writes there has no counted log behind it (tests/tenancy/test_tally_migration.py).
DERIVED_FROM_LEDGER = {"daily_action_totals", "action_tallies"}


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return str(request.getfixturevalue("postgres").create_database("klimadyst_mig_0015"))
    return "sqlite:///" + str(tmp_path / "migration-0015.sqlite3")


def _value(column: sa.Column[Any], inserted: dict[str, Any], n: int) -> Any:
    """A value the 0014 schema accepts: foreign keys point at the row inserted before, numbers
    are 1 (every CHECK in the schema wants > 0 or >= 0), text is unique per table."""
    for fk in column.foreign_keys:
        return inserted[fk.column.table.name]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    if isinstance(kind, sa.Time):
        return time(7, 0)
    if isinstance(kind, sa.Date):
        return date(2026, 11, 2)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Integer | sa.Float):
        return Decimal(1)
    if isinstance(kind, sa.Integer | sa.Float):
        return 1
    if isinstance(kind, sa.JSON):
        return {}
    return f"{column.name[:3]}{n}"


def _generated_id(table: sa.Table, column: sa.Column[Any]) -> bool:
    return (
        column.primary_key
        and not column.foreign_keys
        and isinstance(column.type, sa.Integer)
        and len(table.primary_key.columns) == 1
        and table.name != "vision_targets"  # keyed by year, not a generated id
    )


def _fill_every_table(connection: sa.Connection) -> dict[str, int]:
    """One row in every table of the 0014 schema, parents first; returns the row counts."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    inserted: dict[str, Any] = {}
    for n, table in enumerate(metadata.sorted_tables):
        if table.name == "alembic_version":
            continue
        values = {c.name: _value(c, inserted, n) for c in table.columns if not _generated_id(table, c)}
        result = connection.execute(table.insert().values(**values))
        key = result.inserted_primary_key
        inserted[table.name] = key[0] if key and len(key) == 1 else values.get("id", 1)
    connection.execute(sa.text("UPDATE sparring_offers SET scope = 'local'"))
    return _counts(connection)


def _counts(connection: sa.Connection) -> dict[str, int]:
    metadata = sa.MetaData()
    metadata.reflect(connection)
    return {
        t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        for t in metadata.sorted_tables
        if t.name not in {"alembic_version", "municipalities"}
    }


def _kept(counts: dict[str, int]) -> dict[str, int]:
    return {name: n for name, n in counts.items() if name not in DERIVED_FROM_LEDGER}


def test_upgrade_puts_every_row_into_koege_and_loses_none(empty_database_url: str) -> None:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0014_user_language"]).exit_code == 0
    with app.app_context():
        with db.engine.begin() as connection:
            before = _fill_every_table(connection)
        assert all(before.values()), before
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    assert runner.invoke(args=["db", "check"]).exit_code == 0
    with app.app_context(), db.engine.connect() as connection:
        koege = connection.execute(sa.text("SELECT id, name, inhabitants FROM municipalities")).all()
        assert [(name, inhabitants) for _id, name, inhabitants in koege] == [("Køge Kommune", 63335)]
        koege_id = koege[0][0]
        after = _counts(connection)  # later revisions add tables of their own: compare the old ones
        # nothing cascaded away in rebuilds (0019 rebuilds the derived rows from the ledger)
        assert {name: after[name] for name in _kept(before)} == _kept(before)
        for table in MIGRATION.TENANT_TABLES:
            owned = sa.table(table, sa.column("municipality_id"))
            owners = connection.execute(sa.select(owned.c.municipality_id).distinct()).scalars().all()
            assert owners == [koege_id], table
        assert connection.execute(sa.text("SELECT municipality_id FROM actions")).scalars().all() == [None]
        assert connection.execute(sa.text("SELECT municipality_id FROM sparring_offers")).scalars().all() == [
            koege_id
        ]
    downgrade = runner.invoke(args=["db", "downgrade", "0014_user_language"])
    assert downgrade.exit_code == 0, downgrade.output
    with app.app_context():
        with db.engine.connect() as connection:
            assert _kept(_counts(connection)) == _kept(before)
        db.engine.dispose()
