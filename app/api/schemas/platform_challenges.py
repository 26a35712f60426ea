"""Schemas of the platform's inter-municipal challenges."""

from __future__ import annotations

import marshmallow as ma


class InterStandingSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    address = ma.fields.String(required=True, metadata={"description": "The municipality's own address"})
    rank = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "null: fewer participants than min_participants"},
    )
    score = ma.fields.Float(required=True, allow_none=True, metadata={"description": "The fair score"})
    participants = ma.fields.Integer(required=True)
    points = ma.fields.Integer(required=True)
    co2e_kg = ma.fields.Float(required=True, metadata={"description": "Estimated CO2e saved, kg"})
    per_participant = ma.fields.Float(required=True, metadata={"description": "The metric ÷ participants"})


class InterChallengeSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True, metadata={"description": "In the request's language"})
    description = ma.fields.String(required=True)
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True, metadata={"description": "Inclusive, local days"})
    phase = ma.fields.String(required=True, validate=ma.validate.OneOf(("upcoming", "running", "finished")))
    metric = ma.fields.String(required=True, validate=ma.validate.OneOf(("points", "co2e")))
    target = ma.fields.Float(
        required=True, metadata={"description": "The shared target, in the metric's unit"}
    )
    total = ma.fields.Float(required=True, metadata={"description": "Every municipality together"})
    action_slugs = ma.fields.List(ma.fields.String(), required=True)
    municipalities = ma.fields.Integer(required=True)


class InterChallengeListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(InterChallengeSchema), required=True)


class InterBoardSchema(InterChallengeSchema):
    formula = ma.fields.String(required=True)
    min_participants = ma.fields.Integer(required=True)
    standings = ma.fields.List(ma.fields.Nested(InterStandingSchema), required=True)
