"""Business forms: they check shape only; the services check the rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, NumberRange, Optional

from app.accounts.services import ALIAS_MAX, EMAIL_MAX
from app.business.labels import PLEDGE_STATUSES, SECTORS, SIZE_BANDS, SOLUTION_CATEGORIES, SOLUTION_STATES
from app.web.forms import LocaleDecimalField, SingleLine


def _choices(labels: Mapping[Any, Any], *, empty: Any = None) -> list[SelectChoice]:
    choices = [SelectChoice(str(code), label) for code, label in labels.items()]
    return [SelectChoice("", empty), *choices] if empty is not None else choices


class BusinessAccountForm(FlaskForm):
    email = EmailField(
        _l("Work e-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=EMAIL_MAX, message=_l("The e-mail address is too long.")),
            Email(_l("Enter a valid e-mail address.")),
        ],
    )
    alias = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(min=3, max=ALIAS_MAX, message=_l("Use 3-40 characters.")),
            SingleLine(),
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


class CompanyForm(FlaskForm):
    name = StringField(
        _l("Company name"),
        validators=[DataRequired(_l("Enter the company's name.")), Length(max=160), SingleLine()],
    )
    cvr = StringField(
        _l("CVR number"), validators=[DataRequired(_l("Enter the CVR number.")), Length(max=20), SingleLine()]
    )
    address = StringField(
        _l("Address"), validators=[DataRequired(_l("Enter the address.")), Length(max=200), SingleLine()]
    )
    neighbourhood_id = SelectField(
        _l("Neighbourhood"), coerce=int, validators=[InputRequired(_l("Choose the neighbourhood."))]
    )
    sector = SelectField(
        _l("Sector"),
        choices=_choices(SECTORS, empty=_l("Choose…")),
        validators=[DataRequired(_l("Choose a sector."))],
    )
    size_band = SelectField(
        _l("Size"),
        choices=_choices(SIZE_BANDS, empty=_l("Choose…")),
        validators=[DataRequired(_l("Choose the number of employees."))],
    )
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300), SingleLine()])
    contact_name = StringField(
        _l("Contact person"),
        validators=[DataRequired(_l("Enter a contact person.")), Length(max=120), SingleLine()],
    )
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=EMAIL_MAX),
            Email(_l("Enter a valid e-mail address.")),
        ],
    )
    contact_phone = StringField(
        _l("Contact phone (optional)"), validators=[Optional(), Length(max=30), SingleLine()]
    )
    about = TextAreaField(_l("About the company (optional)"), validators=[Optional(), Length(max=2000)])


class CompanyEditForm(CompanyForm):
    show_sparring_journeys = BooleanField(_l("Show our completed sparring journeys on our public page"))


class SolutionForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the solution a title.")), Length(max=160), SingleLine()],
    )
    description = TextAreaField(
        _l("Description"), validators=[DataRequired(_l("Describe the solution.")), Length(max=3000)]
    )
    category = SelectField(
        _l("Category"),
        choices=_choices(SOLUTION_CATEGORIES, empty=_l("Choose…")),
        validators=[DataRequired(_l("Choose a category."))],
    )
    effect = StringField(
        _l("Measured effect (optional)"), validators=[Optional(), Length(max=200), SingleLine()]
    )
    effect_source = StringField(
        _l("Source of the effect"), validators=[Optional(), Length(max=300), SingleLine()]
    )
    # Choices: "" and the municipality's plan themes, set by the view (forms run no queries).
    theme_id = SelectField(_l("Climate plan theme"), choices=[], default="")
    state = SelectField(_l("How far are you?"), choices=_choices(SOLUTION_STATES), default="in_use")
    co2e_kg_per_year = LocaleDecimalField(
        _l("Estimated saving, kg CO2e a year (optional)"),
        places=1,
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000_000, message=_l("Give a number between 0 and 100,000,000.")),
        ],
    )
    co2e_source = StringField(
        _l("Source of the estimate"), validators=[Optional(), Length(max=300), SingleLine()]
    )


class PledgeForm(FlaskForm):
    title = StringField(
        _l("We pledge to"),
        validators=[DataRequired(_l("Say what you pledge.")), Length(max=160), SingleLine()],
    )
    description = TextAreaField(_l("Details (optional)"), validators=[Optional(), Length(max=2000)])
    target_date = DateField(
        _l("Target date"), validators=[InputRequired(_l("Enter a date, e.g. 2027-12-31."))]
    )
    status = SelectField(_l("Status"), choices=_choices(PLEDGE_STATUSES))
    theme_id = SelectField(_l("Climate plan theme"), choices=[], default="")


class PledgeStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=_choices(PLEDGE_STATUSES))


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail of the person you invite"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=EMAIL_MAX),
            Email(_l("Enter a valid e-mail address.")),
        ],
    )


class TeamForm(FlaskForm):
    name = StringField(
        _l("Team name"), validators=[DataRequired(_l("Give the team a name.")), Length(max=80), SingleLine()]
    )


class JoinTeamForm(FlaskForm):
    code = StringField(
        _l("Join code"), validators=[DataRequired(_l("Enter the join code.")), Length(max=20), SingleLine()]
    )


class EmptyForm(FlaskForm):
    """A button-only form: carries the CSRF token."""
