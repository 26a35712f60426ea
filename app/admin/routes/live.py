"""The projector screen: public only through its secret link, which an admin can rotate."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import admin_required
from app.admin.forms import ConfirmForm
from app.admin.routes import bp, live_bp
from app.admin.routes.dashboard import challenge_progress
from app.clock import Period
from app.leaderboards.queries import neighbourhood_standings
from app.livescreen.queries import current_live_link, live_link_for
from app.livescreen.services import rotate_live_screen_link
from app.settings import local_today
from app.web.htmx import render


@bp.get("/storskaerm")
@admin_required
def live_admin() -> Response:
    return make_response(
        render_template("admin/live_admin.html", link=current_live_link(), form=ConfirmForm())
    )


@bp.post("/storskaerm/ny-adresse")
@admin_required
def live_rotate() -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    rotate_live_screen_link(admin=current_user)
    flash(_("A new link was made. The old link no longer works."), "success")
    return redirect(url_for("admin.live_admin"), 303)


def _screen_context() -> dict[str, Any]:
    day = local_today()
    challenges = challenge_progress(day)
    return {
        "standings": neighbourhood_standings(Period.WEEK, day),
        "challenge": challenges[0] if challenges else None,
        "today": day,
    }


@live_bp.get("/storskaerm/<token>")
def live_screen(token: str) -> Response:
    """The full-screen board; htmx polls the same URL every 30 s for the fresh partial."""
    link = live_link_for(token)
    if link is None:
        abort(404)
    response = render("admin/live_screen.html", "admin/_live_board.html", token=token, **_screen_context())
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
