"""Helpers shared by every form view."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from flask_wtf import FlaskForm
from wtforms import DateField, Field
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import TextInput

from app.errors import DomainError
from app.i18n import AmbiguousNumber, input_decimal, parse_decimal
from app.single_line import has_control_characters
from app.web.params import MAX_DAY, MIN_DAY, in_day_range


class SingleLine:
    """Refuse line breaks and other control characters in a one-line field (names, titles,
    anything that can end up in a mail subject or header)."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str) and has_control_characters(field.data):
            raise ValidationError(
                self.message
                or str(_l("Write it on one line, without line breaks or other special characters."))
            )


def apply_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's error on the field it names, or as a flash message."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(str(error.message), "error")


class LocaleDecimalField(Field):
    """A decimal typed with a comma or a point ('30,5', '0.141'), shown back in the locale.

    A text input with inputmode=decimal: a type=number input drops a Danish comma in some
    browsers, so '30,5' arrived as 305. Thousand separators are refused ('1.234,5'), because
    '1.234' means 1234 in Danish and 1.234 in English.
    """

    widget = TextInput()
    data: Decimal | None

    def __init__(self, label: Any = None, validators: Any = None, *, places: int = 2, **kwargs: Any) -> None:
        render_kw = {"inputmode": "decimal", "autocomplete": "off", **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.places = places

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return input_decimal(self.data, self.places) if self.data is not None else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            value = parse_decimal(str(valuelist[0]))
        except AmbiguousNumber as exc:
            self.data = None
            raise ValueError(
                _l(
                    "Write the number without thousand separators, e.g. %(example)s.",
                    example=input_decimal(Decimal("1234.5")),
                )
            ) from exc
        except ValueError as exc:
            self.data = None
            raise ValueError(
                _l("Enter a number, e.g. %(example)s.", example=input_decimal(Decimal("2.5")))
            ) from exc
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.places:
            self.data = None
            raise ValueError(
                _ln("Use at most %(num)s decimal.", "Use at most %(num)s decimals.", self.places)
            )
        self.data = value


class DayField(DateField):
    """A DateField that refuses days outside MIN_DAY..MAX_DAY with a clear message: 9999-12-31 or
    0001-01-01 would overflow wherever a day becomes a UTC moment or gets a day added."""

    def pre_validate(self, form: Any) -> None:
        super().pre_validate(form)
        if isinstance(self.data, date) and not in_day_range(self.data):
            self.errors.append(
                _l(
                    "Choose a day between %(first)s and %(last)s.",
                    first=MIN_DAY.isoformat(),
                    last=MAX_DAY.isoformat(),
                )
            )
            raise StopValidation()
