"""Helpers shared by every form view."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from app.errors import DomainError


def apply_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's error on the field it names, or as a flash message."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(str(error.message), "error")
