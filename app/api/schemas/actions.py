"""Shapes of the catalogue, logs and a citizen's numbers."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_babel import lazy_gettext as _l

from app.actions.rules import IDEMPOTENCY_KEY_HINT, IDEMPOTENCY_KEY_PATTERN, MAX_QUANTITY_TEXT
from app.api.schemas import RequestSchema, page_schema
from app.web.field_messages import register_field_message

# The key's validator message below, in the request's language like marshmallow's own.
register_field_message(IDEMPOTENCY_KEY_HINT, _l("Use 8–64 characters: letters, digits, _ . : -"))


class ActionSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True, metadata={"description": "In the requested language"})
    category = ma.fields.String(required=True)
    unit = ma.fields.String(required=True)
    points_per_unit = ma.fields.Integer(required=True)
    co2e_kg_per_unit = ma.fields.Float(
        allow_none=True,
        required=True,
        metadata={"description": "Estimated saving per unit; null: points only, no CO2e claim"},
    )
    co2e_source = ma.fields.String(
        allow_none=True, required=True, metadata={"description": "Where the CO2e figure comes from"}
    )
    max_units_per_day = ma.fields.Float(required=True, metadata={"description": "The daily cap"})
    default_quantity = ma.fields.Float(required=True)


class CatalogueSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ActionSchema), required=True)
    backdate_days = ma.fields.Integer(
        required=True, metadata={"description": "occurred_on may be today or this many days back"}
    )


class QuantityField(ma.fields.Field[Any]):
    """A number, or text with a decimal point or comma: passed on as sent, because the log
    service applies the one quantity rule of both doors (and its stable codes)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ma.ValidationError("Invalid input type.")
        if isinstance(value, str) and len(value) > MAX_QUANTITY_TEXT:
            raise ma.ValidationError("Invalid input type.")
        return value


class IdempotencyHeaderSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # every other header passes through

    idempotency_key = ma.fields.String(
        required=True,
        data_key="Idempotency-Key",
        validate=ma.validate.Regexp(IDEMPOTENCY_KEY_PATTERN, error=IDEMPOTENCY_KEY_HINT),
        metadata={"description": "A unique key per log, reused on retries (8–64 characters)"},
    )


class LogRequestSchema(RequestSchema):
    action = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=80),
        metadata={"description": "The action's slug"},
    )
    quantity = QuantityField(
        load_default=None,
        metadata={
            "description": (
                "Units (km, days…), above 0, at most 2 decimals (never rounded) and "
                'at most 100000; a number or text such as "2,5"; the action\'s '
                "default when left out. Refusals: 422 with code "
                "quantity_not_a_number, quantity_not_positive, quantity_too_precise "
                "or quantity_too_large"
            ),
            "oneOf": [
                {"type": "number"},
                {"type": "string", "minLength": 1, "maxLength": MAX_QUANTITY_TEXT},
                {"type": "null"},
            ],
        },
    )
    occurred_on = ma.fields.Date(
        load_default=None, metadata={"description": "Local date (Europe/Copenhagen); default today"}
    )


class LogSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    action = ma.fields.String(required=True, metadata={"description": "The action's slug"})
    action_name = ma.fields.String(required=True)
    quantity = ma.fields.Float(required=True)
    unit = ma.fields.String(required=True)
    points = ma.fields.Integer(required=True)
    co2e_kg = ma.fields.Float(allow_none=True, required=True)
    occurred_on = ma.fields.Date(required=True)
    created_at = ma.fields.DateTime(required=True)
    status = ma.fields.String(required=True, metadata={"description": "counted, undone or voided"})
    status_reason = ma.fields.String(
        allow_none=True, required=True, metadata={"description": "Why an administrator voided it"}
    )
    can_undo = ma.fields.Boolean(required=True, metadata={"description": "Registered today and counted"})


LogPageSchema = page_schema(LogSchema, "LogPage")


class BadgeSchema(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    how = ma.fields.String(required=True, metadata={"description": "The rule, as on the badge page"})


class LogResultSchema(ma.Schema):
    log = ma.fields.Nested(LogSchema, required=True)
    challenge_bonus = ma.fields.Integer(required=True)
    badges = ma.fields.List(
        ma.fields.Nested(BadgeSchema), required=True, metadata={"description": "Badges this log earned"}
    )
    new_level = ma.fields.Integer(
        allow_none=True, required=True, metadata={"description": "The level this log reached, if any"}
    )


class PeriodTotalsSchema(ma.Schema):
    key = ma.fields.String(required=True, metadata={"description": "e.g. 2026-W47, 2026-11, all"})
    points = ma.fields.Integer(required=True)
    co2e_kg = ma.fields.Float(required=True)


class StreakSchema(ma.Schema):
    days = ma.fields.Integer(required=True)
    logged_today = ma.fields.Boolean(required=True)
    rest_day_used_this_week = ma.fields.Boolean(required=True)
    started_on = ma.fields.Date(allow_none=True, required=True)


class LevelSchema(ma.Schema):
    level = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    points = ma.fields.Integer(required=True)
    next_at = ma.fields.Integer(
        allow_none=True, required=True, metadata={"description": "null at the top level"}
    )
    to_next = ma.fields.Integer(required=True)


class EarnedBadgeSchema(BadgeSchema):
    awarded_at = ma.fields.DateTime(required=True)


class StatsSchema(ma.Schema):
    today = ma.fields.Date(required=True)
    points_today = ma.fields.Integer(required=True)
    week = ma.fields.Nested(PeriodTotalsSchema, required=True)
    month = ma.fields.Nested(PeriodTotalsSchema, required=True)
    all = ma.fields.Nested(PeriodTotalsSchema, required=True)
    streak = ma.fields.Nested(StreakSchema, required=True)
    level = ma.fields.Nested(LevelSchema, required=True)
    badges = ma.fields.List(ma.fields.Nested(EarnedBadgeSchema), required=True)
