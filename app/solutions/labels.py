"""Human names of a contact request's states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.solutions.models import ContactState

CONTACT_STATES = {
    ContactState.NOT_REQUESTED: _l("No contact asked for"),
    ContactState.PENDING: _l("Contact asked for, waiting"),
    ContactState.ACCEPTED: _l("Contact accepted"),
    ContactState.DECLINED: _l("Contact declined"),
}
