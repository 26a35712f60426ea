"""The effective catalogue of the current municipality: national actions with its overrides.

The one place that applies `ActionOverride`: an overridden field takes the municipality's value,
an empty one the national value; CO2e and its source are always national. An action retired
here (or nationally) is not listed and cannot be logged. Every reader of points, caps, amounts
and labels (logging, the citizen pages, routines, the API, the admin list, exports) goes
through these functions; overrides are read with the actions in one outer join, or in one
query for a given set of actions, never one query per action.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, exists, false, select

from app.actions.catalogue import CATALOGUE_GENERATION
from app.actions.models import Action, ActionOverride
from app.actions.rules import to_centi
from app.cache import generation, remembered_for
from app.db import db
from app.tenancy.context import current_municipality_id

# The fields a municipality may override (CO2e, its source and the category never).
OVERRIDABLE_FIELDS = (
    "points_per_unit",
    "max_units_per_day",
    "default_quantity",
    "name_da",
    "name_en",
    "unit_da",
    "unit_en",
)


@dataclass(frozen=True)
class EffectiveAction:
    """An action as this municipality sees it: the national row with its local override."""

    action: Action
    override: ActionOverride | None = None

    def _pick(self, field: str) -> Any:
        local = getattr(self.override, field) if self.override is not None else None
        return getattr(self.action, field) if local is None else local

    # Always the action's own.
    @property
    def id(self) -> int:
        return self.action.id

    @property
    def slug(self) -> str:
        return self.action.slug

    @property
    def category(self) -> str:
        return self.action.category

    @property
    def co2e_kg_per_unit(self) -> Decimal | None:
        return self.action.co2e_kg_per_unit

    @property
    def source_da(self) -> str:
        return self.action.source_da

    @property
    def source_en(self) -> str:
        return self.action.source_en

    @property
    def sort_order(self) -> int:
        return self.action.sort_order

    @property
    def effort(self) -> int:
        return self.action.effort

    @property
    def municipality_id(self) -> int | None:
        return self.action.municipality_id

    @property
    def is_national(self) -> bool:
        return self.action.municipality_id is None

    @property
    def has_co2_figure(self) -> bool:
        return self.action.has_co2_figure

    # Overridable.
    @property
    def points_per_unit(self) -> int:
        return int(self._pick("points_per_unit"))

    @property
    def max_units_per_day(self) -> Decimal:
        return Decimal(self._pick("max_units_per_day"))

    @property
    def default_quantity(self) -> Decimal:
        return Decimal(self._pick("default_quantity"))

    @property
    def name_da(self) -> str:
        return str(self._pick("name_da"))

    @property
    def name_en(self) -> str:
        return str(self._pick("name_en"))

    @property
    def unit_da(self) -> str:
        return str(self._pick("unit_da"))

    @property
    def unit_en(self) -> str:
        return str(self._pick("unit_en"))

    @property
    def locally_retired(self) -> bool:
        return self.override is not None and self.override.retired

    @property
    def is_active(self) -> bool:
        """Loggable here: active nationally and not retired by this municipality."""
        return self.action.is_active and not self.locally_retired

    @property
    def is_overridden(self) -> bool:
        return self.override is not None

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_da

    def unit(self, locale: str) -> str:
        return self.unit_en if locale == "en" else self.unit_da

    def source(self, locale: str) -> str:
        return self.action.source(locale)

    @property
    def max_centi_per_day(self) -> int:
        """The effective daily cap in hundredths, as the cap check compares it."""
        return to_centi(self.max_units_per_day.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    def __repr__(self) -> str:
        return f"<EffectiveAction {self.slug}{' (local values)' if self.override else ''}>"


def _ours() -> ColumnElement[bool]:
    """Overrides of the current municipality; none at all in platform scope (national values)."""
    municipality_id = current_municipality_id()
    if municipality_id is None:
        return false()
    return ActionOverride.municipality_id == municipality_id


def override_on() -> ColumnElement[bool]:
    """The ON clause that outer-joins this municipality's override to `Action` (for reads that
    select the actions with their own aggregates: no second query)."""
    return and_(ActionOverride.action_id == Action.id, _ours())


def locally_retired() -> ColumnElement[bool]:
    """SQL: the action is retired by the current municipality (for reads that filter in SQL)."""
    return exists(
        select(ActionOverride.id).where(
            ActionOverride.action_id == Action.id, ActionOverride.retired.is_(True), _ours()
        )
    )


def loggable_here() -> ColumnElement[bool]:
    """SQL: the action can be logged in the current municipality."""
    return and_(Action.is_active.is_(True), ~locally_retired())


def effective_actions(*where: ColumnElement[bool]) -> list[EffectiveAction]:
    """Actions matching `where`, each with this municipality's override: one query."""
    rows = db.session.execute(
        select(Action, ActionOverride).outerjoin(ActionOverride, override_on()).where(*where)
    ).all()
    return [EffectiveAction(action, override) for action, override in rows]


def effective_by_slug(slug: str) -> EffectiveAction | None:
    found = effective_actions(Action.slug == slug)
    return found[0] if found else None


def effective_by_id(action_id: int) -> EffectiveAction | None:
    found = effective_actions(Action.id == action_id)
    return found[0] if found else None


def effective_many(actions: Iterable[Action]) -> list[EffectiveAction]:
    """`actions` (already loaded) with this municipality's overrides: at most one query."""
    actions = list(actions)
    ids = {a.id for a in actions if a.municipality_id is None}
    overrides: dict[int, ActionOverride] = {}
    if ids:
        overrides = {
            o.action_id: o
            for o in db.session.scalars(
                select(ActionOverride).where(ActionOverride.action_id.in_(ids), _ours())
            )
        }
    return [EffectiveAction(a, overrides.get(a.id)) for a in actions]


def overrides_here() -> dict[int, ActionOverride]:
    """Every override of the current municipality by action id (a small table: at most one
    row per national action), for pages that name many logged actions. Kept in the cache like
    the catalogue's renderings (a new catalogue generation on every override write), as plain
    values; the rows handed back are transient copies, never added to the session."""
    family = generation(CATALOGUE_GENERATION)
    values = remembered_for(
        f"actions:overrides:{family}",
        int(current_app.config.get("CATALOGUE_FRAGMENT_SECONDS") or 0),
        lambda: {
            o.action_id: {name: getattr(o, name) for name in (*OVERRIDABLE_FIELDS, "retired")}
            for o in db.session.scalars(select(ActionOverride).where(_ours()))
        },
    )
    return {action_id: ActionOverride(action_id=action_id, **fields) for action_id, fields in values.items()}


def effective(action: Action | EffectiveAction) -> EffectiveAction:
    """One action as this municipality sees it (no query when it already is)."""
    if isinstance(action, EffectiveAction):
        return action
    return effective_many([action])[0]
