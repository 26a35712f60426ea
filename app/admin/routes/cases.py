"""The municipality's own cases: write, publish, unpublish; "Del som case" from a challenge."""

from __future__ import annotations

from flask import Response, abort, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.access import admin_required
from app.admin.forms import ConfirmForm
from app.admin.routes import bp
from app.admin.routes.common import form_page, require_confirmation
from app.audit.queries import entries_for
from app.cases.forms import CaseForm
from app.cases.models import CASE_LANGUAGES, Case
from app.cases.queries import case_from_challenge, finished_challenges, own_case, own_cases
from app.cases.services import CaseInput, publish_case, save_case, unpublish_case
from app.settings import local_today
from app.web.params import is_number
from app.web.submit import attempt, submit
from app.web.templating import localised


@bp.get("/cases/egne")
@admin_required
def own_case_list() -> Response:
    return make_response(render_template("admin/cases_own.html", cases=own_cases(), confirm=ConfirmForm()))


def _case_form(case: Case | None, prefill: CaseInput | None = None) -> CaseForm:
    form = CaseForm(obj=case if case is not None else prefill)
    choices = [SelectChoice(c.id, localised(c, "title")) for c in finished_challenges(local_today())]
    form.challenge_id.choices = [SelectChoice(0, _("No challenge")), *choices]
    if not form.is_submitted() and form.challenge_id.data is None:
        form.challenge_id.data = 0
    # The case's text is in its own language (not always the page's): say so to screen readers.
    language = form.language.data if form.language.data in CASE_LANGUAGES else "da"
    for name in ("title", "summary", "what_was_done", "results", "advice"):
        form[name].render_kw = {"lang": language}
    return form


def _save(form: CaseForm, case: Case | None) -> ResponseReturnValue:
    done = submit(
        form,
        lambda: save_case(admin=current_user, data=form.to_input(), case_id=case.id if case else None),
        done=lambda saved: _("%(title)s is saved.", title=saved.title),
        to=url_for("admin.own_case_list"),
    )
    history = entries_for("case", case.id) if case else []
    return done or form_page(form, "admin/case_form.html", form=form, case=case, history=history)


def _challenge_arg() -> int | None:
    raw = request.args.get("udfordring", "")
    return int(raw) if is_number(raw) and len(raw) <= 9 else None


@bp.route("/cases/ny", methods=["GET", "POST"])
@admin_required
def case_new() -> ResponseReturnValue:
    """A new case; `?udfordring=<id>` of a finished challenge fills in its results."""
    challenge_id = _challenge_arg()
    prefill = case_from_challenge(challenge_id, local_today()) if challenge_id else None
    if challenge_id and prefill is None and request.method == "GET":
        abort(404)
    return _save(_case_form(None, prefill), None)


@bp.route("/cases/<int:case_id>/rediger", methods=["GET", "POST"])
@admin_required
def case_edit(case_id: int) -> ResponseReturnValue:
    case = own_case(case_id)  # another municipality's case is not found here
    if case is None:
        abort(404)
    return _save(_case_form(case), case)


@bp.post("/cases/<int:case_id>/udgiv")
@admin_required
def case_publish(case_id: int) -> ResponseReturnValue:
    require_confirmation()
    if own_case(case_id) is None:
        abort(404)
    attempt(
        lambda: publish_case(admin=current_user, case_id=case_id),
        done=_("The case is published: every municipality can read it now."),
    )
    return redirect(url_for("admin.own_case_list"), 303)


@bp.post("/cases/<int:case_id>/tilbagekald")
@admin_required
def case_unpublish(case_id: int) -> ResponseReturnValue:
    require_confirmation()
    if own_case(case_id) is None:
        abort(404)
    attempt(
        lambda: unpublish_case(admin=current_user, case_id=case_id),
        done=_("The case is a draft again: only your municipality sees it."),
    )
    return redirect(url_for("admin.own_case_list"), 303)
