"""The companies' solutions: theme, state and how many want to do them too; featuring (audited)."""

from __future__ import annotations

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import admin_required
from app.admin.forms import ConfirmForm
from app.admin.routes import bp
from app.admin.routes.common import require_confirmation
from app.solutions.queries import listed_solutions, solution_by_id
from app.solutions.services import set_featured


@bp.get("/loesninger")
@admin_required
def solutions() -> Response:
    """Every solution of the municipality's companies: featured first, then the most adopted."""
    return make_response(
        render_template("admin/solutions.html", rows=listed_solutions(), confirm=ConfirmForm())
    )


@bp.post("/loesninger/<int:solution_id>/fremhaevet")
@admin_required
def solution_featured(solution_id: int) -> ResponseReturnValue:
    require_confirmation()
    solution = solution_by_id(solution_id)
    if solution is None:
        abort(404)
    featured = request.form.get("featured") == "1"
    set_featured(admin=current_user, solution=solution, featured=featured)
    flash(
        _("%(title)s is featured on the vision page.", title=solution.title)
        if featured
        else _("%(title)s is no longer featured.", title=solution.title),
        "success",
    )
    return redirect(url_for("admin.solutions"), 303)
