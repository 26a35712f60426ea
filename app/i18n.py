"""Numbers and dates as text, always in the reader's locale (never str(Decimal)), and reading them back."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask import current_app, has_request_context
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel.speaklater import LazyString

Number = int | float | Decimal

# Babel patterns that print a point after the day ("27. november") are Danish style; English
# writes "27 November".
_DAY_WITH_POINT = re.compile(r"\bd\. ")


def current_locale() -> str:
    """The request's language ("da" or "en"); the configured default outside a request."""
    locale = get_locale() if has_request_context() else None
    return str(locale or current_app.config["BABEL_DEFAULT_LOCALE"])


def decimal(value: Number | None, max_digits: int = 2, *, grouping: bool = True) -> str:
    """A number with up to `max_digits` decimals in the locale: 57.5 -> '57,5' in Danish.

    Never an exponent (Decimal('1E+1') -> '10'), no trailing zeros ('2.50' -> '2,5').
    """
    if value is None:
        return ""
    pattern = ("#,##0" if grouping else "0") + ("." + "#" * max_digits if max_digits else "")
    return str(format_decimal(Decimal(str(value)) if isinstance(value, float) else value, format=pattern))


def input_decimal(value: Number | None, max_digits: int = 4) -> str:
    """A number for a text input (inputmode=decimal): the locale's separator, no grouping,
    so what the form shows is what it reads back."""
    return decimal(value, max_digits, grouping=False)


def lazy_decimal(value: Number, max_digits: int = 2) -> LazyString:
    """A number formatted when the message is shown, in the language of that reader (for the
    lazy messages services raise: the web page and the API problem detail each render it)."""
    return LazyString(decimal, value, max_digits)


def day(value: date, fmt: str = "d. MMMM") -> str:
    """A date with a Babel pattern written the Danish way; English drops the day's point."""
    if current_locale() != "da":
        fmt = _DAY_WITH_POINT.sub("d ", fmt)
    return str(format_date(value, fmt))


def moment(value: datetime, fmt: str = "d. MMM y HH:mm") -> str:
    """A UTC datetime in the configured time zone, same pattern rule as `day`."""
    if current_locale() != "da":
        fmt = _DAY_WITH_POINT.sub("d ", fmt)
    return str(format_datetime(value, fmt))


class AmbiguousNumber(ValueError):
    """'1.234' or '1,234': a thousand separator or a decimal one? The reader cannot tell."""


def parse_decimal(raw: str) -> Decimal:
    """Read a number typed with a decimal comma or a decimal point ('30,5', '0.141').

    Thousand separators are refused, because '1.234' is 1234 in Danish and 1.234 in English:
    two different separators, a repeated one, or one followed by exactly three digits after a
    leading group of 1-3 digits that is not 0 raise AmbiguousNumber; anything else that is not
    a finite number raises ValueError.
    """
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    separators = [c for c in text if c in ".,"]
    if len(separators) > 1:
        raise AmbiguousNumber(text)
    if separators:
        whole, _, fraction = text.partition(separators[0])
        digits = whole.lstrip("+-")
        if len(fraction) == 3 and digits.isdigit() and len(digits) <= 3 and digits != "0":
            raise AmbiguousNumber(text)
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(raw)
    try:
        value = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above already refuses it
        raise ValueError(raw) from exc
    return value
