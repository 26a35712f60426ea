"""The form-submit dance every web view repeats: validate, call the service, answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Response, flash, redirect, request
from flask_wtf import FlaskForm

from app.errors import DomainError
from app.web.forms import apply_domain_error

T = TypeVar("T")


def submit(
    form: FlaskForm,
    call: Callable[[], T],
    *,
    done: str | Callable[[T], str],
    to: str | Callable[[T], str],
    category: str = "success",
) -> Response | None:
    """Run `call` for a valid submitted form; on success flash `done` and 303 to `to`.

    Returns None when the view must show the form again: a GET, an invalid form, or a
    service refusal (a DomainError, copied onto the field it names or flashed). Both `done`
    and `to` may be functions of the service's result, for messages that name what was saved.
    """
    if not form.validate_on_submit():
        return None
    try:
        result = call()
    except DomainError as error:
        apply_domain_error(form, error)
        return None
    flash(done(result) if callable(done) else done, category)
    return redirect(to(result) if callable(to) else to, 303)  # type: ignore[return-value]


def form_status() -> int:
    """422 when a POST has to show its form again (htmx swaps it), 200 for the first GET."""
    return 422 if request.method == "POST" else 200


def attempt(
    call: Callable[[], T],
    *,
    done: str | Callable[[T], str],
    category: str = "success",
    refused: str = "error",
) -> None:
    """Run a one-button service call whose outcome is only a flash (the view then redirects):
    the success message, or the service's refusal in the `refused` category."""
    try:
        result = call()
    except DomainError as error:
        flash(str(error.message), refused)
        return
    flash(done(result) if callable(done) else done, category)
