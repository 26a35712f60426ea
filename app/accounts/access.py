"""Access decorators: checked on every request of the views they wrap."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from app.accounts.models import Role
from app.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Log in first (401 → login page), then the role must match (403 otherwise)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


citizen_required = roles_required(Role.CITIZEN)


def staff_required(view: F) -> F:
    """Municipality pages that only read (dashboards, leaderboards, exports): staff and admins."""
    wrapped = roles_required(Role.STAFF, Role.ADMIN)(view)
    wrapped.required_roles = (Role.STAFF, Role.ADMIN)  # type: ignore[attr-defined]
    return wrapped


def admin_required(view: F) -> F:
    """Municipality pages that change something, or show personal data: admins only."""
    wrapped = roles_required(Role.ADMIN)(view)
    wrapped.required_roles = (Role.ADMIN,)  # type: ignore[attr-defined]
    return wrapped
