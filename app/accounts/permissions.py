"""Role checks the services repeat after the routes' decorators (defence in depth)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.accounts.models import Role, User
from app.errors import PermissionDenied


def require_admin(actor: User) -> None:
    """Only administrators write; staff read (the routes check too: defence in depth)."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied(_l("Only administrators can change this."))
