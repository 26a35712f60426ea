"""The reminder preferences form: shape only; app/reminders/services.py checks the rules."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

WEEKDAY_NAMES = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


class WeekdaysField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form: object) -> None:
        if any(not 0 <= value <= 6 for value in self.data or []):
            raise ValidationError(_l("Choose weekdays from the list."))


class TimeOfDayField(Field):
    """A wall time typed as 19:30 (or 19.30, as Danish writes it); a type=time input sends 19:30."""

    widget = widgets.TimeInput()
    data: time | None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return self.data.strftime("%H:%M") if self.data is not None else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        match = _TIME.match(str(valuelist[0])) if valuelist else None
        if match is None:
            self.data = None
            raise ValueError(_l("Write the time as hours and minutes, e.g. 19:30."))
        self.data = time(int(match.group(1)), int(match.group(2)))


class PreferencesForm(FlaskForm):
    reminder_enabled = BooleanField(_l("Remind me to log"))
    weekdays = WeekdaysField(
        _l("On these days"),
        coerce=int,
        choices=[SelectChoice(i, name) for i, name in enumerate(WEEKDAY_NAMES)],
        default=list(range(7)),
    )
    reminder_time = TimeOfDayField(_l("At (Danish time)"), default=time(19, 0))
    only_if_not_logged = BooleanField(_l("Only if I have not logged anything that day"), default=True)
    digest_enabled = BooleanField(_l("Send me a weekly digest on Monday morning"))
    channel = RadioField(
        _l("How should we reach you?"),
        choices=[
            SelectChoice("email", _l("By e-mail")),
            SelectChoice("push", _l("As a push notification on my devices")),
        ],
        default="email",
        validate_choice=True,
    )
