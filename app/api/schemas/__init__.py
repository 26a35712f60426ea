"""Marshmallow schemas: the API's explicit serializers and request shapes (documented in OpenAPI)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, AnyStr

import marshmallow as ma

from app.single_line import has_control_characters

SINGLE_LINE_ERROR = "Use one line: no line breaks or control characters."
# The same characters as app.single_line.CONTROL_CHARACTERS, written for the OpenAPI document
# (JSON Schema patterns are ECMA regexes: \uXXXX escapes, no \Z).
SINGLE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$"


class _SingleLine(ma.validate.Regexp):
    """One-line text (names, titles, what may reach a mail header). A Regexp, so apispec writes
    the pattern into the OpenAPI document and clients know the rule; the check itself is
    app.single_line's, since Python's `$` would let a final newline through."""

    def __call__(self, value: AnyStr) -> AnyStr:
        if isinstance(value, str) and has_control_characters(value):
            raise ma.ValidationError(SINGLE_LINE_ERROR)
        return value


single_line = _SingleLine(SINGLE_LINE_PATTERN, error=SINGLE_LINE_ERROR)


NUL_MESSAGE = "Text may not contain NUL characters."
SURROGATE_MESSAGE = "Text must be valid Unicode (no lone surrogates)."


def _text_problem(value: Any) -> str | None:
    """Why this text (or any text inside it) cannot be stored, or None.

    JSON may carry "\\ud800", a lone surrogate: Python decodes it, but it cannot be encoded as
    UTF-8, so the database driver (or the Argon2 check) would fail on it with a 500.
    """
    if isinstance(value, str):
        if "\x00" in value:
            return NUL_MESSAGE
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return SURROGATE_MESSAGE
        return None
    if isinstance(value, dict):
        items: list[Any] = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        return None
    return next((found for found in map(_text_problem, items) if found), None)


class RequestSchema(ma.Schema):
    """Request bodies refuse unknown fields, so a typo is a 422, not a silent no-op; text with
    NUL characters (PostgreSQL cannot store it) or lone surrogates (not UTF-8) is refused here,
    for every field of every request schema."""

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def refuse_unstorable_text(self, data: Any, **_: Any) -> Any:
        if isinstance(data, Mapping):
            bad = {
                _field_name(key): [found]
                for key, value in data.items()
                if (found := _text_problem(key) or _text_problem(value))
            }
            if bad:
                raise ma.ValidationError(bad)
        return data


def _field_name(key: Any) -> str:
    """The key as the error names it; a key that is itself bad text comes back escaped."""
    return str(key).encode("utf-8", "backslashreplace").decode("utf-8")


# Cursors are URL-safe base64 without padding (app/api/pagination.encode_cursor).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
CURSOR_MAX_LENGTH = 512


def _cursor_shape(value: str) -> None:
    """Alphabet and length, refused with the one bad-cursor message (the schema states both)."""
    from app.api.pagination import BAD_CURSOR

    if not (0 < len(value) <= CURSOR_MAX_LENGTH and re.fullmatch(CURSOR_PATTERN, value)):
        raise ma.ValidationError(str(BAD_CURSOR))


class CursorQuerySchema(RequestSchema):
    cursor = ma.fields.String(
        load_default=None,
        validate=_cursor_shape,
        metadata={
            "description": "next_cursor from the previous page (opaque, URL-safe base64)",
            "pattern": CURSOR_PATTERN,
            "minLength": 1,
            "maxLength": CURSOR_MAX_LENGTH,
        },
    )
    limit = ma.fields.Integer(
        load_default=20,
        validate=ma.validate.Range(min=1, max=100),
        metadata={"description": "Items per page (1–100)"},
    )


class NeighbourhoodRefSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


def page_schema(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A cursor page of `item`: {items, next_cursor}."""
    return type(
        name,
        (ma.Schema,),
        {
            "items": ma.fields.List(ma.fields.Nested(item), required=True),
            "next_cursor": ma.fields.String(
                allow_none=True, required=True, metadata={"description": "null on the last page"}
            ),
        },
    )
