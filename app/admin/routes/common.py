"""Small helpers shared by the admin views."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, make_response, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from app.actions.labels import category_names
from app.actions.models import Category
from app.web.htmx import is_partial_request


def category_choices(*, blank: str | None = None) -> list[SelectChoice]:
    names = category_names()
    choices = [SelectChoice(c.value, names.get(c.value, c.value)) for c in Category]
    return [SelectChoice("", blank), *choices] if blank is not None else choices


def done(message: str, target: str, *, partial: str | None = None, **context: Any) -> ResponseReturnValue:
    """After a successful write: the partial for a real htmx request, else flash + 303."""
    if partial is not None and is_partial_request():
        return make_response(render_template(partial, message=message, **context))
    flash(message, "success")
    return redirect(target, 303)


def form_page(form: FlaskForm, template: str, /, **context: Any) -> Response:
    """A form's page: 200 for the first GET, 422 when a submitted form has to be shown again."""
    return make_response(render_template(template, **context), 422 if form.is_submitted() else 200)


def require_confirmation() -> None:
    """A button-only POST must still carry a valid CSRF token (400 otherwise)."""
    from flask import abort

    from app.admin.forms import ConfirmForm

    if not ConfirmForm().validate_on_submit():
        abort(400)
