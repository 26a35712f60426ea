"""Migration 0019 rebuilds the per-action aggregates per municipality from the counted ledger, and
its downgrade rebuilds the national rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app import create_app
from app.db import db
from tests.conftest import USE_POSTGRES
from tests.tenancy.test_migration import _value

BEFORE = "0015_municipalities"


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return str(request.getfixturevalue("postgres").create_database("klimadyst_mig_0019"))
    return "sqlite:///" + str(tmp_path / "migration-0019.sqlite3")


def _insert(
    connection: sa.Connection, tables: dict[str, sa.Table], table_name: str, n: int, **given: Any
) -> Any:
    """A row the 0015 schema accepts: `given` columns as told, the others a plain value."""
    table = tables[table_name]
    values = {
        c.name: given[c.name] if c.name in given else _value(c, {}, n)
        for c in table.columns
        if c.name in given or (not (c.primary_key and isinstance(c.type, sa.Integer)) and not c.nullable)
    }
    return connection.execute(table.insert().values(**values)).inserted_primary_key[0]


def _ledger_in_two_municipalities(connection: sa.Connection) -> dict[str, int]:
    metadata = sa.MetaData()
    metadata.reflect(connection)
    t = metadata.tables
    koege = connection.execute(sa.text("SELECT id FROM municipalities")).scalar_one()
    solroed = _insert(
        connection, t, "municipalities", 1, slug="solroed", name="Solrød Kommune", host_name=None
    )
    action = _insert(connection, t, "actions", 2, municipality_id=None)
    n = 10
    for municipality, logs in ((koege, 2), (solroed, 1)):
        area = _insert(connection, t, "neighbourhoods", n, municipality_id=municipality)
        user = _insert(connection, t, "users", n + 1, municipality_id=municipality, neighbourhood_id=area)
        for k in range(logs + 1):  # one more, undone: it counts nowhere
            n += 2
            _insert(
                connection,
                t,
                "action_logs",
                n,
                municipality_id=municipality,
                user_id=user,
                neighbourhood_id=area,
                action_id=action,
                points=5,
                co2e_g=100,
                quantity_centi=200,
                occurred_on=date(2026, 11, 2),
                status="counted" if k < logs else "undone",
            )
    # What the national rows said before: both municipalities in one row.
    connection.execute(
        t["daily_action_totals"]
        .insert()
        .values(action_id=action, day=date(2026, 11, 2), points=15, co2e_g=300, logs=3)
    )
    return {"koege": koege, "solroed": solroed, "action": action}


def test_the_aggregates_are_split_by_municipality_and_put_back_together(empty_database_url: str) -> None:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", BEFORE]).exit_code == 0
    with app.app_context():
        with db.engine.begin() as connection:
            ids = _ledger_in_two_municipalities(connection)
        upgrade = runner.invoke(args=["db", "upgrade"])
        assert upgrade.exit_code == 0, upgrade.output
        assert runner.invoke(args=["db", "check"]).exit_code == 0
        with db.engine.connect() as connection:
            daily = connection.execute(
                sa.text("SELECT municipality_id, action_id, points, co2e_g, logs FROM daily_action_totals")
            ).all()
            assert sorted(daily) == sorted(
                [(ids["koege"], ids["action"], 10, 200, 2), (ids["solroed"], ids["action"], 5, 100, 1)]
            )
            yearly = connection.execute(
                sa.text("SELECT municipality_id, year, logs, quantity_centi, co2e_g FROM action_tallies")
            ).all()
            assert sorted(yearly) == sorted(
                [(ids["koege"], 2026, 2, 400, 200), (ids["solroed"], 2026, 1, 200, 100)]
            )
        downgrade = runner.invoke(args=["db", "downgrade", BEFORE])
        assert downgrade.exit_code == 0, downgrade.output
        with db.engine.connect() as connection:
            national = connection.execute(
                sa.text("SELECT action_id, points, logs FROM daily_action_totals")
            ).all()
            assert national == [(ids["action"], 15, 3)]
            tallies = connection.execute(sa.text("SELECT action_id, year, logs FROM action_tallies")).all()
            assert tallies == [(ids["action"], 2026, 3)]
        db.engine.dispose()
