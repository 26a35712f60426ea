"""Forms for the climate plan's admin pages: the plan, a theme, a measure (shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.admin.forms import MultiCheckboxField
from app.plan.labels import plan_area_names
from app.web.forms import LocaleDecimalField, SingleLine


class ClimatePlanForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[InputRequired(_l("Enter the plan's title.")), Length(max=200), SingleLine()]
    )
    baseline_year = IntegerField(
        _l("Baseline year"), validators=[Optional(), NumberRange(min=1990, max=2029)]
    )
    baseline_emissions_t = IntegerField(
        _l("Baseline emissions (tonnes CO2e)"), validators=[Optional(), NumberRange(min=1, max=100_000_000)]
    )
    baseline_estimate = BooleanField(_l("The baseline is an estimate"))
    baseline_note_da = TextAreaField(
        _l("Note on the baseline, its basis (Danish)"), validators=[Length(max=1000)]
    )
    baseline_note_en = TextAreaField(
        _l("Note on the baseline, its basis (English)"), validators=[Length(max=1000)]
    )
    target_2030_pct = IntegerField(
        _l("Reduction by 2030 (%)"),
        validators=[InputRequired(_l("Enter a percentage.")), NumberRange(min=0, max=100)],
    )
    neutral_year = IntegerField(
        _l("Climate-neutral by"),
        validators=[InputRequired(_l("Enter a year.")), NumberRange(min=2030, max=2100)],
    )
    national_2030_pct = IntegerField(
        _l("Denmark's reduction by 2030 (%)"),
        validators=[InputRequired(_l("Enter a percentage.")), NumberRange(min=0, max=100)],
    )
    citizen_target_mode = RadioField(
        _l("The citizens' yearly target"),
        choices=[
            SelectChoice("typed", _l("Typed by an administrator (Shared target)")),
            SelectChoice("derived", _l("Derived from the plan")),
        ],
        validators=[InputRequired(_l("Choose how the target is set."))],
    )
    citizen_share_pct = LocaleDecimalField(
        _l("Citizens' share of the yearly reduction (%)"), validators=[Optional()]
    )
    source_label = StringField(_l("Source"), validators=[Length(max=200), SingleLine()])
    source_url = StringField(_l("Source address"), validators=[Length(max=500), SingleLine()])


class PlanThemeForm(FlaskForm):
    name_da = StringField(
        _l("Name (Danish)"),
        validators=[InputRequired(_l("Enter the Danish name.")), Length(max=120), SingleLine()],
    )
    name_en = StringField(
        _l("Name (English)"),
        validators=[InputRequired(_l("Enter the English name.")), Length(max=120), SingleLine()],
    )
    description_da = TextAreaField(_l("Description (Danish)"), validators=[Length(max=2000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=2000)])
    sort_order = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=999)])
    plan_areas = MultiCheckboxField(_l("Plan areas that count under this theme"))
    source_label = StringField(_l("Source"), validators=[Length(max=200), SingleLine()])
    source_url = StringField(_l("Source address"), validators=[Length(max=500), SingleLine()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.plan_areas.choices = [SelectChoice(key, label) for key, label in plan_area_names().items()]


class PlanMeasureForm(FlaskForm):
    code = StringField(
        _l("Code"), validators=[InputRequired(_l("Enter a code, e.g. M1.")), Length(max=20), SingleLine()]
    )
    title_da = StringField(
        _l("Title (Danish)"),
        validators=[InputRequired(_l("Enter the Danish title.")), Length(max=200), SingleLine()],
    )
    title_en = StringField(
        _l("Title (English)"),
        validators=[InputRequired(_l("Enter the English title.")), Length(max=200), SingleLine()],
    )
    description_da = TextAreaField(_l("Description (Danish)"), validators=[Length(max=2000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=2000)])
    sort_order = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=999)])
    source = TextAreaField(_l("Source"), validators=[Length(max=1000)])
