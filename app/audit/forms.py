"""The audit log's filter form (query string, no CSRF: a GET that changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from app.web.forms import DayField


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    aktoer = SelectField(_l("Who"), default="", validate_choice=True)
    type = SelectField(_l("Object type"), default="", validate_choice=True)
    fra = DayField(_l("From"), validators=[Optional()])
    til = DayField(_l("To"), validators=[Optional()])
