"""Who may use the company pages: business accounts with a company, as a view decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import redirect, url_for
from flask_login import current_user

from app.accounts.models import Role
from app.business.queries import membership_of
from app.web.auth import roles_required


def member_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Business users with a company get it as `membership`; without one they are sent to
    register it; every other role gets 403."""

    @roles_required(Role.BUSINESS)
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        membership = membership_of(current_user)
        if membership is None:
            return redirect(url_for("business.new_company"), 303)
        return view(membership, *args, **kwargs)

    return wrapped
