"""Partnership forms: shape only; app/partnerships/services.py checks the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.partnerships.labels import STATUS_NAMES
from app.partnerships.models import PartnershipStatus
from app.partnerships.rules import INTERVAL_MAX, INTERVAL_MIN
from app.partnerships.services import TEXT_MAX, KpiInput, PartnershipInput
from app.web.forms import DayField, LocaleDecimalField, SingleLine


def status_choices(*, blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice(s.value, STATUS_NAMES[s]) for s in PartnershipStatus]
    return [SelectChoice("", blank), *choices] if blank is not None else choices


class PartnershipForm(FlaskForm):
    """The view fills `theme_id.choices` with the plan's themes (0: no theme)."""

    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=160), SingleLine()]
    )
    theme_id = SelectField(_l("Theme of the climate plan"), coerce=int, validate_choice=True)
    how_it_arose = TextAreaField(_l("How it arose"), validators=[Length(max=TEXT_MAX)])
    what_it_does = TextAreaField(_l("What it does"), validators=[Length(max=TEXT_MAX)])
    advice = TextAreaField(_l("Advice to others"), validators=[Length(max=TEXT_MAX)])
    start_date = DayField(_l("Start"), validators=[Optional()])
    end_date = DayField(_l("End"), validators=[Optional()])
    contact_role = StringField(_l("Contact (a role, not a name)"), validators=[Length(max=160), SingleLine()])
    from_request_id = HiddenField()

    def to_input(self) -> PartnershipInput:
        raw = (self.from_request_id.data or "").strip()
        return PartnershipInput(
            title=self.title.data or "",
            theme_id=self.theme_id.data or None,
            how_it_arose=self.how_it_arose.data or "",
            what_it_does=self.what_it_does.data or "",
            advice=self.advice.data or "",
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            contact_role=self.contact_role.data or "",
            from_request_id=int(raw) if raw.isdigit() and len(raw) <= 9 else None,
        )


class PartnerForm(FlaskForm):
    """The view fills `company_id.choices` with the municipality's companies (0: none)."""

    company_id = SelectField(_l("A company in Klimadyst"), coerce=int, validate_choice=True)
    organisation = StringField(_l("Or another organisation"), validators=[Length(max=160), SingleLine()])
    role = StringField(_l("Role in the partnership"), validators=[Length(max=160), SingleLine()])


class KpiForm(FlaskForm):
    name = StringField(
        _l("Goal or KPI"), validators=[DataRequired(_l("Name the KPI.")), Length(max=160), SingleLine()]
    )
    unit = StringField(_l("Unit"), validators=[Length(max=40), SingleLine()])
    baseline = LocaleDecimalField(_l("Baseline"), validators=[Optional()])
    target = LocaleDecimalField(_l("Target"), validators=[Optional()])
    check_in_every_days = IntegerField(
        _l("Check in every (days)"),
        default=90,
        validators=[
            InputRequired(_l("Enter a number of days.")),
            NumberRange(min=INTERVAL_MIN, max=INTERVAL_MAX, message=_l("Check in every 1 to 3660 days.")),
        ],
    )

    def to_input(self) -> KpiInput:
        return KpiInput(
            name=self.name.data or "",
            unit=self.unit.data or "",
            baseline=self.baseline.data,
            target=self.target.data,
            check_in_every_days=self.check_in_every_days.data or 0,
        )


class CheckInForm(FlaskForm):
    on_date = DayField(_l("Measured on"), validators=[InputRequired(_l("Choose the day."))])
    value = LocaleDecimalField(_l("Value"), validators=[InputRequired(_l("Enter the value as a number."))])
    note = StringField(_l("Note"), validators=[Length(max=1000), SingleLine()])


class StatusForm(FlaskForm):
    """The view fills `new_status.choices` with the allowed next statuses."""

    new_status = SelectField(_l("New status"), validate_choice=True)


class PublicFilterForm(FlaskForm):
    """The public catalogue's filter (a GET form: no CSRF token). The view fills the choices."""

    class Meta:
        csrf = False

    tema = SelectField(_l("Theme"), default="", validate_choice=True)
    status = SelectField(_l("Status"), default="", validate_choice=True)


class ElsewhereFilterForm(FlaskForm):
    """The other municipalities' partnerships, filtered by theme name (a GET form)."""

    class Meta:
        csrf = False

    tema = StringField(_l("Theme"), validators=[Optional(), Length(max=100), SingleLine()])
