"""The team board counts a member's points from the day they joined, from per-day rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action
from app.business.models import Company
from app.business.queries import team_standings
from app.business.services import join_team, leave_team, open_team
from app.clock import Period, local_date, utcnow
from app.db import db
from tests.support.business import VALID_CVRS, make_company

MEAL = "vegetar-maaltid"  # 8 points a meal


def _log(user_id: int, days_back: int, key: str) -> int:
    action = db.session.scalar(select(Action).where(Action.slug == MEAL))
    today = local_date(utcnow())
    return log_action(
        user=db.session.get(User, user_id),
        action=action,
        quantity="1",
        occurred_on=today - timedelta(days=days_back),
        idempotency_key=key,
    ).entry.points


def test_points_from_before_joining_stay_out_of_the_team(app: Flask, make_user: Any) -> None:
    company = make_company(app, make_user, name="Hold ApS", cvr=VALID_CVRS[5])
    member, other = make_user(), make_user()
    with app.app_context():
        team = open_team(
            company=db.session.get(Company, company.id),
            actor=db.session.get(User, company.owner.id),
            name="Holdet",
        )
        _log(member.id, 2, "before-0002")  # backdated, logged before joining
        _log(member.id, 1, "before-0001")
        _log(other.id, 1, "other-before")
        join_team(user=db.session.get(User, member.id), code=team.join_code)
        join_team(user=db.session.get(User, other.id), code=team.join_code)
        after = _log(member.id, 0, "after-0000")
        today = local_date(utcnow())
        board = {s.name: s for s in team_standings(Period.ALL, today)}
        holdet = board["Holdet"]
        # only the log from the joining day on; `other` has none since joining: not active
        assert (holdet.points, holdet.active_members, holdet.members) == (after, 1, 2)
        week = {s.name: s for s in team_standings(Period.WEEK, today)}
        assert week["Holdet"].points == after

        leave_team(user=db.session.get(User, member.id))
        join_team(user=db.session.get(User, member.id), code=team.join_code)  # rejoining today
        board = {s.name: s for s in team_standings(Period.ALL, today)}
        assert board["Holdet"].points == after
        db.session.remove()
