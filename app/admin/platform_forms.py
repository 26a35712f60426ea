"""The platform administrator's forms (app/admin/platform.py); the catalogue and offer forms
are the municipal admin's (app/admin/forms.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from app.admin.forms import MultiCheckboxField
from app.web.forms import DayField, LocaleDecimalField, SingleLine


class PlatformLoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail.")), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=200)]
    )


class MunicipalityForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the municipality's name.")), Length(max=120), SingleLine()],
    )
    slug = StringField(
        _l("Address (slug)"), validators=[DataRequired(_l("Enter an address.")), Length(max=60), SingleLine()]
    )
    host_name = StringField(
        _l("Own domain (optional)"), validators=[Optional(), Length(max=253), SingleLine()]
    )
    inhabitants = IntegerField(
        _l("Inhabitants"),
        validators=[
            InputRequired(_l("Enter the number of inhabitants.")),
            NumberRange(min=1, max=10_000_000),
        ],
    )
    inhabitants_year = IntegerField(
        _l("Counted in (year)"), validators=[Optional(), NumberRange(min=1900, max=2100)]
    )
    inhabitants_source = TextAreaField(
        _l("Source of the number of inhabitants"), validators=[Length(max=1000)]
    )
    areas_file = FileField(_l("Areas (CSV file)"))
    areas_text = TextAreaField(_l("…or paste the areas (CSV)"), validators=[Length(max=200_000)])
    admin_email = EmailField(
        _l("First administrator's e-mail"),
        validators=[
            DataRequired(_l("Enter an e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    admin_alias = StringField(
        _l("First administrator's display name"),
        validators=[DataRequired(_l("Enter a name.")), Length(min=3, max=40), SingleLine()],
    )


class InterChallengeForm(FlaskForm):
    title_da = StringField(
        _l("Title (Danish)"), validators=[DataRequired(_l("Enter a title.")), Length(max=120), SingleLine()]
    )
    title_en = StringField(
        _l("Title (English)"), validators=[DataRequired(_l("Enter a title.")), Length(max=120), SingleLine()]
    )
    slug = StringField(
        _l("Address (slug)"),
        validators=[DataRequired(_l("Enter an address.")), Length(min=3, max=80), SingleLine()],
    )
    description_da = TextAreaField(_l("Description (Danish)"), validators=[Length(max=4000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=4000)])
    starts_on = DayField(_l("First day"), validators=[DataRequired(_l("Choose the first day."))])
    ends_on = DayField(_l("Last day"), validators=[DataRequired(_l("Choose the last day."))])
    actions = MultiCheckboxField(_l("Actions that count"))
    metric = SelectField(
        _l("Target counts"),
        choices=[SelectChoice("points", _l("Points")), SelectChoice("co2e", _l("kg CO2e"))],
    )
    target_value = LocaleDecimalField(
        _l("Collective target"),
        places=2,
        validators=[InputRequired(_l("Enter the target.")), NumberRange(min=0, max=1_000_000_000)],
    )
