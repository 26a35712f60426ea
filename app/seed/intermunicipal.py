"""The demo's inter-municipal challenge: a running "cycle and walk" fortnight that Køge and
Solrød joined, credited from the demo logs through the rebuild (the one path that also repairs
a production database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.actions.models import Action
from app.db import db, write_transaction
from app.intermunicipal.credits import rebuild_inter_challenges
from app.intermunicipal.models import InterChallenge, InterChallengeAction, InterChallengeEntry
from app.tenancy.context import PLATFORM_OPTION, platform_scope
from app.tenancy.models import Municipality

SLUG = "faelles-cykeluger"
ACTIONS = ("cykel-frem-for-bil", "gaa-frem-for-bil", "kollektiv-frem-for-bil")


def seed_inter_challenge_demo(*, today: date, municipalities: tuple[str, ...] = ("koege", "solroed")) -> int:
    """Create the challenge once (it started ten days ago, so the demo has a live board; the
    service refuses a start in the past because municipalities must be able to join first).
    Returns the credited logs."""
    with platform_scope(), write_transaction():
        challenge = db.session.scalar(select(InterChallenge).where(InterChallenge.slug == SLUG))
        if challenge is None:
            challenge = InterChallenge(
                slug=SLUG,
                title_da="Fælles cykeluger",
                title_en="Cycling weeks together",
                description_da=(
                    "Fire uger hvor kommunerne dyster om flest grønne ture pr. deltager: cykel, gang og bus."
                ),
                description_en=(
                    "Four weeks in which the municipalities compete on green trips per participant: "
                    "cycling, walking and the bus."
                ),
                starts_on=today - timedelta(days=10),
                ends_on=today + timedelta(days=17),
                metric="points",
                target_value=Decimal(50000),
            )
            db.session.add(challenge)
            db.session.flush()
            actions = db.session.scalars(
                select(Action.id)
                .where(Action.slug.in_(ACTIONS), Action.municipality_id.is_(None))
                .execution_options(**{PLATFORM_OPTION: True})
            )
            for action_id in actions:
                db.session.add(InterChallengeAction(challenge_id=challenge.id, action_id=action_id))
            for municipality_id in db.session.scalars(
                select(Municipality.id).where(Municipality.slug.in_(municipalities))
            ):
                db.session.add(
                    InterChallengeEntry(challenge_id=challenge.id, municipality_id=municipality_id)
                )
            db.session.flush()
        return rebuild_inter_challenges()
