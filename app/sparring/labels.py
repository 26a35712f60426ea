"""Human names of sparring codes: scope, cost, contact method, request state."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.sparring.models import ContactMethod, Cost, Scope
from app.sparring.states import RequestState

SCOPES = {Scope.LOCAL: _l("Local"), Scope.REGIONAL: _l("Regional"), Scope.NATIONAL: _l("National")}
COSTS = {
    Cost.FREE: _l("Free"),
    Cost.SUBSIDISED: _l("Subsidised"),
    Cost.CO_FUNDED: _l("Co-funded"),
    Cost.PAID: _l("Paid"),
}
CONTACT_METHODS = {
    ContactMethod.EMAIL: _l("E-mail"),
    ContactMethod.PHONE: _l("Phone"),
    ContactMethod.MEETING: _l("Meeting in person"),
    ContactMethod.VIDEO: _l("Video call"),
}
STATES = {
    RequestState.NEW: _l("New"),
    RequestState.CONTACTED: _l("Contacted"),
    RequestState.IN_PROGRESS: _l("In progress"),
    RequestState.COMPLETED: _l("Completed"),
    RequestState.DECLINED: _l("Declined"),
}


def sparring_labels() -> dict[str, object]:
    return {
        "scope_names": SCOPES,
        "cost_names": COSTS,
        "contact_method_names": CONTACT_METHODS,
        "state_names": STATES,
    }
