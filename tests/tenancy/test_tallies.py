"""The per-action aggregates (daily action totals, yearly tallies) are kept per municipality: the
catalogue is national, so a log in Solrød must not move Køge's "top actions"."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.db import db
from tests.tenancy.conftest import Town

pytestmark = pytest.mark.usefixtures("frozen_day")

BIKE = "cykel-frem-for-bil"
WALK = "gaa-frem-for-bil"


def _log(town: Town, slug: str, quantity: str, key: str) -> None:
    from app.accounts.models import User
    from app.actions.models import Action
    from app.actions.services import log_action
    from app.tenancy.context import in_municipality

    with in_municipality(town.municipality_id):
        action = db.session.scalar(select(Action).where(Action.slug == slug))
        log_action(
            user=db.session.get(User, town.citizen.id), action=action, quantity=quantity, idempotency_key=key
        )


def _top_actions(town: Town) -> dict[str, Any]:
    """What Køge's (or Solrød's) vision page, admin dashboard and admin catalogue count."""
    from app.admin.queries.catalogue import actions_for_admin
    from app.admin.queries.dashboard import BoardFilter, top_actions
    from app.clock import today_in
    from app.tenancy.context import in_municipality
    from app.vision import queries as vision

    today = today_in()
    with in_municipality(town.municipality_id):
        return {
            "vision": [(c.action.slug, c.logs) for c in vision.top_actions(today.year)],
            "dashboard": [(t.action.slug, t.logs, t.points) for t in top_actions(BoardFilter("all"), today)],
            "catalogue": {row.action.slug: row.logs for row in actions_for_admin() if row.logs},
        }


def _rows() -> set[tuple[Any, ...]]:
    from app.gamification.models import ActionTally
    from app.leaderboards.models import DailyActionTotal
    from app.tenancy.context import platform_scope

    with platform_scope():
        daily = {
            ("day", d.municipality_id, d.action_id, d.day, d.points, d.co2e_g, d.logs)
            for d in db.session.scalars(select(DailyActionTotal))
        }
        yearly = {
            ("year", t.municipality_id, t.action_id, t.year, t.logs, t.quantity_centi, t.co2e_g)
            for t in db.session.scalars(select(ActionTally))
        }
    return daily | yearly


def test_a_log_in_solroed_does_not_change_koeges_top_actions(app: Flask, towns: tuple[Town, Town]) -> None:
    koege, solroed = towns
    with app.app_context():
        _log(koege, WALK, "2", "tally-koege-0001")
        before = _top_actions(koege)
        assert before["vision"] == [(WALK, 1)]
        _log(solroed, BIKE, "10", "tally-solroed-0001")
        _log(solroed, WALK, "1", "tally-solroed-0002")
        assert _top_actions(koege) == before
        solroeds = _top_actions(solroed)
        assert dict(solroeds["vision"]) == {BIKE: 1, WALK: 1}
        assert solroeds["catalogue"] == {BIKE: 1, WALK: 1}
        db.session.remove()


def test_the_rebuild_gives_the_same_rows_per_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.features import rebuild_derived_rows

    koege, solroed = towns
    with app.app_context():
        _log(koege, BIKE, "3", "tally-koege-0002")
        _log(solroed, BIKE, "4", "tally-solroed-0003")
        incremental = _rows()
        assert {row[1] for row in incremental} == {koege.municipality_id, solroed.municipality_id}
        rebuild_derived_rows()
        db.session.expire_all()
        assert _rows() == incremental
        db.session.remove()


def test_an_undo_takes_back_only_its_own_municipalitys_rows(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.accounts.models import User
    from app.actions.models import LogEntry
    from app.actions.services import undo_log
    from app.tenancy.context import in_municipality

    koege, solroed = towns
    with app.app_context():
        _log(koege, BIKE, "3", "tally-koege-0003")
        _log(solroed, BIKE, "4", "tally-solroed-0004")
        koeges = _top_actions(koege)
        with in_municipality(solroed.municipality_id):
            log_id = db.session.scalar(select(LogEntry.id))
            undo_log(user=db.session.get(User, solroed.citizen.id), log_id=log_id)
        assert _top_actions(koege) == koeges
        assert _top_actions(solroed)["vision"] == []
        db.session.remove()
