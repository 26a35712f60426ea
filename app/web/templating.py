"""Template globals and filters: locale-aware numbers, CO2 in kg, localised catalogue fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import Flask, current_app
from flask_babel import format_date, format_decimal, format_percent, get_locale

from app.actions.rules import format_quantity


def current_locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def number(value: float | int | Decimal | None, digits: int = 0) -> str:
    """1234.5 -> '1.234,5' in Danish, '1,234.5' in English."""
    if value is None:
        return ""
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=fmt))


def kg(grams: int | None, digits: int = 1) -> str:
    """CO2e grams as kilograms with the locale's separators."""
    if grams is None:
        return ""
    return number(grams / 1000, digits)


def quantity(value: Decimal) -> str:
    text = format_quantity(value)
    return text.replace(".", ",") if current_locale() == "da" else text


def percent(fraction: float, digits: int = 1) -> str:
    return str(format_percent(fraction, format="#,##0." + "0" * digits + " %"))


def localised(obj: Any, field: str) -> str:
    """obj.<field>_da or obj.<field>_en for the current locale."""
    suffix = "en" if current_locale() == "en" else "da"
    return str(getattr(obj, f"{field}_{suffix}"))


def day(value: date, fmt: str = "d. MMMM") -> str:
    return str(format_date(value, fmt))


def bar_width(fraction: float | None) -> str:
    """A CSS class for a progress bar `fraction` full (0-100 %, whole percent): the Content
    Security Policy forbids style="" attributes, so static/css/app.css defines .bar-w-0 … 100."""
    percent_full = round(float(fraction or 0) * 100)
    return f"bar-w-{min(max(percent_full, 0), 100)}"


def register_template_helpers(app: Flask) -> None:
    from app.outbox.services import absolute_url

    # public_url(): an absolute link from PUBLIC_BASE_URL, never from the request's Host header.
    app.jinja_env.globals.update(current_locale=current_locale, localised=localised,
                                 public_url=absolute_url)
    app.jinja_env.filters.update(number=number, kg=kg, quantity=quantity, percent=percent, day=day,
                              bar_width=bar_width)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
