"""The two-tap log form: a quantity with a sensible default, and the day it happened."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from app.actions.rules import MAX_QUANTITY_TEXT


class LogForm(FlaskForm):
    # Only the shape here: the log service applies the quantity rule (the API's rule too).
    quantity = StringField(
        _l("Amount"),
        validators=[
            DataRequired(_l("Enter an amount.")),
            Length(max=MAX_QUANTITY_TEXT, message=_l("Enter the amount as a number, e.g. 2,5.")),
        ],
    )
    occurred_on = DateField(_l("When"), validators=[DataRequired(_l("Choose a day."))])
    idempotency_key = HiddenField(validators=[DataRequired(), Length(max=64)])
