"""Schemas of the climate plan endpoint: the plan, its themes and what feeds each theme."""

from __future__ import annotations

import marshmallow as ma

from app.api.schemas.community import ActionRefSchema, VisionQuerySchema


class PlanQuerySchema(VisionQuerySchema):
    """?year= as for /vision."""


class PlanTargetsSchema(ma.Schema):
    title = ma.fields.String(required=True)
    adopted_on = ma.fields.Date(allow_none=True, required=True)
    baseline_year = ma.fields.Integer(
        allow_none=True, required=True, metadata={"description": "null: not known"}
    )
    baseline_emissions_t = ma.fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Tonnes CO2e in the baseline year; null: not known"},
    )
    baseline_estimate = ma.fields.Boolean(
        required=True, metadata={"description": "The baseline is an estimate; its basis is in baseline_note"}
    )
    baseline_note = ma.fields.String(required=True)
    target_2030_pct = ma.fields.Integer(
        required=True, metadata={"description": "Reduction by 2030, per cent"}
    )
    neutral_year = ma.fields.Integer(required=True)
    national_2030_pct = ma.fields.Integer(
        required=True, metadata={"description": "Denmark's reduction by 2030 against 1990, per cent"}
    )
    citizen_target_mode = ma.fields.String(required=True, validate=ma.validate.OneOf(["typed", "derived"]))
    derived_citizen_target_kg = ma.fields.Integer(
        allow_none=True,
        required=True,
        metadata={
            "description": "baseline_emissions_t × target_2030_pct/100 ÷ (2030 − baseline_year)"
            " × the citizens' share/100 × 1000 (app/plan/rules.py);"
            " null when the plan lacks a figure it needs"
        },
    )
    source_label = ma.fields.String(required=True)
    source_url = ma.fields.String(required=True, metadata={"description": "May be empty"})


class MeasureSchema(ma.Schema):
    code = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    source = ma.fields.String(required=True)


class CitizensSchema(ma.Schema):
    co2e_kg = ma.fields.Float(
        required=True, metadata={"description": "Estimate, from the actions' sourced factors"}
    )
    logs = ma.fields.Integer(required=True)
    participants = ma.fields.Integer(required=True, metadata={"description": "People, each counted once"})


class ThemeItemSchema(ma.Schema):
    title = ma.fields.String(required=True)
    detail = ma.fields.String(required=True)
    url = ma.fields.String(allow_none=True, required=True)
    co2e_kg = ma.fields.Float(allow_none=True, required=True, metadata={"description": "null: no CO2e claim"})
    estimate = ma.fields.Boolean(required=True)
    source = ma.fields.String(required=True)
    count = ma.fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "The item's tally (a sparring offer: requests in the year)"},
    )
    done = ma.fields.Integer(allow_none=True, required=True, metadata={"description": "Of them completed"})


class ThemeSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    source_label = ma.fields.String(required=True)
    source_url = ma.fields.String(required=True)
    plan_areas = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "National plan area keys"}
    )
    citizens = ma.fields.Nested(CitizensSchema, required=True)
    actions = ma.fields.List(ma.fields.Nested(ActionRefSchema), required=True)
    measures = ma.fields.List(ma.fields.Nested(MeasureSchema), required=True)
    contributions = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.Nested(ThemeItemSchema)),
        required=True,
        metadata={
            "description": "kind (solutions, pledges, partnerships, sparring, ...) → its items;"
            " empty lists kept"
        },
    )


class PlanSchema(ma.Schema):
    year = ma.fields.Integer(required=True)
    plan = ma.fields.Nested(
        PlanTargetsSchema, allow_none=True, required=True, metadata={"description": "null: no plan entered"}
    )
    themes = ma.fields.List(
        ma.fields.Nested(ThemeSchema), required=True, metadata={"description": "The plan's order"}
    )
    unassigned = ma.fields.Nested(
        CitizensSchema,
        required=True,
        metadata={"description": "Citizens' logs in categories that feed no theme"},
    )
    participants = ma.fields.Integer(required=True, metadata={"description": "People who logged in the year"})
