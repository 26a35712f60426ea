"""Shapes of the companies' solutions with their adoption counts, and of an adoption."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from app.api.schemas import RequestSchema
from app.api.schemas.business import NO_NUL, _codes, _text, _values
from app.business.models import SolutionCategory, SolutionState
from app.solutions.models import ContactState
from app.sparring.models import ContactMethod


class JsonBoolean(ma.fields.Boolean):
    """true or false only: 0, 1, "yes" and the like are a 422, as the schema says."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class SolutionQuerySchema(RequestSchema):
    theme = ma.fields.String(
        load_default=None,
        validate=[ma.validate.Length(max=60), ma.validate.Regexp(NO_NUL)],
        metadata={"description": "A theme's slug from GET /plan; an unknown slug matches nothing"},
    )
    kind = ma.fields.String(
        load_default=None,
        validate=ma.validate.OneOf(_values(SolutionCategory)),
        metadata={"description": _codes(SolutionCategory)},
    )


class SolutionCompanySchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class SolutionThemeSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True, metadata={"description": "Localised"})


class ListedSolutionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, metadata={"description": _codes(SolutionCategory)})
    state = ma.fields.String(required=True, metadata={"description": _codes(SolutionState)})
    theme = ma.fields.Nested(SolutionThemeSchema, allow_none=True, required=True)
    co2e_kg_per_year = ma.fields.Float(
        allow_none=True, required=True, metadata={"description": "An estimate; null: no claim"}
    )
    co2e_source = ma.fields.String(required=True)
    featured = ma.fields.Boolean(required=True)
    adoptions = ma.fields.Integer(required=True, metadata={"description": "Companies that want to do it too"})
    company = ma.fields.Nested(SolutionCompanySchema, required=True)


class SolutionListSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(ListedSolutionSchema),
        required=True,
        metadata={"description": "Featured first, then the most adopted, then by title"},
    )


class AdoptionCreateSchema(RequestSchema):
    message = _text(min_length=1, max_length=4000, required=True)
    topic = _text(
        min_length=1,
        max_length=160,
        load_default=None,
        one_line=True,
        metadata={"description": 'Default: "Vi vil gøre som <company>: <title>"'},
    )
    contact_method = ma.fields.String(
        load_default=ContactMethod.EMAIL.value,
        validate=ma.validate.OneOf(_values(ContactMethod)),
        metadata={"description": _codes(ContactMethod)},
    )
    contact_time = _text(max_length=120, load_default="", one_line=True)
    wants_contact = JsonBoolean(
        load_default=False,
        metadata={"description": "Ask the solution's company to be put in contact (it accepts or declines)"},
    )


class AdoptionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    solution_id = ma.fields.Integer(required=True)
    sparring_request_id = ma.fields.Integer(
        required=True, metadata={"description": "GET /sparring/requests/{id} follows it up"}
    )
    wants_contact = ma.fields.Boolean(required=True)
    contact_state = ma.fields.String(required=True, metadata={"description": _codes(ContactState)})
    created_at = ma.fields.DateTime(required=True)
