"""Every municipality's published cases for the admins, copying a challenge case, and the
anonymised benchmark against the other municipalities."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, make_response, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.access import admin_required, staff_required
from app.actions.queries import active_actions
from app.admin.forms import ChallengeForm
from app.admin.routes import bp
from app.admin.routes.common import form_page
from app.cases.benchmark import benchmarks_for
from app.cases.forms import CaseFilterForm, kind_choices
from app.cases.models import Case
from app.cases.queries import (
    CaseEntry,
    CopyPlan,
    copy_plan,
    own_case,
    published_case,
    published_cases,
    publishing_municipalities,
)
from app.cases.rules import MIN_OTHER_MUNICIPALITIES
from app.challenges.services import ChallengeInput, save_challenge
from app.leaderboards.labels import period_label
from app.platform.queries import comparison_min_participants
from app.settings import local_today
from app.tenancy.context import current_municipality
from app.web.submit import submit
from app.web.templating import localised


def filter_form() -> tuple[CaseFilterForm, dict[str, str | None]]:
    """The browse filter bound to the query string; an invalid one filters nothing."""
    form = CaseFilterForm(request.args)
    form.type.choices = kind_choices(blank=_("All kinds"))
    form.kommune.choices = [SelectChoice("", _("All municipalities"))] + [
        SelectChoice(slug, name) for slug, name in publishing_municipalities()
    ]
    if not request.args or not form.validate():
        return form, {}
    return form, {
        "kind": form.type.data or None,
        "municipality": form.kommune.data or None,
        "text": form.q.data,
    }


@bp.get("/cases")
@staff_required
def cases() -> Response:
    form, wanted = filter_form()
    status = 422 if form.errors else 200
    return make_response(
        render_template("admin/cases.html", form=form, entries=published_cases(**wanted)), status
    )


def _entry_or_404(case_id: int) -> CaseEntry:
    """A published case of any municipality, or one of this municipality's own drafts."""
    entry = published_case(case_id)
    if entry is None:
        own = own_case(case_id)
        municipality = current_municipality()
        if own is None or municipality is None:
            abort(404)
        entry = CaseEntry(own, municipality.slug, municipality.name, municipality.host_name)
    return entry


@bp.get("/cases/<int:case_id>")
@staff_required
def case_detail(case_id: int) -> Response:
    entry = _entry_or_404(case_id)
    mine = own_case(case_id) is not None
    return make_response(render_template("admin/case_detail.html", entry=entry, case=entry.case, mine=mine))


def _copy_form(plan: CopyPlan) -> ChallengeForm:
    form = ChallengeForm(obj=plan.challenge)
    form.action_ids.choices = [SelectChoice(a.id, localised(a, "name")) for a in active_actions()]
    if not form.is_submitted():
        form.action_ids.data = list(plan.challenge.action_ids)
        form.target_metric.data = plan.challenge.target_metric or ""
    return form


def _challenge_input(form: ChallengeForm) -> ChallengeInput:
    return ChallengeInput(
        slug=(form.slug.data or "").strip(),
        title_da=form.title_da.data or "",
        title_en=form.title_en.data or "",
        description_da=form.description_da.data or "",
        description_en=form.description_en.data or "",
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        action_ids=list(form.action_ids.data or []),
        reward_kind=form.reward_kind.data or "",
        reward_value=form.reward_value.data,
        target_metric=form.target_metric.data or None,
        target_value=form.target_value.data,
    )


def _template_of(case: Case) -> dict[str, Any]:
    if not case.challenge_template:
        abort(404)
    return case.challenge_template


@bp.route("/cases/<int:case_id>/kopier", methods=["GET", "POST"])
@admin_required
def case_copy(case_id: int) -> ResponseReturnValue:
    """ "Kopiér udfordringen": the new-challenge form filled in from the case's challenge, with
    the covered actions mapped by slug to this municipality's catalogue (the rest listed as not
    copied) and dated from next Monday. Nothing is saved until the admin saves the form, so the
    copy is a draft nobody else sees; saving creates the challenge here and opens its page."""
    entry = _entry_or_404(case_id)
    plan = copy_plan(_template_of(entry.case), local_today())
    form = _copy_form(plan)
    done = submit(
        form,
        lambda: save_challenge(admin=current_user, data=_challenge_input(form)),
        done=lambda saved: _("%(title)s is saved in your municipality.", title=saved.title_da),
        to=lambda saved: url_for("admin.challenge_edit", challenge_id=saved.id),
    )
    return done or form_page(
        form,
        "admin/case_copy.html",
        form=form,
        challenge=None,
        finished=False,
        history=[],
        entry=entry,
        missing=plan.missing_actions,
    )


@bp.get("/sammenligning")
@staff_required
def benchmark() -> Response:
    municipality = current_municipality()
    if municipality is None:
        abort(404)
    today = local_today()
    rows = benchmarks_for(municipality.slug, today)
    return make_response(
        render_template(
            "admin/benchmark.html",
            rows=rows,
            labels={row.period: period_label(row.period, today) for row in rows},
            minimum_others=MIN_OTHER_MUNICIPALITIES,
            minimum_participants=comparison_min_participants(),
            municipality=municipality,
        )
    )
