"""Challenge use cases: create and edit (admins), join (citizens).

Crediting and taking back logs lives in `app.challenges.credits`.

For the admin screens: call `create_challenge(...)` / `update_challenge(...)` with the
fields of `app.challenges.forms.ChallengeForm`; a `ValidationError` names the form field at
fault (slug, title_da, title_en, starts_on, ends_on, actions, reward_kind, reward_value,
target_metric, target_value) so `apply_domain_error` can put it on the form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.permissions import require_admin
from app.actions.models import Action
from app.audit.services import record_audit, snapshot
from app.challenges.models import Challenge, ChallengeParticipant
from app.challenges.rules import (
    BONUS_RANGE,
    MULTIPLIER_RANGE,
    ChallengeState,
    RewardKind,
    TargetMetric,
    state_on,
)
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.settings import timezone

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MANAGER_ROLES = (Role.ADMIN, Role.STAFF)


@dataclass(frozen=True)
class ChallengeInput:
    """The editable fields of a challenge, already shape-checked by a form."""

    slug: str
    title_da: str
    title_en: str
    description_da: str
    description_en: str
    starts_on: date
    ends_on: date
    action_ids: Sequence[int]
    reward_kind: str
    reward_value: Decimal | None  # None (an empty form field) is refused: "Enter a number."
    target_metric: str | None = None
    target_value: Decimal | None = None


def _decimal(value: object, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_l("Enter a number."), field=field) from exc
    if not number.is_finite():
        raise ValidationError(_l("Enter a number."), field=field)
    return number


def _check_reward(kind: str, value: object) -> Decimal:
    if kind not in set(RewardKind):
        raise ValidationError(_l("Choose bonus points or a multiplier."), field="reward_kind")
    number = _decimal(value, "reward_value")
    if kind == RewardKind.BONUS:
        low, high = BONUS_RANGE
        if number != number.to_integral_value() or not low <= number <= high:
            raise ValidationError(
                _l("Bonus points must be a whole number from %(low)s to %(high)s.", low=low, high=high),
                field="reward_value",
            )
        return number
    low_m, high_m = MULTIPLIER_RANGE
    if not low_m <= number <= high_m or number != number.quantize(Decimal("0.01")):
        raise ValidationError(
            _l(
                "The multiplier must be from %(low)s to %(high)s, with at most two decimals.",
                low=low_m,
                high=high_m,
            ),
            field="reward_value",
        )
    return number


def _check_target(metric: str | None, value: object, actions: list[Action]) -> Decimal | None:
    if not metric and value in (None, ""):
        return None
    if not metric or metric not in set(TargetMetric):
        raise ValidationError(_l("Choose what the target counts."), field="target_metric")
    if value in (None, ""):
        raise ValidationError(_l("Enter the target, or remove what it counts."), field="target_value")
    number = _decimal(value, "target_value")
    if number <= 0 or number >= Decimal("1e12"):
        raise ValidationError(_l("The target must be above 0."), field="target_value")
    if metric == TargetMetric.QUANTITY and len({a.unit_en for a in actions}) > 1:
        raise ValidationError(
            _l("A target in units needs covered actions that share one unit; count logs or CO2e instead."),
            field="target_metric",
        )
    if metric == TargetMetric.CO2E_KG and not any(a.has_co2_figure for a in actions):
        raise ValidationError(_l("None of the covered actions has a CO2e figure."), field="target_metric")
    return number


def _validate(
    data: ChallengeInput, *, challenge_id: int | None
) -> tuple[list[Action], Decimal, Decimal | None]:
    if not SLUG.match(data.slug or "") or not 3 <= len(data.slug) <= 80:
        raise ValidationError(_l("Use 3–80 lower-case letters, digits and hyphens."), field="slug")
    clash = db.session.scalar(select(Challenge.id).where(Challenge.slug == data.slug))
    if clash is not None and clash != challenge_id:
        raise ConflictError(_l("Another challenge already uses this address."), field="slug")
    for field in ("title_da", "title_en"):
        if not 1 <= len((getattr(data, field) or "").strip()) <= 120:
            raise ValidationError(_l("Enter a title of at most 120 characters."), field=field)
    if data.ends_on < data.starts_on:
        raise ValidationError(_l("The challenge must end on or after its first day."), field="ends_on")
    ids = sorted(set(data.action_ids))
    actions = list(db.session.scalars(select(Action).where(Action.id.in_(ids)))) if ids else []
    if not ids or len(actions) != len(ids):
        raise ValidationError(_l("Choose at least one action from the catalogue."), field="actions")
    reward = _check_reward(data.reward_kind, data.reward_value)
    target = _check_target(data.target_metric, data.target_value, actions)
    return actions, reward, target


def _require_manager(actor: User) -> None:
    if actor.role not in MANAGER_ROLES:
        raise PermissionDenied(_l("Only the municipality's administrators manage challenges."))


def _apply(
    challenge: Challenge, data: ChallengeInput, actions: list[Action], reward: Decimal, target: Decimal | None
) -> None:
    challenge.slug = data.slug
    challenge.title_da = data.title_da.strip()
    challenge.title_en = data.title_en.strip()
    challenge.description_da = (data.description_da or "").strip()
    challenge.description_en = (data.description_en or "").strip()
    challenge.starts_on = data.starts_on
    challenge.ends_on = data.ends_on
    challenge.reward_kind = data.reward_kind
    challenge.reward_value = reward
    challenge.target_metric = data.target_metric if target is not None else None
    challenge.target_value = target
    challenge.actions = actions


def create_challenge(*, actor: User, data: ChallengeInput) -> Challenge:
    """Create a challenge (admins and staff).

    Rules: slug 3–80 of a-z, 0-9 and single hyphens, unique; both titles 1–120 characters; the
    last day on or after the first (both inclusive, local days); at least one existing action;
    the reward is bonus points (whole number 1–500 per covered log) or a multiplier (1.1–5, the
    extra part is the bonus); the target is optional, and when given it counts units (covered
    actions must share one unit), logs or kg CO2e, and is above 0.
    """
    _require_manager(actor)
    with write_transaction():
        actions, reward, target = _validate(data, challenge_id=None)
        challenge = Challenge(created_by_id=actor.id)
        _apply(challenge, data, actions, reward, target)
        db.session.add(challenge)
        db.session.flush()
    return challenge


def update_challenge(
    *, actor: User, challenge_id: int, data: ChallengeInput, now: datetime | None = None
) -> Challenge:
    """Edit a challenge with the same rules as `create_challenge`.

    A finished challenge cannot be edited: its results are final. Credits already given keep
    their bonus; new rules apply to logs from now on.
    """
    _require_manager(actor)
    today = local_date(now or utcnow(), timezone())
    with write_transaction():
        challenge = db.session.get(Challenge, challenge_id)
        if challenge is None:
            raise NotFound(_l("That challenge does not exist."))
        if (
            state_on(starts_on=challenge.starts_on, ends_on=challenge.ends_on, today=today)
            is ChallengeState.FINISHED
        ):
            raise ConflictError(_l("A finished challenge keeps its results and cannot be edited."))
        actions, reward, target = _validate(data, challenge_id=challenge.id)
        _apply(challenge, data, actions, reward, target)
    return challenge


def join_challenge(
    *, user: User, challenge_id: int, now: datetime | None = None
) -> tuple[ChallengeParticipant, bool]:
    """Join an upcoming or running challenge; joining twice changes nothing (False).

    Only citizens with a neighbourhood can join, and not after the last day. Logs registered
    after joining count; earlier ones do not.
    """
    now = now or utcnow()
    today = local_date(now, timezone())
    if user.role != Role.CITIZEN or user.neighbourhood_id is None:
        raise PermissionDenied(_l("Only citizens with a neighbourhood can join challenges."))
    if user.is_suspended:
        raise PermissionDenied(_l("Your account is suspended, so you cannot join challenges."))
    with write_transaction():
        challenge = db.session.get(Challenge, challenge_id)
        if challenge is None:
            raise NotFound(_l("That challenge does not exist."))
        if (
            state_on(starts_on=challenge.starts_on, ends_on=challenge.ends_on, today=today)
            is ChallengeState.FINISHED
        ):
            raise ConflictError(_l("This challenge has finished."))
        existing = db.session.scalar(
            select(ChallengeParticipant).where(
                ChallengeParticipant.challenge_id == challenge.id, ChallengeParticipant.user_id == user.id
            )
        )
        if existing is not None:
            return existing, False
        participant = ChallengeParticipant(
            challenge_id=challenge.id, user_id=user.id, neighbourhood_id=user.neighbourhood_id, joined_at=now
        )
        db.session.add(participant)
        db.session.flush()
    return participant, True


CHALLENGE_FIELDS = (
    "slug",
    "title_da",
    "title_en",
    "description_da",
    "description_en",
    "starts_on",
    "ends_on",
    "reward_kind",
    "reward_value",
    "target_metric",
    "target_value",
)


def _challenge_state(challenge: Challenge) -> dict[str, Any]:
    state = snapshot(challenge, CHALLENGE_FIELDS)
    state["actions"] = sorted(a.slug for a in challenge.actions)
    return state


def save_challenge(
    *, admin: User, data: ChallengeInput, challenge_id: int | None = None, now: datetime | None = None
) -> Challenge:
    """Create (no id) or edit a challenge by the rules above (see create_challenge and
    update_challenge: a finished challenge cannot change), audited with before and after."""
    require_admin(admin)
    with write_transaction():
        if challenge_id is None:
            challenge = create_challenge(actor=admin, data=data)
            before = None
        else:
            existing = db.session.get(Challenge, challenge_id)
            before = _challenge_state(existing) if existing is not None else None
            challenge = update_challenge(actor=admin, challenge_id=challenge_id, data=data, now=now)
        after = _challenge_state(challenge)
        if before != after:
            changed = before and {k: v for k, v in before.items() if after.get(k) != v}
            record_audit(
                actor=admin,
                verb="create" if before is None else "update",
                object_type="challenge",
                object_id=challenge.id,
                object_label=challenge.title_da,
                before=changed or None,
                after={k: v for k, v in after.items() if before is None or before.get(k) != v},
                now=now,
            )
    return challenge
