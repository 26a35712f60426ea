"""Schemas of the platform's API: the comparison of municipalities."""

from __future__ import annotations

import marshmallow as ma

from app.api.schemas.community import PERIODS


class MunicipalityStandingSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    address = ma.fields.String(required=True, metadata={"description": "The municipality's own address"})
    rank = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "null: fewer active participants than min_participants"},
    )
    score = ma.fields.Float(
        required=True, allow_none=True, metadata={"description": "The fair score (see formula)"}
    )
    inhabitants = ma.fields.Integer(required=True)
    participants = ma.fields.Integer(
        required=True, metadata={"description": "Active participants in the period"}
    )
    points = ma.fields.Integer(required=True)
    co2e_kg = ma.fields.Float(required=True, metadata={"description": "Estimated CO2e saved, kg"})
    points_per_participant = ma.fields.Float(required=True)
    participation_rate = ma.fields.Float(
        required=True, metadata={"description": "Active participants ÷ inhabitants"}
    )
    co2e_kg_per_inhabitant = ma.fields.Float(required=True)


class MunicipalityComparisonSchema(ma.Schema):
    period = ma.fields.String(required=True, validate=ma.validate.OneOf(PERIODS))
    period_key = ma.fields.String(required=True)
    formula = ma.fields.String(required=True)
    min_participants = ma.fields.Integer(required=True)
    items = ma.fields.List(ma.fields.Nested(MunicipalityStandingSchema), required=True)
