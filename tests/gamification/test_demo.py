"""The game's demo seed: goals, this year's target, a running and a finished challenge; rerunnable."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.actions.models import Action, LogEntry
from app.actions.services import log_action
from app.challenges.models import Challenge, ChallengeParticipant
from app.challenges.rules import ChallengeState, state_on
from app.clock import local_date, utcnow
from app.db import db
from app.gamification.models import FeedEvent, UserBadge
from app.seed.game import seed_game_demo
from app.vision.models import ClimateGoal
from app.vision.queries import target_for


def _count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_game_demo_seed_is_complete_and_idempotent(app: Flask, make_user: Any) -> None:
    admin = make_user(role="admin")
    people = [make_user(neighbourhood=area) for area in ("borup", "ejby", "borup")]
    with app.app_context():
        now = utcnow()
        today = local_date(now)
        bike = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
        for n, person in enumerate(people):
            log_action(
                user=db.session.get(User, person.id),
                action=bike,
                quantity=Decimal(5),
                occurred_on=today - timedelta(days=1),
                idempotency_key=f"demo-t-{n:04d}",
                now=now,
            )
        db.session.execute(FeedEvent.__table__.delete())  # as after a bulk-inserted demo
        db.session.execute(UserBadge.__table__.delete())
        db.session.commit()

        report = seed_game_demo(admin_email=admin.email, today=today)
        assert (report.goals, report.challenges) == (2, 2)
        states = {
            c.slug: state_on(starts_on=c.starts_on, ends_on=c.ends_on, today=today)
            for c in db.session.scalars(select(Challenge))
        }
        assert states == {"cykeluge": ChallengeState.RUNNING, "plantebaseret-uge": ChallengeState.FINISHED}
        assert target_for(today.year) is not None
        assert _count(ClimateGoal) == 2
        assert report.badges == 3
        assert report.feed_events >= 3
        counts = [_count(m) for m in (Challenge, ChallengeParticipant, UserBadge, FeedEvent, LogEntry)]

        again = seed_game_demo(admin_email=admin.email, today=today)
        assert (again.goals, again.challenges, again.participants, again.badges, again.feed_events) == (
            0,
            0,
            0,
            0,
            0,
        )
        assert [
            _count(m) for m in (Challenge, ChallengeParticipant, UserBadge, FeedEvent, LogEntry)
        ] == counts
