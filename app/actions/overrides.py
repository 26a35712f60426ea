"""A municipality's local values for a national action: save, reset, retire or reactivate here.

Each checks the actor is an admin and that the action is national (a local action is simply
edited), audits in the same transaction and starts a new catalogue generation after the commit.
CO2e and its source are never overridden. Reads go through app/actions/effective.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.actions.catalogue import CATALOGUE_GENERATION
from app.actions.effective import OVERRIDABLE_FIELDS
from app.actions.models import Action, ActionOverride
from app.audit.services import record_audit, snapshot
from app.cache import new_generation
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, ValidationError
from app.tenancy.context import require_municipality_id


@dataclass(frozen=True)
class OverrideData:
    """The local values; None keeps the national value."""

    points_per_unit: int | None = None
    max_units_per_day: Decimal | None = None
    default_quantity: Decimal | None = None
    name_da: str | None = None
    name_en: str | None = None
    unit_da: str | None = None
    unit_en: str | None = None

    @property
    def is_empty(self) -> bool:
        return all(value is None for value in asdict(self).values())


def _check_override(action: Action, data: OverrideData) -> None:
    """The action form's rules on the values as they would apply (local, else national)."""
    if data.points_per_unit is not None and data.points_per_unit < 0:
        raise ValidationError(_l("Points cannot be negative."), field="points_per_unit")
    if data.max_units_per_day is not None and data.max_units_per_day <= 0:
        raise ValidationError(_l("The daily cap must be above 0."), field="max_units_per_day")
    if data.default_quantity is not None and data.default_quantity <= 0:
        raise ValidationError(_l("The proposed amount must be above 0."), field="default_quantity")
    cap = action.max_units_per_day if data.max_units_per_day is None else data.max_units_per_day
    proposed = action.default_quantity if data.default_quantity is None else data.default_quantity
    if proposed > cap:
        raise ValidationError(
            _l("The proposed amount cannot be above the daily cap."), field="default_quantity"
        )


def _national_action(action_id: int) -> Action:
    action = db.session.get(Action, action_id)
    if action is None:
        raise NotFound(_l("That action does not exist."))
    if action.municipality_id is not None:
        raise ConflictError(
            _l("This is the municipality's own action: edit it instead."), code="local_action"
        )
    return action


def _own_override(action_id: int) -> ActionOverride | None:
    # A scoped select, not session.get: only this municipality's row (ARCHITECTURE.md).
    return db.session.scalar(
        select(ActionOverride).where(
            ActionOverride.action_id == action_id, ActionOverride.municipality_id == require_municipality_id()
        )
    )


def _values(override: ActionOverride | None) -> dict[str, Any]:
    if override is None:
        return {}
    values = snapshot(override, OVERRIDABLE_FIELDS)
    return {name: value for name, value in values.items() if value is not None}


def save_override(
    *, admin: User, action_id: int, data: OverrideData, now: datetime | None = None
) -> ActionOverride | None:
    """Set this municipality's points, cap, proposed amount and labels of a national action (None
    keeps the national value). They apply to future logs only, like any catalogue change.
    Saving keeps a local retirement as it is; saving nothing at all keeps no row (None)."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        action = _national_action(action_id)
        _check_override(action, data)
        override = _own_override(action.id)
        before = _values(override)
        if override is None and data.is_empty:
            return None
        if override is None:
            override = ActionOverride(action_id=action.id, retired=False)
            db.session.add(override)
        for name, value in asdict(data).items():
            setattr(override, name, value)
        override.updated_at = now
        after = _values(override)
        if data.is_empty and not override.retired:
            db.session.delete(override)  # nothing local left: the national values apply
            override = None
        if before != after:
            record_audit(
                actor=admin,
                verb="override",
                object_type="action",
                object_id=action.id,
                object_label=action.name_da,
                before=before,
                after=after,
                now=now,
            )
    new_generation(CATALOGUE_GENERATION)
    return override


def reset_override(*, admin: User, action_id: int, now: datetime | None = None) -> bool:
    """Remove this municipality's override: the national values apply again, and an action
    retired here can be logged again. True when there was one."""
    require_admin(admin)
    with write_transaction():
        action = _national_action(action_id)
        override = _own_override(action.id)
        if override is None:
            return False
        before = {**_values(override), "retired": override.retired}
        db.session.delete(override)
        record_audit(
            actor=admin,
            verb="reset",
            object_type="action",
            object_id=action.id,
            object_label=action.name_da,
            before=before,
            now=now,
        )
    new_generation(CATALOGUE_GENERATION)
    return True


def set_retired_here(*, admin: User, action_id: int, retired: bool, now: datetime | None = None) -> None:
    """Retire a national action in this municipality (not listed, not loggable here; its logs
    keep counting) or bring it back. Other municipalities are not affected."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        action = _national_action(action_id)
        override = _own_override(action.id)
        if override is None:
            if not retired:
                return
            override = ActionOverride(action_id=action.id, retired=False)
            db.session.add(override)
        if override.retired == retired:
            return
        override.retired = retired
        override.updated_at = now
        record_audit(
            actor=admin,
            verb="retire_locally" if retired else "reactivate_locally",
            object_type="action",
            object_id=action.id,
            object_label=action.name_da,
            before={"retired": not retired},
            after={"retired": retired},
            now=now,
        )
    new_generation(CATALOGUE_GENERATION)
