"""Schemas of the platform's cases: what the municipalities published for each other."""

from __future__ import annotations

import marshmallow as ma

from app.api.schemas import RequestSchema
from app.cases.models import CaseKind

KINDS = [kind.value for kind in CaseKind]


class CaseListQuerySchema(RequestSchema):
    kind = ma.fields.String(validate=ma.validate.OneOf(KINDS), metadata={"description": "Only this kind"})
    municipality = ma.fields.String(
        validate=ma.validate.Length(max=60), metadata={"description": "Only this municipality (its slug)"}
    )


class CasePublisherSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    address = ma.fields.String(required=True, metadata={"description": "The municipality's own address"})


class CaseFiguresSchema(ma.Schema):
    participants = ma.fields.Integer(required=True, allow_none=True)
    points = ma.fields.Integer(required=True, allow_none=True)
    co2e_kg = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "Estimated CO2e saved, kg"}
    )


class CaseSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    language = ma.fields.String(
        required=True, metadata={"description": "The language the case is written in (da or en)"}
    )
    title = ma.fields.String(required=True)
    summary = ma.fields.String(required=True)
    published_at = ma.fields.DateTime(required=True)
    municipality = ma.fields.Nested(CasePublisherSchema, required=True)
    figures = ma.fields.Nested(CaseFiguresSchema, required=True)


class CaseListSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(CaseSummarySchema),
        required=True,
        metadata={"description": "Newest first, at most 200"},
    )


class ChallengeTemplateSchema(ma.Schema):
    title_da = ma.fields.String(required=True)
    title_en = ma.fields.String(required=True)
    description_da = ma.fields.String(required=True)
    description_en = ma.fields.String(required=True)
    action_slugs = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "The covered actions, by catalogue slug"}
    )
    reward_kind = ma.fields.String(required=True, metadata={"description": "bonus or multiplier"})
    reward_value = ma.fields.String(required=True, metadata={"description": "A decimal, as text"})
    target_metric = ma.fields.String(required=True, allow_none=True)
    target_value = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "A decimal, as text"}
    )
    duration_days = ma.fields.Integer(required=True)


class CaseDetailSchema(CaseSummarySchema):
    what_was_done = ma.fields.String(required=True)
    results = ma.fields.String(required=True)
    advice = ma.fields.String(required=True, metadata={"description": "Advice to other municipalities"})
    challenge = ma.fields.Nested(
        ChallengeTemplateSchema,
        required=True,
        allow_none=True,
        metadata={"description": "A challenge case: the challenge as it ran, to copy; else null"},
    )
