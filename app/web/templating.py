"""Template globals and filters: locale-aware numbers, CO2 in kg, localised catalogue fields."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from flask import Flask, current_app, url_for
from flask_babel import format_decimal, format_percent
from jinja2 import pass_context

from app.i18n import current_locale, day, decimal, input_decimal, moment
from app.outbox.services import absolute_url
from app.tenancy.context import municipality_name


def number(value: float | int | Decimal | None, digits: int = 0) -> str:
    """1234.5 -> '1.234,5' in Danish, '1,234.5' in English."""
    if value is None:
        return ""
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=fmt))


def score(value: float | None) -> str:
    """A fair score with its sign and one decimal: '+1,3', '-0,4' in Danish; '' for no score."""
    if value is None:
        return ""
    return str(format_decimal(value, format="+#,##0.0;-#,##0.0"))


def kg(grams: int | None, digits: int = 1) -> str:
    """CO2e grams as kilograms with the locale's separators."""
    if grams is None:
        return ""
    return number(grams / 1000, digits)


def quantity(value: Decimal | None, digits: int = 4) -> str:
    """A quantity or a per-unit figure with only the decimals it has: 2.50 -> '2,5', 1E+1 -> '10'."""
    return decimal(value, digits)


def percent(fraction: float, digits: int = 1) -> str:
    return str(format_percent(fraction, format="#,##0." + "0" * digits + " %"))


def localised(obj: Any, field: str) -> str:
    """obj.<field>_da or obj.<field>_en for the current locale."""
    suffix = "en" if current_locale() == "en" else "da"
    return str(getattr(obj, f"{field}_{suffix}"))


def _locale_ngettext(original: Callable[..., str]) -> Callable[..., str]:
    """Jinja's ngettext, with `%(num)s` written in the locale ('1.030 point', '1,030 points')."""

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", decimal(num))
        return original(context, singular, plural, num, **variables)

    return ngettext


def bar_width(fraction: float | None) -> str:
    """A CSS class for a progress bar `fraction` full (0-100 %, whole percent): the Content
    Security Policy forbids style="" attributes, so static/css/app.css defines .bar-w-0 … 100."""
    percent_full = round(float(fraction or 0) * 100)
    return f"bar-w-{min(max(percent_full, 0), 100)}"


def _asset_url(app: Flask) -> Callable[[str], str]:
    """asset_url('vendor/htmx.min.js') -> '/static/vendor/htmx.min.js?v=<content hash>'.

    The hash changes when the file does (a new htmx or Swagger UI from npm, an edited app.css),
    so a browser or proxy holding the old copy fetches the new one; the path stays what CSP's
    'self' and the Makefile's copy step know. Each file is hashed once per process, on first use.
    A file that is not there (static/vendor before `make setup`) gets the plain URL."""
    static = Path(app.static_folder or "static")

    @functools.cache
    def version(filename: str) -> str | None:
        try:
            return hashlib.sha256((static / filename).read_bytes()).hexdigest()[:12]
        except OSError:
            return None

    def asset_url(filename: str) -> str:
        digest = version(filename)
        values: dict[str, Any] = {"v": digest} if digest else {}
        return url_for("static", filename=filename, **values)

    return asset_url


def asset_url(filename: str) -> str:
    """The `asset_url` template global, for views that hand out static URLs outside a template
    (the manifest's icons, the service worker's app shell)."""
    helper = cast(Callable[[str], str], current_app.jinja_env.globals["asset_url"])
    return helper(filename)


def register_template_helpers(app: Flask) -> None:
    installed = app.jinja_env.globals.get("ngettext")  # Flask-Babel's, through jinja2.ext.i18n
    if callable(installed):
        app.jinja_env.globals["ngettext"] = _locale_ngettext(installed)
    # public_url(): an absolute link from PUBLIC_BASE_URL, never from the request's Host header.
    app.jinja_env.globals.update(
        current_locale=current_locale,
        localised=localised,
        public_url=absolute_url,
        asset_url=_asset_url(app),
        municipality_name=municipality_name,
    )
    app.jinja_env.filters.update(
        number=number,
        score=score,
        kg=kg,
        quantity=quantity,
        percent=percent,
        day=day,
        moment=moment,
        input_decimal=input_decimal,
        bar_width=bar_width,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
