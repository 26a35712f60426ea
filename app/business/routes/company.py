"""My company: the dashboard, the profile, solutions and pledges."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from app.business import services
from app.business.access import member_required
from app.business.forms import CompanyEditForm, EmptyForm, PledgeForm, PledgeStatusForm, SolutionForm
from app.business.models import CompanyMember
from app.business.queries import (
    pledge_of,
    pledges_of,
    solution_of,
    solutions_of,
    team_member_count,
    team_of_company,
)
from app.business.routes import bp
from app.business.routes.common import respond, see_other
from app.business.routes.signup import company_values, neighbourhood_choices
from app.plan.queries import themes
from app.sparring.queries import requests_for_company
from app.web.submit import attempt, form_status, submit
from app.web.templating import localised


@bp.get("/min-virksomhed")
@member_required
def dashboard(membership: CompanyMember) -> Response:
    company = membership.company
    team = team_of_company(company.id)
    return respond(
        "business/dashboard.html",
        company=company,
        membership=membership,
        requests=requests_for_company(company.id),
        solutions=solutions_of(company.id),
        pledges=pledges_of(company.id),
        team=team,
        team_members=team_member_count(team.id) if team else 0,
        status_form=PledgeStatusForm(formdata=None),
    )


@bp.route("/min-virksomhed/rediger", methods=["GET", "POST"])
@member_required
def edit_company(membership: CompanyMember) -> Response:
    company = membership.company
    form = CompanyEditForm(obj=company)
    neighbourhood_choices(form)
    done = submit(
        form,
        lambda: services.update_company(
            company=company,
            actor=current_user,
            show_sparring_journeys=bool(form.show_sparring_journeys.data),
            **company_values(form),
        ),
        done=_("The company profile is saved."),
        to=url_for("business.dashboard"),
    )
    return done or respond(
        "business/company_form.html", form_status(), form=form, creating=False, company=company
    )


def theme_choices(field: SelectField) -> None:
    """The municipality's plan themes (or none) as the choices of a theme field."""
    field.choices = [
        SelectChoice("", _("No theme")),
        *(SelectChoice(str(t.id), localised(t, "name")) for t in themes()),
    ]
    if not isinstance(field.data, str):
        field.data = "" if field.data is None else str(field.data)  # the stored id as an option


def chosen_theme(field: SelectField) -> int | None:
    return int(field.data) if field.data else None


def _solution_values(form: SolutionForm) -> dict[str, Any]:
    return {
        "title": form.title.data or "",
        "description": form.description.data or "",
        "category": form.category.data or "",
        "effect": form.effect.data or "",
        "effect_source": form.effect_source.data or "",
        "theme_id": chosen_theme(form.theme_id),
        "state": form.state.data or "",
        "co2e_kg_per_year": form.co2e_kg_per_year.data,
        "co2e_source": form.co2e_source.data or "",
    }


@bp.route("/min-virksomhed/loesninger/ny", methods=["GET", "POST"])
@member_required
def new_solution(membership: CompanyMember) -> Response:
    form = SolutionForm()
    theme_choices(form.theme_id)
    done = submit(
        form,
        lambda: services.add_solution(
            company=membership.company, actor=current_user, **_solution_values(form)
        ),
        done=_("The solution is added to your page."),
        to=url_for("business.dashboard"),
    )
    return done or respond("business/solution_form.html", form_status(), form=form, solution=None)


@bp.route("/min-virksomhed/loesninger/<int:solution_id>", methods=["GET", "POST"])
@member_required
def edit_solution(membership: CompanyMember, solution_id: int) -> Response:
    solution = solution_of(membership.company_id, solution_id)
    if solution is None:
        abort(404)
    form = SolutionForm(obj=solution)
    theme_choices(form.theme_id)
    done = submit(
        form,
        lambda: services.update_solution(solution=solution, actor=current_user, **_solution_values(form)),
        done=_("The solution is saved."),
        to=url_for("business.dashboard"),
    )
    return done or respond("business/solution_form.html", form_status(), form=form, solution=solution)


@bp.post("/min-virksomhed/loesninger/<int:solution_id>/slet")
@member_required
def delete_solution(membership: CompanyMember, solution_id: int) -> Response:
    solution = solution_of(membership.company_id, solution_id)
    if solution is None or not EmptyForm().validate_on_submit():
        abort(404 if solution is None else 400)
    services.delete_solution(solution=solution, actor=current_user)
    flash(_("The solution is removed."), "info")
    return see_other("business.dashboard")


@bp.route("/min-virksomhed/loefter/ny", methods=["GET", "POST"])
@member_required
def new_pledge(membership: CompanyMember) -> Response:
    form = PledgeForm()
    theme_choices(form.theme_id)
    done = submit(
        form,
        lambda: services.add_pledge(
            company=membership.company,
            actor=current_user,
            title=form.title.data or "",
            description=form.description.data or "",
            target_date=form.target_date.data,
            status=form.status.data or "",
            theme_id=chosen_theme(form.theme_id),
        ),
        done=_("The pledge is added to your page."),
        to=url_for("business.dashboard"),
    )
    return done or respond("business/pledge_form.html", form_status(), form=form)


@bp.post("/min-virksomhed/loefter/<int:pledge_id>/status")
@member_required
def pledge_status(membership: CompanyMember, pledge_id: int) -> Response:
    pledge = pledge_of(membership.company_id, pledge_id)
    if pledge is None:
        abort(404)
    form = PledgeStatusForm()
    if not form.validate_on_submit():
        abort(400)
    attempt(
        lambda: services.set_pledge_status(pledge=pledge, actor=current_user, status=form.status.data or ""),
        done=_("The pledge's status is saved."),
    )
    return see_other("business.dashboard")


@bp.post("/min-virksomhed/loefter/<int:pledge_id>/slet")
@member_required
def delete_pledge(membership: CompanyMember, pledge_id: int) -> Response:
    pledge = pledge_of(membership.company_id, pledge_id)
    if pledge is None or not EmptyForm().validate_on_submit():
        abort(404 if pledge is None else 400)
    services.delete_pledge(pledge=pledge, actor=current_user)
    flash(_("The pledge is removed."), "info")
    return see_other("business.dashboard")
