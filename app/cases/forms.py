"""Case forms: shape only; app/cases/services.py checks the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.cases.models import CaseKind
from app.cases.services import TEXT_MAX, CaseInput
from app.web.forms import SingleLine


def kind_choices(*, blank: str | None = None) -> list[SelectChoice]:
    choices = [
        SelectChoice(CaseKind.CHALLENGE.value, _l("Challenge")),
        SelectChoice(CaseKind.PARTNERSHIP.value, _l("Partnership")),
        SelectChoice(CaseKind.CAMPAIGN.value, _l("Campaign")),
    ]
    return [SelectChoice("", blank), *choices] if blank is not None else choices


def _figure(label: str) -> IntegerField:
    return IntegerField(
        label, validators=[Optional(), NumberRange(min=0, message=_l("Enter a whole number of 0 or more."))]
    )


class CaseForm(FlaskForm):
    """The view fills `challenge_id.choices` with the municipality's finished challenges."""

    kind = SelectField(_l("Kind of case"), choices=kind_choices())
    language = SelectField(
        _l("Written in"), choices=[SelectChoice("da", _l("Danish")), SelectChoice("en", _l("English"))]
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=160), SingleLine()]
    )
    challenge_id = SelectField(_l("The challenge"), coerce=int, validate_choice=True)
    summary = TextAreaField(_l("In short"), validators=[Length(max=TEXT_MAX)])
    what_was_done = TextAreaField(_l("What was done"), validators=[Length(max=TEXT_MAX)])
    results = TextAreaField(_l("Results"), validators=[Length(max=TEXT_MAX)])
    advice = TextAreaField(_l("Advice to other municipalities"), validators=[Length(max=TEXT_MAX)])
    participants = _figure(_l("Participants"))
    points_total = _figure(_l("Points"))
    co2e_kg = _figure(_l("kg CO2e saved (estimate)"))

    def to_input(self) -> CaseInput:
        return CaseInput(
            kind=self.kind.data or "",
            language=self.language.data or "",
            title=self.title.data or "",
            summary=self.summary.data or "",
            what_was_done=self.what_was_done.data or "",
            results=self.results.data or "",
            advice=self.advice.data or "",
            participants=self.participants.data,
            points_total=self.points_total.data,
            co2e_kg=self.co2e_kg.data,
            challenge_id=self.challenge_id.data or None,
        )


class CaseFilterForm(FlaskForm):
    """The browse list's filter (a GET form: no CSRF token). The view fills the choices."""

    class Meta:
        csrf = False

    type = SelectField(_l("Kind"), default="", validate_choice=True)
    kommune = SelectField(_l("Municipality"), default="", validate_choice=True)
    q = StringField(_l("Search"), validators=[Optional(), Length(max=100), SingleLine()])
