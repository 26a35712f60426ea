"""The action catalogue's writes (the admin's catalogue pages call these): add, edit, retire, delete.

Every one checks the actor is an admin and appends to the audit log in the same transaction,
and after the commit retires the cached renderings of the catalogue (app/actions/pages.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.actions.models import Action, Category, LogEntry
from app.audit.services import record_audit, record_changes, snapshot
from app.cache import new_generation
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.slugs import unique_slug
from app.tenancy.context import current_municipality_id

ACTION_FIELDS = (
    "name_da",
    "name_en",
    "category",
    "unit_da",
    "unit_en",
    "co2e_kg_per_unit",
    "source_da",
    "source_en",
    "points_per_unit",
    "max_units_per_day",
    "default_quantity",
)


CATALOGUE_GENERATION = "actions:catalogue"  # the cache family of catalogue renderings


def _catalogue_changed() -> None:
    new_generation(CATALOGUE_GENERATION)


@dataclass(frozen=True)
class ActionData:
    name_da: str
    name_en: str
    category: str
    unit_da: str
    unit_en: str
    co2e_kg_per_unit: Decimal | None
    source_da: str
    source_en: str
    points_per_unit: int
    max_units_per_day: Decimal
    default_quantity: Decimal


def _has_logs(action_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(LogEntry.action_id == action_id))))


def check_action(data: ActionData) -> None:
    """The catalogue's rules: a known category, sane numbers, and no CO2 claim without source."""
    if data.category not in {c.value for c in Category}:
        raise ValidationError(_l("Choose a category."), field="category")
    if data.points_per_unit < 0:
        raise ValidationError(_l("Points cannot be negative."), field="points_per_unit")
    if data.max_units_per_day <= 0:
        raise ValidationError(_l("The daily cap must be above 0."), field="max_units_per_day")
    if data.default_quantity <= 0:
        raise ValidationError(_l("The proposed amount must be above 0."), field="default_quantity")
    if data.default_quantity > data.max_units_per_day:
        raise ValidationError(
            _l("The proposed amount cannot be above the daily cap."), field="default_quantity"
        )
    if data.co2e_kg_per_unit is not None:
        if data.co2e_kg_per_unit < 0:
            raise ValidationError(_l("The CO2e figure cannot be negative."), field="co2e_kg_per_unit")
        # Both languages: a reader in either one sees where the figure comes from.
        for field in ("source_da", "source_en"):
            if not getattr(data, field).strip():
                raise ValidationError(_l("A CO2e figure needs its source."), field=field)


NATIONAL_READ_ONLY = _l(
    "This action belongs to the national catalogue, so the municipality cannot change it here. "
    'Use "Adapt locally" to set your own points, caps and labels, or to retire it locally.'
)


def _get_action(action_id: int) -> Action:
    """The action to change: the municipality's own. A national action is maintained once, in
    platform scope; a municipality adapts it with an override (app/actions/overrides.py)."""
    action = db.session.get(Action, action_id)
    if action is None:
        raise NotFound(_l("That action does not exist."))
    if action.municipality_id is None and current_municipality_id() is not None:
        raise PermissionDenied(NATIONAL_READ_ONLY, code="national_action")
    return action


def add_action(data: ActionData) -> Action:
    """Inside a write transaction: a new loggable action (checked with `check_action` first), last
    in the catalogue, its slug made from its Danish name; flushed, so it has its id."""
    sort_order = db.session.scalar(select(func.coalesce(func.max(Action.sort_order), 0))) or 0
    action = Action(
        slug=unique_slug(Action, data.name_da),
        sort_order=sort_order + 1,
        effort=1,
        is_active=True,
        **asdict(data),
    )
    db.session.add(action)
    db.session.flush()
    return action


def create_action(*, admin: User, data: ActionData, now: datetime | None = None) -> Action:
    """Add an action to the catalogue (loggable at once), with a slug made from its Danish name."""
    require_admin(admin)
    check_action(data)
    with write_transaction():
        action = add_action(data)
        record_audit(
            actor=admin,
            verb="create",
            object_type="action",
            object_id=action.id,
            object_label=action.name_da,
            after=snapshot(action, ACTION_FIELDS),
            now=now,
        )
    _catalogue_changed()
    return action


def apply_action_data(action: Action, data: ActionData) -> tuple[dict[str, Any], dict[str, Any]]:
    """Inside a write transaction: set `data` on `action` (checked with `check_action` first), the
    category only while the action has no logs; its fields before and after."""
    if data.category != action.category and _has_logs(action.id):
        raise ValidationError(
            _l(
                "This action has logs, so its category cannot change. Retire it and create "
                "a new action instead."
            ),
            field="category",
        )
    before = snapshot(action, ACTION_FIELDS)
    for name, value in asdict(data).items():
        setattr(action, name, value)
    return before, snapshot(action, ACTION_FIELDS)


def update_action(*, admin: User, action_id: int, data: ActionData, now: datetime | None = None) -> Action:
    """Edit an action. Points, CO2e and caps apply to future logs only: every ledger row keeps the
    points and CO2e fixed when it was logged. The category of an action with logs cannot change
    (its history is filed under the old one); retire it and create a new action instead."""
    require_admin(admin)
    check_action(data)
    with write_transaction():
        action = _get_action(action_id)
        before, after = apply_action_data(action, data)
        record_changes(
            actor=admin,
            object_type="action",
            object_id=action.id,
            object_label=action.name_da,
            before=before,
            after=after,
            now=now,
        )
    _catalogue_changed()
    return action


def set_action_active(*, admin: User, action_id: int, active: bool, now: datetime | None = None) -> Action:
    """Retire an action (it can no longer be logged; its logs keep counting) or bring it back."""
    require_admin(admin)
    with write_transaction():
        action = _get_action(action_id)
        if action.is_active != active:
            action.is_active = active
            record_audit(
                actor=admin,
                verb="reactivate" if active else "retire",
                object_type="action",
                object_id=action.id,
                object_label=action.name_da,
                before={"is_active": not active},
                after={"is_active": active},
                now=now,
            )
    _catalogue_changed()
    return action


def delete_action(*, admin: User, action_id: int, now: datetime | None = None) -> None:
    """Delete an action that was never logged. One with logs is part of the ledger's history:
    it can only be retired."""
    require_admin(admin)
    with write_transaction():
        action = _get_action(action_id)
        if _has_logs(action.id):
            raise ConflictError(
                _l(
                    "This action has logs, so it cannot be deleted. Retire it "
                    "instead: its logs keep counting."
                )
            )
        before = snapshot(action, (*ACTION_FIELDS, "slug", "is_active"))
        label = action.name_da
        db.session.delete(action)
        record_audit(
            actor=admin,
            verb="delete",
            object_type="action",
            object_id=action_id,
            object_label=label,
            before=before,
            now=now,
        )
    _catalogue_changed()
