"""CLI commands through Flask's runner: seed-demo, create-admin, scores rebuild."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.actions.models import Action, LogEntry
from app.db import db
from app.leaderboards.models import NeighbourhoodScore, UserScore
from app.neighbourhoods.models import Neighbourhood


def _counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            model.__tablename__: int(db.session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Neighbourhood, Action, User, LogEntry, UserScore, NeighbourhoodScore)
        }


def test_seed_demo_creates_a_living_demo_and_is_idempotent(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "admin@demo.klimadyst.dk" in first.output
    counts = _counts(app)
    assert counts["neighbourhoods"] == 10
    assert counts["actions"] == 14
    assert 190 <= counts["users"] <= 215
    assert counts["action_logs"] > 2000
    with app.app_context():
        active_areas = db.session.scalar(
            select(func.count())
            .select_from(NeighbourhoodScore)
            .join(Neighbourhood, Neighbourhood.id == NeighbourhoodScore.neighbourhood_id)  # Køge's (scoped)
            .where(NeighbourhoodScore.period == "all", NeighbourhoodScore.participants >= 3)
        )
        assert active_areas == 10
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert _counts(app) == counts


def test_the_demo_runs_a_second_municipality_beside_koege(app: Flask) -> None:
    from app.seed.neighbour import SOLROED
    from app.tenancy.context import in_municipality
    from app.tenancy.services import municipality_by_slug

    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Køge Kommune, http://koege.localhost:5000/" in result.output
    solroed_logins = f"Solrød Kommune, http://solroed.localhost:5000/:\n  admin    {SOLROED.admin_email} / "
    assert solroed_logins in result.output
    with app.app_context():
        solroed = municipality_by_slug("solroed")
        assert solroed is not None
        with in_municipality(solroed):
            counts = _counts(app)
        assert counts["neighbourhoods"] == 5
        assert 75 <= counts["users"] <= 90
        assert counts["action_logs"] > 500
    board = app.test_client().get("/resultater", base_url="http://solroed.localhost")
    assert 'data-area="havdrup"' in board.text
    login = {"email": SOLROED.admin_email, "password": SOLROED.admin_password}
    assert (
        app.test_client().post("/log-ind", data=login, base_url="http://solroed.localhost").status_code == 303
    )
    refused = app.test_client().post("/log-ind", data=login, base_url="http://koege.localhost")
    assert refused.status_code == 422  # Solrød's admin is no account in Køge


def test_create_admin(app: Flask, reference_data: None) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "--email", "Chef@Koege.dk", "--password", "Klimaplan-for-alle-2030"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "chef@koege.dk"))
        assert user.role == Role.ADMIN
    again = runner.invoke(
        args=["create-admin", "--email", "chef@koege.dk", "--password", "Klimaplan-for-alle-2030"]
    )
    assert again.exit_code == 0
    assert "already exists" in again.output


def test_create_admin_refuses_a_weak_password(app: Flask, reference_data: None) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "a@koege.dk", "--password", "kort"]
    )
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_scores_rebuild_restores_deleted_rows(app: Flask) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    before = _counts(app)
    with app.app_context():
        db.session.execute(UserScore.__table__.delete())
        db.session.commit()
    result = runner.invoke(args=["scores", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Rebuilt scores" in result.output
    assert _counts(app) == before
