"""The "Vi vil også" form and the contact answer: shape only; the services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.sparring.labels import CONTACT_METHODS
from app.web.forms import SingleLine


class AdoptForm(FlaskForm):
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
    # The label names the company; the view sets it.
    wants_contact = BooleanField(_l("Put us in contact with the company"))


class ContactAnswerForm(FlaskForm):
    answer = RadioField(
        _l("Answer"),
        choices=[SelectChoice("accept", _l("Accept")), SelectChoice("decline", _l("Decline"))],
        validators=[DataRequired(_l("Choose an answer."))],
    )
