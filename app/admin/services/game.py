"""Audited admin writes through the game package's services: challenges, the shared-vision
target and moderation flags. The game service joins this transaction, so the change and its
audit entry commit together."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit, snapshot
from app.challenges.models import Challenge
from app.challenges.services import ChallengeInput, create_challenge, update_challenge
from app.db import db, write_transaction
from app.vision.models import VisionTarget
from app.vision.services import set_vision_target

CHALLENGE_FIELDS = ("slug", "title_da", "title_en", "description_da", "description_en",
                    "starts_on", "ends_on", "reward_kind", "reward_value", "target_metric",
                    "target_value")


def _challenge_state(challenge: Challenge) -> dict[str, Any]:
    state = snapshot(challenge, CHALLENGE_FIELDS)
    state["actions"] = sorted(a.slug for a in challenge.actions)
    return state


def save_challenge(*, admin: User, data: ChallengeInput, challenge_id: int | None = None,
                   now: datetime | None = None) -> Challenge:
    """Create (no id) or edit a challenge by the game package's rules (see create_challenge and
    update_challenge: a finished challenge cannot change), audited with before and after."""
    require_admin(admin)
    with write_transaction():
        if challenge_id is None:
            challenge = create_challenge(actor=admin, data=data)
            before = None
        else:
            existing = db.session.get(Challenge, challenge_id)
            before = _challenge_state(existing) if existing is not None else None
            challenge = update_challenge(actor=admin, challenge_id=challenge_id, data=data,
                                         now=now)
        after = _challenge_state(challenge)
        if before != after:
            changed = before and {k: v for k, v in before.items() if after.get(k) != v}
            record_audit(actor=admin, verb="create" if before is None else "update",
                         object_type="challenge", object_id=challenge.id,
                         object_label=challenge.title_da, before=changed or None,
                         after={k: v for k, v in after.items()
                                if before is None or before.get(k) != v}, now=now)
    return challenge


def set_target(*, admin: User, year: int, target_co2e_kg: int,
               now: datetime | None = None) -> VisionTarget:
    """Set the year's shared CO2e target (the vision service's rules), audited."""
    require_admin(admin)
    with write_transaction():
        old = db.session.get(VisionTarget, year)
        before = {"target_co2e_kg": old.target_co2e_kg} if old is not None else None
        target = set_vision_target(actor=admin, year=year, target_co2e_kg=target_co2e_kg, now=now)
        if before != {"target_co2e_kg": target_co2e_kg}:
            record_audit(actor=admin, verb="set_target", object_type="vision", object_id=year,
                         object_label=str(year), before=before,
                         after={"target_co2e_kg": target_co2e_kg}, now=now)
    return target
