"""Helpers shared by every form view."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import StopValidation

from app.errors import DomainError
from app.web.params import MAX_DAY, MIN_DAY, in_day_range


def apply_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's error on the field it names, or as a flash message."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(str(error.message), "error")


class DayField(DateField):
    """A DateField that refuses days outside MIN_DAY..MAX_DAY with a clear message: 9999-12-31 or
    0001-01-01 would overflow wherever a day becomes a UTC moment or gets a day added."""

    def pre_validate(self, form: Any) -> None:
        super().pre_validate(form)
        if isinstance(self.data, date) and not in_day_range(self.data):
            self.errors.append(_l("Choose a day between %(first)s and %(last)s.",
                                  first=MIN_DAY.isoformat(), last=MAX_DAY.isoformat()))
            raise StopValidation()
