"""URL converters: `<int:...>` everywhere means a 32-bit database id."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, Map, ValidationError

MAX_ID = 2**31 - 1  # ids are 32-bit integers: a larger one cannot exist (and overflows a query)


class IdConverter(IntegerConverter):
    """`int`, bounded to 0..2**31-1: /tokens/99999999999999999999 is a 404, not an overflow.
    The bounds also reach the OpenAPI document (minimum/maximum of every integer path parameter)."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        upper = MAX_ID if max is None or max > MAX_ID else max
        super().__init__(
            map, fixed_digits=fixed_digits, min=0 if min is None else min, max=upper, signed=signed
        )

    def to_python(self, value: str) -> Any:
        """Out of range is a 404 straight away. Werkzeug's own refusal (ValidationError) would
        report a 405 when a rule for another method shares the path (GET and POST .../comments)."""
        try:
            return super().to_python(value)
        except ValidationError:
            raise NotFound() from None


def register_converters(app: Flask) -> None:
    """Before any blueprint: a rule binds its converter when it is added to the map."""
    app.url_map.converters["int"] = IdConverter
