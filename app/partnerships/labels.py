"""The words for a partnership's statuses, shared by the pages, the API and the plan items."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from app.partnerships.models import PartnershipStatus

STATUS_NAMES: dict[str, LazyString] = {
    PartnershipStatus.IDEA: _l("Idea"),
    PartnershipStatus.AGREED: _l("Agreed"),
    PartnershipStatus.RUNNING: _l("Running"),
    PartnershipStatus.COMPLETED: _l("Completed"),
    PartnershipStatus.STOPPED: _l("Stopped"),
}


def status_name(status: str) -> str:
    return str(STATUS_NAMES.get(status, status))
