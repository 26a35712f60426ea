"""Responses shared by the account views and other features' views (sign-up, the account page).

They live outside routes.py so that another feature's views may use them (business sign-up,
the privacy export and deletion views) without importing this feature's routes.
"""

from __future__ import annotations

from flask import Response, flash, make_response, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_user

from app.accounts.forms import (
    ButtonForm,
    ChangePasswordForm,
    DeleteAccountForm,
    MoveNeighbourhoodForm,
    ProfileForm,
)
from app.accounts.models import User
from app.accounts.queries import tokens_of
from app.accounts.services import next_neighbourhood_move_on, normalise_email
from app.clock import utcnow
from app.neighbourhoods.queries import all_neighbourhoods


def signed_up(user: User | None, *, email: str, next_url: str) -> Response:
    """The one answer to a sign-up form, whether the address was new (`user`: logged in at
    once) or already had an account (None: its owner was mailed instead): the same redirect
    and the same message, built only from what was typed in."""
    if user is not None:
        login_user(user)
    flash(
        _(
            "Check your mail: we have sent a mail to %(email)s. Follow the link in it to "
            "confirm your address.",
            email=normalise_email(email),
        ),
        "success",
    )
    return redirect(next_url, 303)  # type: ignore[return-value]


def with_area_choices(form: MoveNeighbourhoodForm) -> MoveNeighbourhoodForm:
    form.neighbourhood_id.choices = [(0, _("Choose…"))] + [(n.id, n.name) for n in all_neighbourhoods()]
    return form


def account_page(status: int = 200, **forms: object) -> Response:
    """The account page with fresh forms, except those passed in (a refused one, re-shown)."""
    context = {
        "profile_form": ProfileForm(obj=current_user, formdata=None),
        "password_form": ChangePasswordForm(formdata=None),
        "move_form": with_area_choices(MoveNeighbourhoodForm(formdata=None)),
        "delete_form": DeleteAccountForm(formdata=None),
        "resend_form": ButtonForm(formdata=None),
    }
    context.update(forms)
    move_allowed_on = (
        next_neighbourhood_move_on(user=current_user) if current_user.neighbourhood_id is not None else None
    )
    return make_response(
        render_template(
            "accounts/account.html",
            move_allowed_on=move_allowed_on,
            api_tokens=tokens_of(current_user, utcnow()),
            **context,
        ),
        status,
    )
