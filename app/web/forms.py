"""Helpers shared by every form view."""

from __future__ import annotations

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import ValidationError

from app.errors import DomainError
from app.single_line import has_control_characters


class SingleLine:
    """Refuse line breaks and other control characters in a one-line field (names, titles,
    anything that can end up in a mail subject or header)."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str) and has_control_characters(field.data):
            raise ValidationError(self.message or str(_l(
                "Write it on one line, without line breaks or other special characters.")))


def apply_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's error on the field it names, or as a flash message."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(str(error.message), "error")
