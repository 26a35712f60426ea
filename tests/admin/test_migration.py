"""Migration 0004 fills the per-day aggregates from a ledger that already exists."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import column, insert, select, table, text

from app import create_app
from app.accounts.models import User
from app.actions.models import Action, LogStatus
from app.db import UTCDateTime, db
from app.tenancy.context import platform_scope
from tests.conftest import USE_POSTGRES

# The ledger as it was before migration 0011 (quantity in units, not yet hundredths).
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


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return str(request.getfixturevalue("postgres").create_database("klimadyst_mig_admin"))
    return "sqlite:///" + str(tmp_path / "migration-admin.sqlite3")


def _daily() -> tuple[set[tuple], set[tuple]]:
    from app.leaderboards.models import DailyActionTotal, DailyActivity

    activity = {
        (d.participant_ref, d.neighbourhood_id, d.category, d.day, d.points, d.co2e_g, d.logs)
        for d in db.session.scalars(select(DailyActivity))
    }
    actions = {
        (d.action_id, d.day, d.points, d.co2e_g, d.logs) for d in db.session.scalars(select(DailyActionTotal))
    }
    return activity, actions


def _old_reference_rows() -> None:
    """An area and two actions in the 0003 schema (today's seed writes newer columns)."""
    db.session.execute(
        text(
            "INSERT INTO neighbourhoods (slug, name, includes, population, population_year, source) "
            "VALUES ('herfoelge', 'Herfølge', 'Herfølge', 12253, 2023, 'Danmarks Statistik')"
        )
    )
    for n, slug in enumerate(["cykel-frem-for-bil", "plantebaseret-dag"]):
        db.session.execute(
            text(
                "INSERT INTO actions (slug, name_da, name_en, category, unit_da, unit_en, "
                "co2e_kg_per_unit, source, points_per_unit, max_units_per_day, default_quantity, "
                "effort, sort_order, is_active) VALUES (:slug, :slug, :slug, 'transport', 'km', "
                "'km', 0.141, 'old', 2, 60, 5, 1, :n, :yes)"
            ),
            {"slug": slug, "n": n, "yes": True},
        )


def test_upgrade_backfills_the_daily_aggregates(empty_database_url: str) -> None:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0003_business"]).exit_code == 0
    with app.app_context(), platform_scope():  # before 0015 there is no municipality to scope by
        _old_reference_rows()
        from app.neighbourhoods.models import Neighbourhood

        area_id = db.session.scalar(select(Neighbourhood.id).limit(1))
        db.session.execute(
            insert(User).values(
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
            )
        )
        user_id = db.session.scalar(select(User.id))
        actions = list(db.session.scalars(select(Action.id).order_by(Action.id).limit(2)))
        rows = [
            {
                "user_id": user_id,
                "participant_ref": "00000000-0000-0000-0000-000000000001",
                "neighbourhood_id": area_id,
                "action_id": actions[n % 2],
                "quantity": 1,
                "points": 3 + n,
                "co2e_g": None if n == 2 else 100,
                "occurred_on": date(2026, 11, 2) + timedelta(days=n // 2),
                "idempotency_key": f"old-{n:04d}",
                "status": LogStatus.UNDONE if n == 3 else LogStatus.COUNTED,
            }
            for n in range(5)
        ]
        db.session.execute(insert(OLD_LEDGER), [dict(row, created_at=datetime.now(UTC)) for row in rows])
        db.session.commit()
        db.session.remove()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        migrated = _daily()
        assert sum(row[-1] for row in migrated[0]) == 4  # the undone log is left out
        from app.features import rebuild_derived_rows

        rebuild_derived_rows()
        assert _daily() == migrated
        db.session.remove()
        db.engine.dispose()
