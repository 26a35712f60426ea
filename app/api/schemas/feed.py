"""Shapes of a neighbourhood's feed and a citizen's weekly impact."""

from __future__ import annotations

import marshmallow as ma

from app.api.schemas import page_schema


class FeedActionSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    unit = ma.fields.String(required=True)


class FeedItemSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(
        required=True, metadata={"description": "action, badge, level, milestone or target"}
    )
    created_at = ma.fields.DateTime(required=True)
    area = ma.fields.String(allow_none=True, required=True, metadata={"description": "Area name"})
    alias = ma.fields.String(
        allow_none=True, required=True, metadata={"description": "Only people who opted in to be shown"}
    )
    action = ma.fields.Nested(FeedActionSchema, allow_none=True, required=True)
    quantity = ma.fields.Float(allow_none=True, required=True)
    points = ma.fields.Integer(allow_none=True, required=True)
    badge = ma.fields.String(allow_none=True, required=True, metadata={"description": "Badge code"})
    value = ma.fields.Integer(
        allow_none=True, required=True, metadata={"description": "The level reached, or the kg CO2e mark"}
    )
    challenge = ma.fields.String(
        allow_none=True, required=True, metadata={"description": "The challenge's slug"}
    )


FeedPageSchema = page_schema(FeedItemSchema, "FeedPage")


class ImpactWeekSchema(ma.Schema):
    key = ma.fields.String(required=True, metadata={"description": "ISO week, e.g. 2026-W47"})
    starts_on = ma.fields.Date(required=True)
    points = ma.fields.Integer(required=True)
    co2e_kg = ma.fields.Float(required=True)
    logs = ma.fields.Integer(required=True)


class EquivalentsSchema(ma.Schema):
    car_km = ma.fields.Integer(required=True, metadata={"description": "km of petrol-car driving"})
    car_source = ma.fields.String(required=True)
    diet_days = ma.fields.Float(
        required=True, metadata={"description": "days of an average Danish diet's footprint"}
    )
    diet_source = ma.fields.String(required=True)


class ImpactSchema(ma.Schema):
    co2e_kg = ma.fields.Float(required=True, metadata={"description": "All time, an estimate"})
    equivalents = ma.fields.Nested(EquivalentsSchema, required=True)
    weeks = ma.fields.List(
        ma.fields.Nested(ImpactWeekSchema),
        required=True,
        metadata={"description": "The last 12 ISO weeks, oldest first"},
    )
