"""Admin forms: they check shape only; the services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.moderation.services import REASON_MAX
from app.web.forms import DayField, LocaleDecimalField, SingleLine


class BoardFilterForm(FlaskForm):
    """The dashboard's and the exports' filter (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    periode = SelectField(
        _l("Period"),
        default="uge",
        choices=[
            SelectChoice("uge", _l("This week")),
            SelectChoice("maaned", _l("This month")),
            SelectChoice("altid", _l("All time")),
            SelectChoice("interval", _l("Custom date range")),
        ],
    )
    fra = DayField(_l("From"), validators=[Optional()])
    til = DayField(_l("To"), validators=[Optional()])
    kategori = SelectField(_l("Category"), default="", validate_choice=True)

    def validate(self, extra_validators=None) -> bool:  # type: ignore[no-untyped-def]
        ok = super().validate(extra_validators)
        if self.periode.data == "interval":
            if not self.fra.data:
                self.fra.errors = [*self.fra.errors, _l("Choose the first day.")]
                ok = False
            if not self.til.data:
                self.til.errors = [*self.til.errors, _l("Choose the last day.")]
                ok = False
            if self.fra.data and self.til.data and self.fra.data > self.til.data:
                self.til.errors = [*self.til.errors, _l("The last day must not be before the first.")]
                ok = False
        return bool(ok)


class ExportForm(BoardFilterForm):
    hvad = RadioField(
        _l("What to export"),
        default="omraader",
        choices=[
            SelectChoice("omraader", _l("Neighbourhood leaderboard")),
            SelectChoice("statistik", _l("Statistics per day, neighbourhood and category")),
            SelectChoice("handlinger", _l("Actions: logs, points and CO2e")),
            SelectChoice("borgere", _l("Citizen leaderboard (aliases of those who opted in)")),
        ],
    )
    format = RadioField(
        _l("File format"),
        default="excel-da",
        choices=[
            SelectChoice("excel-da", _l("Excel (Danish): semicolons and decimal comma")),
            SelectChoice("csv", _l("CSV: commas and decimal point")),
        ],
    )


class ActionForm(FlaskForm):
    name_da = StringField(
        _l("Name (Danish)"), validators=[DataRequired(_l("Enter a name.")), Length(max=160), SingleLine()]
    )
    name_en = StringField(
        _l("Name (English)"), validators=[DataRequired(_l("Enter a name.")), Length(max=160), SingleLine()]
    )
    category = SelectField(_l("Category"))
    unit_da = StringField(
        _l("Unit (Danish)"),
        validators=[DataRequired(_l("Enter a unit, e.g. km or meals.")), Length(max=30), SingleLine()],
    )
    unit_en = StringField(
        _l("Unit (English)"),
        validators=[DataRequired(_l("Enter a unit, e.g. km or meals.")), Length(max=30), SingleLine()],
    )
    points_per_unit = IntegerField(
        _l("Points per unit"),
        validators=[InputRequired(_l("Enter whole points.")), NumberRange(min=0, max=10000)],
    )
    max_units_per_day = LocaleDecimalField(
        _l("Daily cap (units per day)"),
        places=2,
        validators=[InputRequired(_l("Enter the daily cap.")), NumberRange(min=0, max=100000)],
    )
    default_quantity = LocaleDecimalField(
        _l("Proposed amount"),
        places=2,
        validators=[
            InputRequired(_l("Enter the amount proposed in the log form.")),
            NumberRange(min=0, max=100000),
        ],
    )
    co2e_kg_per_unit = LocaleDecimalField(
        _l("CO2e saved per unit (kg)"), places=4, validators=[Optional(), NumberRange(min=0, max=100000)]
    )
    source_da = TextAreaField(_l("Source of the CO2e figure (Danish)"), validators=[Length(max=2000)])
    source_en = TextAreaField(_l("Source of the CO2e figure (English)"), validators=[Length(max=2000)])


class ActionOverrideForm(FlaskForm):
    """A municipality's own values for a national action; an empty field keeps the national one."""

    name_da = StringField(_l("Name (Danish)"), validators=[Optional(), Length(max=160), SingleLine()])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=160), SingleLine()])
    unit_da = StringField(_l("Unit (Danish)"), validators=[Optional(), Length(max=30), SingleLine()])
    unit_en = StringField(_l("Unit (English)"), validators=[Optional(), Length(max=30), SingleLine()])
    points_per_unit = IntegerField(
        _l("Points per unit"), validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    max_units_per_day = LocaleDecimalField(
        _l("Daily cap (units per day)"), places=2, validators=[Optional(), NumberRange(min=0, max=100000)]
    )
    default_quantity = LocaleDecimalField(
        _l("Proposed amount"), places=2, validators=[Optional(), NumberRange(min=0, max=100000)]
    )


class NeighbourhoodForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=120), SingleLine()]
    )
    includes_da = StringField(
        _l("Includes (towns and districts, Danish)"), validators=[Length(max=255), SingleLine()]
    )
    includes_en = StringField(
        _l("Includes (towns and districts, English)"), validators=[Length(max=255), SingleLine()]
    )
    population = IntegerField(
        _l("Population"),
        validators=[InputRequired(_l("Enter the population.")), NumberRange(min=1, max=10_000_000)],
    )
    population_year = IntegerField(
        _l("Population year"), validators=[Optional(), NumberRange(min=1900, max=2100)]
    )
    source_da = StringField(
        _l("Source of the population figure (Danish)"), validators=[Length(max=500), SingleLine()]
    )
    source_en = StringField(
        _l("Source of the population figure (English)"), validators=[Length(max=500), SingleLine()]
    )


class SettingForm(FlaskForm):
    value = IntegerField(_l("New value"), validators=[Optional()])


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Write a short reason.")),
            Length(min=3, max=REASON_MAX, message=_l("Write 3 to %(n)s characters.", n=REASON_MAX)),
        ],
    )


class ConfirmForm(FlaskForm):
    """A button-only POST (retire, rotate): the CSRF token is its only field."""


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Alias or e-mail"), validators=[Optional(), Length(max=100)])


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes instead of a multi-select: easier by keyboard and on touch screens."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ChallengeForm(FlaskForm):
    title_da = StringField(
        _l("Title (Danish)"), validators=[DataRequired(_l("Enter a title.")), Length(max=120), SingleLine()]
    )
    title_en = StringField(
        _l("Title (English)"), validators=[DataRequired(_l("Enter a title.")), Length(max=120), SingleLine()]
    )
    slug = StringField(
        _l("Address (slug)"), validators=[DataRequired(_l("Enter an address.")), Length(min=3, max=80)]
    )
    description_da = TextAreaField(_l("Description (Danish)"), validators=[Length(max=4000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=4000)])
    starts_on = DayField(_l("First day"), validators=[DataRequired(_l("Choose the first day."))])
    ends_on = DayField(_l("Last day"), validators=[DataRequired(_l("Choose the last day."))])
    action_ids = MultiCheckboxField(_l("Actions that count"), coerce=int)
    reward_kind = SelectField(
        _l("Reward"),
        choices=[
            SelectChoice("bonus", _l("Bonus points per log")),
            SelectChoice("multiplier", _l("Points multiplier")),
        ],
    )
    reward_value = LocaleDecimalField(
        _l("Reward value"),
        places=2,
        validators=[InputRequired(_l("Enter the bonus points or the multiplier."))],
    )
    target_metric = SelectField(
        _l("Target counts"),
        choices=[
            SelectChoice("", _l("No target")),
            SelectChoice("quantity", _l("Units of the actions")),
            SelectChoice("logs", _l("Logs")),
            SelectChoice("co2e_kg", _l("kg CO2e")),
        ],
    )
    target_value = LocaleDecimalField(_l("Target"), places=2, validators=[Optional()])


class VisionTargetForm(FlaskForm):
    year = IntegerField(
        _l("Year"), validators=[InputRequired(_l("Enter a year.")), NumberRange(min=2000, max=2100)]
    )
    target_co2e_kg = IntegerField(
        _l("Target: kg CO2e saved together"),
        validators=[InputRequired(_l("Enter the target in kg.")), NumberRange(min=1, max=1_000_000_000)],
    )


class FlagResolveForm(FlaskForm):
    resolution = StringField(
        _l("Note"),
        validators=[DataRequired(_l("Write what you did about the flag.")), Length(max=2000), SingleLine()],
    )


class InboxFilterForm(FlaskForm):
    class Meta:
        csrf = False

    tilstand = SelectField(_l("State"), default="", validate_choice=True)
    tilbud = SelectField(_l("Offer"), default="", validate_choice=True)
    alder = SelectField(
        _l("Waited at least"),
        default="",
        choices=[
            SelectChoice("", _l("Any age")),
            SelectChoice("3", _l("3 days")),
            SelectChoice("7", _l("7 days")),
            SelectChoice("14", _l("14 days")),
            SelectChoice("30", _l("30 days")),
        ],
    )
    ansvarlig = SelectField(_l("Assigned to"), default="", validate_choice=True)


class RequestStateForm(FlaskForm):
    new_state = SelectField(_l("New state"))
    note = TextAreaField(_l("Note to the company (optional)"), validators=[Length(max=2000)])


class AssignForm(FlaskForm):
    assignee_id = SelectField(_l("Responsible"))


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Reply"), validators=[DataRequired(_l("Write a message.")), Length(max=4000)])


class OfferForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=200), SingleLine()]
    )
    provider = StringField(
        _l("Provider"), validators=[DataRequired(_l("Enter the provider.")), Length(max=160), SingleLine()]
    )
    description = TextAreaField(
        _l("Description"), validators=[DataRequired(_l("Describe the offer.")), Length(max=3000)]
    )
    cost = SelectField(_l("Cost"))
    scope = SelectField(_l("Scope"))
    url = StringField(
        _l("Web address"),
        validators=[DataRequired(_l("Enter a web address.")), Length(max=300), SingleLine()],
    )
    source = TextAreaField(_l("Source"), validators=[Length(max=1000)])
    # Checked by the service (app/sparring/offers.py); a form without the field keeps none.
    plan_area = SelectField(_l("Climate plan area"), default="", validate_choice=False)
