"""Setting up an inter-municipal challenge (the platform) and taking part in one (a municipality)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.actions.models import Action
from app.audit.services import record_audit
from app.db import db, write_transaction
from app.errors import ValidationError
from app.intermunicipal.models import InterChallenge, InterChallengeAction, InterChallengeEntry
from app.tenancy.context import PLATFORM_OPTION, current_municipality_id, platform_scope

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
METRICS = ("points", "co2e")


@dataclass(frozen=True)
class InterChallengeInput:
    slug: str
    title_da: str
    title_en: str
    starts_on: date
    ends_on: date
    metric: str
    target_value: Decimal
    action_slugs: tuple[str, ...]
    description_da: str = ""
    description_en: str = ""


def create_inter_challenge(data: InterChallengeInput, *, today: date) -> InterChallenge:
    """A new challenge over national actions only (every municipality has them), starting today
    or later, so every municipality can opt in before its first day."""
    if not SLUG.match(data.slug):
        raise ValidationError(_l("Use lower-case letters, digits and hyphens."), field="slug")
    if not data.title_da.strip() or not data.title_en.strip():
        raise ValidationError(_l("Give the challenge a title in Danish and English."), field="title_da")
    if data.ends_on < data.starts_on:
        raise ValidationError(_l("The challenge must end on or after its first day."), field="ends_on")
    if data.starts_on < today:
        raise ValidationError(_l("The challenge cannot start in the past."), field="starts_on")
    if data.metric not in METRICS:
        raise ValidationError(_l("Choose points or kg CO2e."), field="metric")
    if data.target_value <= 0:
        raise ValidationError(_l("The target must be above zero."), field="target_value")
    with platform_scope(), write_transaction():
        if db.session.scalar(select(InterChallenge.id).where(InterChallenge.slug == data.slug)) is not None:
            raise ValidationError(_l("Another challenge already has this address."), field="slug")
        actions = db.session.scalars(
            select(Action)
            .where(Action.slug.in_(data.action_slugs), Action.municipality_id.is_(None))
            .execution_options(**{PLATFORM_OPTION: True})
        ).all()
        if not actions or len(actions) != len(set(data.action_slugs)):
            raise ValidationError(
                _l("Choose one or more actions of the national catalogue."), field="actions"
            )
        challenge = InterChallenge(
            slug=data.slug,
            title_da=data.title_da.strip(),
            title_en=data.title_en.strip(),
            description_da=data.description_da.strip(),
            description_en=data.description_en.strip(),
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            metric=data.metric,
            target_value=data.target_value,
        )
        db.session.add(challenge)
        db.session.flush()
        for action in actions:
            db.session.add(InterChallengeAction(challenge_id=challenge.id, action_id=action.id))
    return challenge


def _open_for_change(challenge_id: int, today: date) -> InterChallenge:
    challenge = db.session.get(InterChallenge, challenge_id)
    if challenge is None:
        raise ValidationError(_l("This challenge does not exist."))
    if challenge.starts_on <= today:
        raise ValidationError(_l("Municipalities join or leave before the challenge's first day."))
    return challenge


def _own_municipality() -> int:
    municipality_id = current_municipality_id()
    if not municipality_id:
        raise ValidationError(_l("Join from your municipality's own address."))
    return municipality_id


def opt_in(*, admin: User, challenge_id: int, today: date) -> InterChallengeEntry:
    """The admin's municipality takes part (idempotent: joining twice is one entry)."""
    require_admin(admin)
    municipality_id = _own_municipality()
    with write_transaction():
        challenge = _open_for_change(challenge_id, today)
        entry = db.session.scalar(
            select(InterChallengeEntry).where(
                InterChallengeEntry.challenge_id == challenge.id,
                InterChallengeEntry.municipality_id == municipality_id,
            )
        )
        if entry is not None:
            return entry
        entry = InterChallengeEntry(challenge_id=challenge.id, municipality_id=municipality_id)
        db.session.add(entry)
        db.session.flush()
        record_audit(
            actor=admin,
            verb="opt_in",
            object_type="inter_challenge",
            object_id=challenge.id,
            object_label=challenge.title_da,
        )
    return entry


def opt_out(*, admin: User, challenge_id: int, today: date) -> None:
    require_admin(admin)
    municipality_id = _own_municipality()
    with write_transaction():
        challenge = _open_for_change(challenge_id, today)
        entry = db.session.scalar(
            select(InterChallengeEntry).where(
                InterChallengeEntry.challenge_id == challenge.id,
                InterChallengeEntry.municipality_id == municipality_id,
            )
        )
        if entry is not None:
            db.session.delete(entry)
            record_audit(
                actor=admin,
                verb="opt_out",
                object_type="inter_challenge",
                object_id=challenge.id,
                object_label=challenge.title_da,
            )
