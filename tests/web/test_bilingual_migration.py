"""Migration 0010: old English catalogue texts become the _en texts, Danish comes from the seed
data where the slug matches, and old flags keep their stored text under the 'legacy' code."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from app import create_app
from app.db import db
from tests.conftest import USE_POSTGRES


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return str(request.getfixturevalue("postgres").create_database("klimadyst_mig_0010"))
    return "sqlite:///" + str(tmp_path / "migration-0010.sqlite3")


def _old_rows() -> None:
    db.session.execute(
        text(
            "INSERT INTO neighbourhoods (slug, name, includes, population, population_year, source) "
            "VALUES ('herfoelge', 'Herfølge', 'Herfølge, Tinggården', 12253, 2023, "
            "'Herfølge parish 12,253'), ('nyt-omraade', 'Nyt område', 'New town', 900, NULL, "
            "'Own count')"
        )
    )
    for slug, source in [
        ("cykel-frem-for-bil", "[derived] fuel car, mixed driving"),
        ("egen-handling", "An admin's own English note"),
    ]:
        db.session.execute(
            text(
                "INSERT INTO actions (slug, name_da, name_en, category, unit_da, unit_en, "
                "co2e_kg_per_unit, source, points_per_unit, max_units_per_day, default_quantity, "
                "effort, sort_order, is_active) VALUES (:slug, :slug, :slug, 'transport', 'km', "
                "'km', 0.141, :source, 2, 60, 5, 1, 0, :yes)"
            ),
            {"slug": slug, "source": source, "yes": True},
        )
    area = db.session.scalar(text("SELECT id FROM neighbourhoods WHERE slug = 'herfoelge'"))
    db.session.execute(
        text(
            "INSERT INTO users (email, password_hash, alias, alias_key, role, neighbourhood_id, "
            "show_in_rankings, public_id, session_version, is_suspended, created_at) VALUES "
            "('gammel@example.dk', 'x', 'Gammel', 'gammel', 'citizen', :area, :yes, "
            "'00000000-0000-0000-0000-000000000009', 1, :no, '2026-11-01 10:00:00')"
        ),
        {"area": area, "yes": True, "no": False},
    )
    user = db.session.scalar(text("SELECT id FROM users"))
    db.session.execute(
        text(
            "INSERT INTO flags (user_id, kind, day, details, created_at, status) VALUES "
            "(:user, 'burst', '2026-11-20', '30 logs within 15 minutes', '2026-11-20 10:00:00', "
            "'open')"
        ),
        {"user": user},
    )
    db.session.commit()


def test_0010_keeps_old_texts_and_adds_danish(empty_database_url: str) -> None:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0006_api_tokens"]).exit_code == 0
    with app.app_context():
        _old_rows()
        db.session.remove()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from app.actions.models import Action
        from app.gamification.models import Flag
        from app.moderation.flagtext import flag_text
        from app.neighbourhoods.models import Neighbourhood

        cycling = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
        assert cycling.source_en == "[derived] fuel car, mixed driving"
        assert cycling.source_da.startswith("[afledt] benzin- eller dieselbil")
        own = db.session.scalar(select(Action).where(Action.slug == "egen-handling"))
        assert own.source_en == own.source_da == "An admin's own English note"  # nothing lost
        area = db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == "herfoelge"))
        assert area.source_en == "Herfølge parish 12,253"
        assert area.source_da.startswith("Herfølge sogn 12.253")
        assert area.includes_da == area.includes_en == "Herfølge, Tinggården"
        new = db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == "nyt-omraade"))
        assert (new.includes_da, new.source_da) == ("New town", "Own count")
        flag = db.session.scalar(select(Flag))
        assert (flag.code, flag.params) == ("legacy", None)
        with app.test_request_context():
            assert flag_text(flag.code, flag.params, flag.details) == "30 logs within 15 minutes"
        db.session.remove()
    assert runner.invoke(args=["db", "downgrade", "0006_api_tokens"]).exit_code == 0
    with app.app_context():
        assert (
            db.session.scalar(text("SELECT source FROM actions WHERE slug = 'egen-handling'"))
            == "An admin's own English note"
        )
        db.session.remove()
        db.engine.dispose()
