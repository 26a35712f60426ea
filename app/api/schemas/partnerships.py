"""Schemas of the municipality's published climate partnerships, their KPIs and check-ins."""

from __future__ import annotations

import marshmallow as ma

from app.api.schemas import RequestSchema
from app.partnerships.models import PartnershipStatus

STATUSES = [status.value for status in PartnershipStatus]


class PartnershipListQuerySchema(RequestSchema):
    theme = ma.fields.String(
        validate=ma.validate.Length(max=60), metadata={"description": "Only this plan theme (its slug)"}
    )
    status = ma.fields.String(
        validate=ma.validate.OneOf(STATUSES), metadata={"description": "Only this status"}
    )


class PartnershipThemeSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True, metadata={"description": "In the request's language"})


class PartnerSchema(ma.Schema):
    name = ma.fields.String(required=True)
    company_slug = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "A company in Klimadyst; null for another organisation"},
    )
    role = ma.fields.String(required=True)


class CheckInSchema(ma.Schema):
    on_date = ma.fields.Date(required=True)
    value = ma.fields.String(required=True, metadata={"description": "A decimal, as text"})
    note = ma.fields.String(required=True)


class KpiSchema(ma.Schema):
    name = ma.fields.String(required=True)
    unit = ma.fields.String(required=True)
    baseline = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "A decimal, as text"}
    )
    target = ma.fields.String(required=True, allow_none=True, metadata={"description": "A decimal, as text"})
    check_in_every_days = ma.fields.Integer(required=True)
    next_check_in = ma.fields.Date(required=True, allow_none=True)
    overdue = ma.fields.Boolean(required=True, metadata={"description": "The follow-up is overdue"})
    check_ins = ma.fields.List(
        ma.fields.Nested(CheckInSchema), required=True, metadata={"description": "Oldest first"}
    )


class PartnershipSummarySchema(ma.Schema):
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(STATUSES))
    theme = ma.fields.Nested(PartnershipThemeSchema, required=True, allow_none=True)
    start_date = ma.fields.Date(required=True, allow_none=True)
    end_date = ma.fields.Date(required=True, allow_none=True)
    partners = ma.fields.List(ma.fields.Nested(PartnerSchema), required=True)


class PartnershipListSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(PartnershipSummarySchema),
        required=True,
        metadata={"description": "Newest start first, at most 200"},
    )


class PartnershipDetailSchema(PartnershipSummarySchema):
    how_it_arose = ma.fields.String(required=True)
    what_it_does = ma.fields.String(required=True)
    advice = ma.fields.String(required=True, metadata={"description": "Advice to others"})
    contact_role = ma.fields.String(required=True, metadata={"description": "A role, never a person's name"})
    kpis = ma.fields.List(ma.fields.Nested(KpiSchema), required=True)
