"""Forms for data-subject requests handled by an administrator (shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from app.privacy.services import REASON_MAX


class LookupForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search

    email = StringField(
        _l("E-mail address"), validators=[DataRequired(_l("Enter the e-mail address.")), Length(max=254)]
    )


class ExportRequestForm(FlaskForm):
    format = HiddenField(default="json", validators=[AnyOf(("json", "zip"))])


class EraseRequestForm(FlaskForm):
    confirmation = StringField(
        _l("Type the account's e-mail address to confirm"),
        validators=[DataRequired(_l("Type the account's e-mail address to confirm.")), Length(max=254)],
    )
    reason = TextAreaField(
        _l("Reason (for the audit log)"),
        validators=[
            DataRequired(_l("Give the reason for the erasure.")),
            Length(max=REASON_MAX, message=_l("Use at most %(n)s characters.", n=REASON_MAX)),
        ],
    )
