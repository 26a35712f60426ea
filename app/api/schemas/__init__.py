"""Marshmallow schemas: the API's explicit serializers and request shapes (documented in OpenAPI)."""

from __future__ import annotations

import marshmallow as ma


class RequestSchema(ma.Schema):
    """Request bodies refuse unknown fields, so a typo is a 422, not a silent no-op."""

    class Meta:
        unknown = ma.RAISE


class CursorQuerySchema(RequestSchema):
    cursor = ma.fields.String(load_default=None,
                              metadata={"description": "next_cursor from the previous page"})
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100),
                              metadata={"description": "Items per page (1–100)"})


class NeighbourhoodRefSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


def page_schema(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A cursor page of `item`: {items, next_cursor}."""
    return type(name, (ma.Schema,), {
        "items": ma.fields.List(ma.fields.Nested(item), required=True),
        "next_cursor": ma.fields.String(allow_none=True, required=True,
                                        metadata={"description": "null on the last page"}),
    })
