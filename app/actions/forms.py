"""The two-tap log form: a quantity with a sensible default, and the day it happened."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import DataRequired, Length


class LogForm(FlaskForm):
    quantity = StringField(
        _l("Amount"),
        validators=[DataRequired(_l("Enter an amount.")),
                    Length(max=12, message=_l("Enter an amount above 0."))],
    )
    occurred_on = DateField(_l("When"), validators=[DataRequired(_l("Choose a day."))])
    idempotency_key = HiddenField(validators=[DataRequired(), Length(max=64)])
