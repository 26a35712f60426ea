"""Opaque cursors for keyset pagination: the client passes back `next_cursor` as `cursor`."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from flask_babel import lazy_gettext as _l

from app.errors import ValidationError
from app.web.converters import MAX_ID as MAX_ID  # one bound for path ids and cursor ids

BAD_CURSOR = _l("The cursor is not valid; start again from the first page.")


def is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, arity: int) -> list[Any] | None:
    """The position a cursor encodes, or None for the first page; garbage is a 422."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != arity:
        raise ValidationError(BAD_CURSOR, field="cursor")
    return values


def decode_id_cursor(cursor: str | None) -> int | None:
    """The id a newest-first keyset cursor holds, or None for the first page."""
    position = decode_cursor(cursor, arity=1)
    if position is None:
        return None
    if not is_id(position[0]):
        raise ValidationError(BAD_CURSOR, field="cursor")
    return int(position[0])
