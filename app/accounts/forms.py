"""Account forms: they check shape only; the services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from app.accounts.services import ALIAS_MAX, EMAIL_MAX
from app.web.forms import SingleLine


class RegisterForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=EMAIL_MAX, message=_l("The e-mail address is too long.")),
            Email(_l("Enter a valid e-mail address.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(max=128, message=_l("Use at most 128 characters.")),
        ],
    )
    password_confirm = PasswordField(
        _l("Repeat password"),
        validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
    )
    alias = StringField(
        _l("Public alias"),
        validators=[
            DataRequired(_l("Choose an alias.")),
            Length(min=3, max=ALIAS_MAX, message=_l("An alias is 3-40 characters.")),
            SingleLine(),
        ],
    )
    neighbourhood_id = SelectField(
        _l("Neighbourhood"), coerce=int, validators=[InputRequired(_l("Choose your neighbourhood."))]
    )
    show_in_rankings = BooleanField(_l("Show my alias in my neighbourhood's top list"))


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=EMAIL_MAX)]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=128)]
    )
    remember = BooleanField(_l("Remember me on this device"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=EMAIL_MAX)]
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(max=128, message=_l("Use at most 128 characters.")),
        ],
    )
    password_confirm = PasswordField(
        _l("Repeat new password"),
        validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
    )


class ButtonForm(FlaskForm):
    """A form that is only a button: it carries the CSRF token."""


class ChangePasswordForm(ResetPasswordForm):
    """The reset form's new password and its repetition, behind the current password."""

    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )


class ProfileForm(FlaskForm):
    alias = StringField(
        _l("Public alias"),
        validators=[
            DataRequired(_l("Choose an alias.")),
            Length(min=3, max=ALIAS_MAX, message=_l("An alias is 3-40 characters.")),
            SingleLine(),
        ],
    )
    show_in_rankings = BooleanField(_l("Show my alias in my neighbourhood's top list"))


class DeleteAccountForm(FlaskForm):
    # Own ids: /konto also has the change-password form, whose field is called "password" too.
    password = PasswordField(
        _l("Your password"), id="delete-password", validators=[DataRequired(_l("Enter your password."))]
    )
    confirm = BooleanField(
        _l("I understand that my account is deleted and cannot be restored"),
        id="delete-confirm",
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class MoveNeighbourhoodForm(FlaskForm):
    neighbourhood_id = SelectField(
        _l("New neighbourhood"), coerce=int, validators=[InputRequired(_l("Choose your neighbourhood."))]
    )
