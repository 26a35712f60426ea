"""Migration 0011 turns stored quantities into integer hundredths exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import column, insert, select, table, text

from app import create_app
from app.actions.models import LogEntry
from app.db import UTCDateTime, db
from app.gamification.models import ActionTally
from app.tenancy.context import platform_scope
from tests.conftest import USE_POSTGRES

OLD_LEDGER = table(
    "action_logs",
    *(
        column(name)
        for name in (
            "user_id",
            "participant_ref",
            "neighbourhood_id",
            "action_id",
            "quantity",
            "points",
            "co2e_g",
            "occurred_on",
            "idempotency_key",
            "status",
        )
    ),
    column("created_at", UTCDateTime()),
)
OLD_TALLIES = table(
    "action_tallies", *(column(name) for name in ("action_id", "year", "logs", "quantity", "co2e_g"))
)
QUANTITIES = ("2.55", "0.10", "1", "0.01", "59.99")
OLD_AREAS = table("neighbourhoods", column("id"), column("slug"), column("name"), column("population"))
OLD_ACTION = {
    "slug": "cykel-frem-for-bil",
    "name_da": "Cykel",
    "name_en": "Bike",
    "category": "transport",
    "unit_da": "km",
    "unit_en": "km",
    "source_da": "",
    "source_en": "",
    "points_per_unit": 1,
    "max_units_per_day": 100,
    "default_quantity": 5,
    "effort": 1,
    "sort_order": 0,
    "is_active": True,
}
OLD_ACTIONS = table("actions", column("id"), *(column(name) for name in OLD_ACTION))
OLD_USERS = table(
    "users",
    column("id"),
    *(
        column(name)
        for name in (
            "email",
            "password_hash",
            "alias",
            "alias_key",
            "role",
            "neighbourhood_id",
            "show_in_rankings",
            "public_id",
            "session_version",
            "is_suspended",
        )
    ),
    column("created_at", UTCDateTime()),
)


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return str(request.getfixturevalue("postgres").create_database("klimadyst_mig_centi"))
    return "sqlite:///" + str(tmp_path / "migration-centi.sqlite3")


def test_upgrade_converts_quantities_to_hundredths_exactly(empty_database_url: str) -> None:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    # the revision before 0011; rows are written as that schema has them (the current models
    # have columns that come later, e.g. municipality_id), in platform scope (no tenant filter)
    assert runner.invoke(args=["db", "upgrade", "0010_bilingual_texts"]).exit_code == 0
    with app.app_context(), platform_scope():
        db.session.execute(insert(OLD_AREAS).values(slug="herfoelge", name="Herfølge", population=12253))
        area_id = db.session.scalar(select(OLD_AREAS.c.id))
        db.session.execute(insert(OLD_ACTIONS).values(**OLD_ACTION))
        db.session.execute(
            insert(OLD_USERS).values(
                email="gammel@example.dk",
                password_hash="x",
                alias="Gammel",
                alias_key="gammel",
                role="citizen",
                neighbourhood_id=area_id,
                show_in_rankings=True,
                public_id="00000000-0000-0000-0000-000000000001",
                session_version=1,
                is_suspended=False,
                created_at=datetime.now(UTC),
            )
        )
        user_id = db.session.scalar(select(OLD_USERS.c.id))
        action_id = db.session.scalar(select(OLD_ACTIONS.c.id))
        db.session.execute(
            insert(OLD_LEDGER),
            [
                {
                    "user_id": user_id,
                    "participant_ref": "00000000-0000-0000-0000-000000000001",
                    "neighbourhood_id": area_id,
                    "action_id": action_id,
                    "quantity": quantity,
                    "points": 1,
                    "co2e_g": 1,
                    "occurred_on": date(2026, 11, 2),
                    "idempotency_key": f"old-{n:04d}",
                    "status": "counted",
                    "created_at": datetime.now(UTC),
                }
                for n, quantity in enumerate(QUANTITIES)
            ],
        )
        db.session.execute(
            insert(OLD_TALLIES).values(action_id=action_id, year=2026, logs=5, quantity="2695.16", co2e_g=0)
        )
        db.session.commit()
        db.session.remove()
    upgrade = runner.invoke(args=["db", "upgrade", "0011_quantity_hundredths"])
    assert upgrade.exit_code == 0, upgrade.output
    with app.app_context():
        # read as the 0011 schema has them (the models have later columns)
        centis = db.session.scalars(text("SELECT quantity_centi FROM action_logs ORDER BY id")).all()
        assert list(centis) == [255, 10, 100, 1, 5999]
        assert db.session.scalar(text("SELECT quantity_centi FROM action_tallies")) == 269516
        db.session.remove()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        stored = db.session.execute(
            select(LogEntry.idempotency_key, LogEntry.quantity_centi).order_by(LogEntry.id)
        ).all()
        assert [centi for _key, centi in stored] == [255, 10, 100, 1, 5999]
        # 0019 rebuilds the tallies from the counted ledger (this test's old tally had none)
        assert db.session.scalar(select(ActionTally.quantity_centi)) == sum(centis)
        db.session.remove()
        db.engine.dispose()
