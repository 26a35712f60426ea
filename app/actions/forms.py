"""The log form, the usual-day editor and the always-do toggle (shapes only: services check rules)."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from app.actions.models import MAX_USUAL_DAY_ITEMS
from app.actions.rules import MAX_QUANTITY_TEXT

MAX_ROWS_READ = MAX_USUAL_DAY_ITEMS + 4


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


class UsualDayForm(FlaskForm):
    """The usual-day editor: the rows (action-N, quantity-N) are read by `rows()`, in order;
    `op` is the button pressed: save, add, up-N, down-N or remove-N."""

    op = StringField(validators=[DataRequired(), Length(max=20)])
    add_action = StringField(_l("Action"), validators=[Length(max=80)])
    add_quantity = StringField(_l("Amount"), validators=[Length(max=MAX_QUANTITY_TEXT)])

    @staticmethod
    def rows(data: Mapping[str, str]) -> list[tuple[str, str]]:
        """(action slug, amount as typed) per row of the posted `data`; a row without an
        action is dropped. Reads a few rows past the cap so the service, not the form, refuses
        too many."""
        found = []
        for index in range(MAX_ROWS_READ):
            slug = str(data.get(f"action-{index}", "")).strip()[:80]
            if slug:
                found.append((slug, str(data.get(f"quantity-{index}", "")).strip()[:MAX_QUANTITY_TEXT]))
        return found


class UsualDayLogForm(FlaskForm):
    """The "Log min typiske dag" form: the day; the view reads the per-entry keys (key-<slug>)."""

    occurred_on = DateField(_l("When"), validators=[DataRequired(_l("Choose a day."))])


class AlwaysDoForm(FlaskForm):
    """A toggle of "Gør det allerede": only the CSRF token, and where to go back to."""

    back = StringField(validators=[Length(max=10)])
