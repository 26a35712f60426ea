"""Sparring forms: shape only; the services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.sparring.labels import CONTACT_METHODS
from app.web.converters import MAX_ID
from app.web.forms import SingleLine


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form: object) -> None:
        """Unknown ids are the service's to refuse (a retired offer), not a crash here; an id that
        cannot exist (past 32 bits) would overflow the query, so it is refused here."""
        if any(not 0 <= value <= MAX_ID for value in self.data or []):
            raise ValidationError(_l("One of the chosen offers is no longer available."))


class RequestForm(FlaskForm):
    offer_ids = CheckboxListField(
        _l("Which offers are you interested in?"), coerce=int, validators=[Optional()]
    )
    topic = StringField(
        _l("Topic"), validators=[DataRequired(_l("Give the request a topic.")), Length(max=160), SingleLine()]
    )
    message = TextAreaField(
        _l("What would you like sparring on?"),
        validators=[DataRequired(_l("Tell us what you would like sparring on.")), Length(max=4000)],
    )
    contact_method = RadioField(
        _l("How should we contact you?"),
        choices=[SelectChoice(str(k), v) for k, v in CONTACT_METHODS.items()],
        default="email",
        validators=[DataRequired(_l("Choose how you want to be contacted."))],
    )
    contact_time = StringField(
        _l("When suits you? (optional)"), validators=[Optional(), Length(max=120), SingleLine()]
    )


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(_l("Write a message.")), Length(max=4000)])
