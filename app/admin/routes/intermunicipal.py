"""A municipality takes part in the platform's inter-municipal challenges (admins join or leave
before the first day; staff see the standing)."""

from __future__ import annotations

from flask import abort, make_response, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import admin_required, staff_required
from app.admin.routes import bp
from app.admin.routes.common import done
from app.errors import DomainError
from app.intermunicipal.queries import challenge_by_slug, own_standings
from app.intermunicipal.services import opt_in, opt_out
from app.settings import local_today


@bp.get("/faelles-udfordringer")
@staff_required
def inter_challenges() -> ResponseReturnValue:
    return _page()


def _page(error: str | None = None, status: int = 200) -> ResponseReturnValue:
    page = render_template("admin/inter_challenges.html", standings=own_standings(local_today()), error=error)
    return make_response(page, status)


def _change(slug: str, *, join: bool) -> ResponseReturnValue:
    challenge = challenge_by_slug(slug)
    if challenge is None:
        abort(404)
    try:
        if join:
            opt_in(admin=current_user, challenge_id=challenge.id, today=local_today())
        else:
            opt_out(admin=current_user, challenge_id=challenge.id, today=local_today())
    except DomainError as exc:
        return _page(error=str(exc.message), status=409)
    message = _("Your municipality takes part.") if join else _("Your municipality no longer takes part.")
    return done(message, url_for("admin.inter_challenges"))


@bp.post("/faelles-udfordringer/<national_slug>/tilmeld")
@admin_required
def inter_challenge_join(national_slug: str) -> ResponseReturnValue:
    return _change(national_slug, join=True)


@bp.post("/faelles-udfordringer/<national_slug>/afmeld")
@admin_required
def inter_challenge_leave(national_slug: str) -> ResponseReturnValue:
    return _change(national_slug, join=False)
