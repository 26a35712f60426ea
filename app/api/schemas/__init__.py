"""Marshmallow schemas: the API's explicit serializers and request shapes (documented in OpenAPI)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import marshmallow as ma

from app.single_line import has_control_characters

SINGLE_LINE_ERROR = "Use one line: no line breaks or control characters."


def single_line(value: str) -> None:
    """A marshmallow validator for one-line text (names, titles, what may reach a mail header)."""
    if isinstance(value, str) and has_control_characters(value):
        raise ma.ValidationError(SINGLE_LINE_ERROR)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class RequestSchema(ma.Schema):
    """Request bodies refuse unknown fields, so a typo is a 422, not a silent no-op; text with
    NUL characters is refused here (PostgreSQL cannot store it)."""

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def refuse_nul(self, data: Any, **_: Any) -> Any:
        if isinstance(data, Mapping):
            bad = {str(key): ["Text may not contain NUL characters."]
                   for key, value in data.items() if _has_nul(key) or _has_nul(value)}
            if bad:
                raise ma.ValidationError(bad)
        return data


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
