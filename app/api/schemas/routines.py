"""Shapes of a citizen's usual day ("Min typiske dag") and always-do marks ("Gør det allerede")."""

from __future__ import annotations

import marshmallow as ma

from app.actions.models import MAX_USUAL_DAY_ITEMS
from app.actions.rules import MAX_QUANTITY_TEXT
from app.api.schemas import RequestSchema
from app.api.schemas.actions import LogSchema, QuantityField

QUANTITY_DOC = {
    "description": (
        "Units (km, days…), above 0, at most 2 decimals, at most the action's daily cap; a "
        'number or text such as "2,5"'
    ),
    "oneOf": [{"type": "number"}, {"type": "string", "minLength": 1, "maxLength": MAX_QUANTITY_TEXT}],
}


class UsualDayItemSchema(ma.Schema):
    position = ma.fields.Integer(required=True, metadata={"description": "1 is logged first"})
    action = ma.fields.String(required=True, metadata={"description": "The action's slug"})
    action_name = ma.fields.String(required=True)
    quantity = ma.fields.Float(required=True)
    unit = ma.fields.String(required=True)
    active = ma.fields.Boolean(
        required=True, metadata={"description": "False: the action was retired and is skipped when logging"}
    )


class UsualDaySchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(UsualDayItemSchema), required=True)
    max_items = ma.fields.Integer(required=True, metadata={"description": "How many actions it can hold"})


class UsualDayItemRequestSchema(RequestSchema):
    action = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=80),
        metadata={"description": "The action's slug"},
    )
    quantity = QuantityField(required=True, metadata=QUANTITY_DOC)


class UsualDayRequestSchema(RequestSchema):
    items = ma.fields.List(
        ma.fields.Nested(UsualDayItemRequestSchema),
        required=True,
        validate=ma.validate.Length(max=MAX_USUAL_DAY_ITEMS),
        metadata={
            "description": f"In the order they are logged; at most {MAX_USUAL_DAY_ITEMS}; [] clears it"
        },
    )


class UsualDayLogRequestSchema(RequestSchema):
    occurred_on = ma.fields.Date(
        load_default=None, metadata={"description": "Local date (Europe/Copenhagen); default today"}
    )


class EntryErrorSchema(ma.Schema):
    code = ma.fields.String(
        required=True,
        metadata={"description": "over_daily_cap, throttled, action_retired, idempotency_key_reused, …"},
    )
    message = ma.fields.String(required=True)


class UsualDayEntrySchema(ma.Schema):
    action = ma.fields.String(required=True, metadata={"description": "The action's slug"})
    action_name = ma.fields.String(required=True)
    quantity = ma.fields.Float(required=True)
    status = ma.fields.String(
        required=True, metadata={"description": "logged, refused (see error) or skipped (a retired action)"}
    )
    replayed = ma.fields.Boolean(
        required=True, metadata={"description": "Logged earlier under the same key: credited once"}
    )
    points = ma.fields.Integer(required=True)
    log = ma.fields.Nested(LogSchema, allow_none=True, required=True)
    error = ma.fields.Nested(EntryErrorSchema, allow_none=True, required=True)


class UsualDayLogSchema(ma.Schema):
    occurred_on = ma.fields.Date(required=True)
    logged = ma.fields.Integer(required=True)
    refused = ma.fields.Integer(required=True, metadata={"description": "Refused or skipped entries"})
    points = ma.fields.Integer(required=True, metadata={"description": "Points of the logged entries"})
    entries = ma.fields.List(ma.fields.Nested(UsualDayEntrySchema), required=True)


class AlwaysDoSchema(ma.Schema):
    action = ma.fields.String(required=True, metadata={"description": "The action's slug"})
    action_name = ma.fields.String(required=True)
    active = ma.fields.Boolean(required=True, metadata={"description": "False: the action was retired"})
    marked_at = ma.fields.DateTime(required=True)


class AlwaysDoListSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(AlwaysDoSchema),
        required=True,
        metadata={"description": "In the catalogue's order, retired actions last"},
    )
