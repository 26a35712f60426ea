"""Company pages: business sign-up, my company (profile, solutions, pledges, members, team),
the public directory and company pages, workplace teams."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice

from app.accounts.lifecycle import sign_up
from app.accounts.limits import register_limits
from app.accounts.models import Role
from app.accounts.routes import signed_up
from app.business import services
from app.business.forms import (
    BusinessAccountForm,
    CompanyEditForm,
    CompanyForm,
    EmptyForm,
    InviteForm,
    JoinTeamForm,
    PledgeForm,
    PledgeStatusForm,
    SolutionForm,
    TeamForm,
)
from app.business.labels import SECTORS, business_labels
from app.business.models import CompanyMember
from app.business.queries import (
    company_by_slug,
    company_members,
    membership_in_team,
    membership_of,
    open_invitations,
    pledge_of,
    pledges_of,
    search_companies,
    solution_of,
    solutions_of,
    team_member_count,
    team_of_company,
    team_standings,
)
from app.clock import Period, period_key, utcnow
from app.errors import DomainError
from app.neighbourhoods.queries import all_neighbourhoods
from app.settings import local_today, setting
from app.sparring.labels import sparring_labels
from app.sparring.queries import completed_journeys, requests_for_company
from app.web.auth import roles_required
from app.web.forms import apply_domain_error
from app.web.htmx import render
from app.web.params import page_arg
from app.web.routes import safe_next

bp = Blueprint("business", __name__)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {**business_labels(), **sparring_labels()}


@bp.app_template_filter("paragraphs")
def paragraphs(text: str | None) -> Markup:
    """Plain text as escaped paragraphs: a blank line starts a paragraph, a newline breaks."""
    blocks = [b.strip() for b in (text or "").split("\n\n") if b.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in b.split("\n")))
        for b in blocks)


def _respond(template: str, status: int = 200, **context: Any) -> Response:
    return make_response(render_template(template, **context), status)


def _see_other(endpoint: str, **values: Any) -> Response:
    return redirect(url_for(endpoint, **values), 303)  # type: ignore[return-value]


def _neighbourhood_choices(form: CompanyForm) -> None:
    form.neighbourhood_id.choices = [SelectChoice(0, _("Choose…"))] + [
        SelectChoice(n.id, n.name) for n in all_neighbourhoods()]


def member_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Business users with a company get it as `membership`; without one they are sent to
    register it; every other role gets 403."""

    @roles_required(Role.BUSINESS)
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        membership = membership_of(current_user)
        if membership is None:
            return _see_other("business.new_company")
        return view(membership, *args, **kwargs)

    return wrapped


# --- sign-up -----------------------------------------------------------------------------------

@bp.route("/virksomhed/registrer", methods=["GET", "POST"])
@register_limits  # shares the counters of the citizen sign-up form
def register() -> Response:
    """Step 1: a business account (role business). Step 2 is the company itself."""
    next_url = safe_next(request.args.get("next"), url_for("business.new_company"))
    if current_user.is_authenticated:
        return redirect(next_url if current_user.role == Role.BUSINESS  # type: ignore[return-value]
                        else url_for("web.index"))
    form = BusinessAccountForm()
    if form.validate_on_submit():
        try:
            user = sign_up(email=form.email.data or "", password=form.password.data or "",
                           alias=form.alias.data or "", neighbourhood_id=None, role=Role.BUSINESS)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            # the same answer for an address that already has an account
            return signed_up(user, email=form.email.data or "", next_url=next_url)
    status = 422 if request.method == "POST" else 200
    return _respond("business/register.html", status, form=form)


@bp.route("/virksomhed/ny", methods=["GET", "POST"])
@roles_required(Role.BUSINESS)
def new_company() -> Response:
    if membership_of(current_user) is not None:
        return _see_other("business.dashboard")
    form = CompanyForm()
    _neighbourhood_choices(form)
    if request.method == "GET":
        form.contact_name.data = current_user.alias
        form.contact_email.data = current_user.email
    if form.validate_on_submit():
        try:
            services.register_company(owner=current_user, **_company_values(form))
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("Your company is registered. Add what you already do for the climate."),
                  "success")
            return _see_other("business.dashboard")
    status = 422 if request.method == "POST" else 200
    return _respond("business/company_form.html", status, form=form, creating=True)


def _company_values(form: CompanyForm) -> dict[str, Any]:
    return {
        "name": form.name.data or "", "cvr": form.cvr.data or "",
        "address": form.address.data or "", "neighbourhood_id": form.neighbourhood_id.data or 0,
        "sector": form.sector.data or "", "size_band": form.size_band.data or "",
        "website": form.website.data or "", "contact_name": form.contact_name.data or "",
        "contact_email": form.contact_email.data or "",
        "contact_phone": form.contact_phone.data or "", "about": form.about.data or "",
    }


# --- my company --------------------------------------------------------------------------------

@bp.get("/min-virksomhed")
@member_required
def dashboard(membership: CompanyMember) -> Response:
    company = membership.company
    team = team_of_company(company.id)
    return _respond(
        "business/dashboard.html", company=company, membership=membership,
        requests=requests_for_company(company.id), solutions=solutions_of(company.id),
        pledges=pledges_of(company.id), team=team,
        team_members=team_member_count(team.id) if team else 0,
        status_form=PledgeStatusForm(formdata=None), empty_form=EmptyForm(formdata=None))


@bp.route("/min-virksomhed/rediger", methods=["GET", "POST"])
@member_required
def edit_company(membership: CompanyMember) -> Response:
    company = membership.company
    form = CompanyEditForm(obj=company)
    _neighbourhood_choices(form)
    if form.validate_on_submit():
        try:
            services.update_company(company=company, actor=current_user,
                                    show_sparring_journeys=bool(form.show_sparring_journeys.data),
                                    **_company_values(form))
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The company profile is saved."), "success")
            return _see_other("business.dashboard")
    status = 422 if request.method == "POST" else 200
    return _respond("business/company_form.html", status, form=form, creating=False,
                    company=company)


@bp.route("/min-virksomhed/loesninger/ny", methods=["GET", "POST"])
@member_required
def new_solution(membership: CompanyMember) -> Response:
    form = SolutionForm()
    if form.validate_on_submit():
        try:
            services.add_solution(company=membership.company, actor=current_user,
                                  **_solution_values(form))
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The solution is added to your page."), "success")
            return _see_other("business.dashboard")
    status = 422 if request.method == "POST" else 200
    return _respond("business/solution_form.html", status, form=form, solution=None)


def _solution_values(form: SolutionForm) -> dict[str, str]:
    return {"title": form.title.data or "", "description": form.description.data or "",
            "category": form.category.data or "", "effect": form.effect.data or "",
            "effect_source": form.effect_source.data or ""}


@bp.route("/min-virksomhed/loesninger/<int:solution_id>", methods=["GET", "POST"])
@member_required
def edit_solution(membership: CompanyMember, solution_id: int) -> Response:
    solution = solution_of(membership.company_id, solution_id)
    if solution is None:
        abort(404)
    form = SolutionForm(obj=solution)
    if form.validate_on_submit():
        try:
            services.update_solution(solution=solution, actor=current_user,
                                     **_solution_values(form))
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The solution is saved."), "success")
            return _see_other("business.dashboard")
    status = 422 if request.method == "POST" else 200
    return _respond("business/solution_form.html", status, form=form, solution=solution)


@bp.post("/min-virksomhed/loesninger/<int:solution_id>/slet")
@member_required
def delete_solution(membership: CompanyMember, solution_id: int) -> Response:
    solution = solution_of(membership.company_id, solution_id)
    if solution is None or not EmptyForm().validate_on_submit():
        abort(404 if solution is None else 400)
    services.delete_solution(solution=solution, actor=current_user)
    flash(_("The solution is removed."), "info")
    return _see_other("business.dashboard")


@bp.route("/min-virksomhed/loefter/ny", methods=["GET", "POST"])
@member_required
def new_pledge(membership: CompanyMember) -> Response:
    form = PledgeForm()
    if form.validate_on_submit():
        try:
            services.add_pledge(company=membership.company, actor=current_user,
                                title=form.title.data or "",
                                description=form.description.data or "",
                                target_date=form.target_date.data,
                                status=form.status.data or "")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The pledge is added to your page."), "success")
            return _see_other("business.dashboard")
    status = 422 if request.method == "POST" else 200
    return _respond("business/pledge_form.html", status, form=form)


@bp.post("/min-virksomhed/loefter/<int:pledge_id>/status")
@member_required
def pledge_status(membership: CompanyMember, pledge_id: int) -> Response:
    pledge = pledge_of(membership.company_id, pledge_id)
    if pledge is None:
        abort(404)
    form = PledgeStatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_pledge_status(pledge=pledge, actor=current_user, status=form.status.data or "")
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The pledge's status is saved."), "success")
    return _see_other("business.dashboard")


@bp.post("/min-virksomhed/loefter/<int:pledge_id>/slet")
@member_required
def delete_pledge(membership: CompanyMember, pledge_id: int) -> Response:
    pledge = pledge_of(membership.company_id, pledge_id)
    if pledge is None or not EmptyForm().validate_on_submit():
        abort(404 if pledge is None else 400)
    services.delete_pledge(pledge=pledge, actor=current_user)
    flash(_("The pledge is removed."), "info")
    return _see_other("business.dashboard")


# --- members -----------------------------------------------------------------------------------

def _members_page(membership: CompanyMember, form: InviteForm, status: int = 200) -> Response:
    company = membership.company
    return _respond("business/members.html", status, company=company, membership=membership,
                    members=company_members(company.id),
                    invitations=open_invitations(company.id, utcnow()) if membership.is_owner
                    else [], form=form, empty_form=EmptyForm(formdata=None))


@bp.get("/min-virksomhed/medlemmer")
@member_required
def members(membership: CompanyMember) -> Response:
    return _members_page(membership, InviteForm(formdata=None))


@bp.post("/min-virksomhed/medlemmer/inviter")
@member_required
def invite(membership: CompanyMember) -> Response:
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite_member(
                company=membership.company, actor=current_user, email=form.email.data or "")
        except DomainError as error:
            if error.status_code == 403:
                abort(403)
            apply_domain_error(form, error)
        else:
            flash(_("The invitation is on its way to %(email)s.", email=form.email.data),
                  "success")
            return _see_other("business.members")
    return _members_page(membership, form, 422)


@bp.post("/min-virksomhed/medlemmer/<int:user_id>/fjern")
@member_required
def remove_member(membership: CompanyMember, user_id: int) -> Response:
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.remove_member(company=membership.company, actor=current_user, user_id=user_id)
    except DomainError as error:
        abort(error.status_code if error.status_code in (403, 404) else 400)
    flash(_("The member is removed."), "info")
    return _see_other("business.members")


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Response:
    """Shows who invites; a logged-in business account with the invited address accepts."""
    try:
        invite_row = services.invitation_for_token(token)
    except DomainError:
        abort(404)
    form = EmptyForm()
    resend_form = EmptyForm(formdata=None)
    if request.method == "POST" and current_user.is_authenticated and form.validate_on_submit():
        try:
            services.accept_invitation(token=token, user=current_user)
        except DomainError as error:
            flash(str(error.message), "error")
        else:
            flash(_("Welcome to %(company)s.", company=invite_row.company.name), "success")
            return _see_other("business.dashboard")
        return _respond("business/invitation.html", 422, invitation=invite_row, form=form,
                        resend_form=resend_form)
    if request.method == "POST" and not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.path), 303)  # type: ignore[return-value]
    if request.method == "POST":
        abort(400)  # the CSRF token was missing or wrong
    return _respond("business/invitation.html", invitation=invite_row, form=form,
                    resend_form=resend_form)


# --- workplace team ----------------------------------------------------------------------------

@bp.route("/min-virksomhed/hold", methods=["GET", "POST"])
@member_required
def team(membership: CompanyMember) -> Response:
    existing = team_of_company(membership.company_id)
    form = TeamForm()
    if existing is None and form.validate_on_submit():
        try:
            services.open_team(company=membership.company, actor=current_user,
                               name=form.name.data or "")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("Your workplace team is open. Share the join code with your colleagues."),
                  "success")
            return _see_other("business.team")
    if request.method == "GET" and existing is None:
        form.name.data = membership.company.name
    status = 422 if request.method == "POST" else 200
    return _respond("business/team.html", status, form=form, team=existing,
                    company=membership.company, empty_form=EmptyForm(formdata=None),
                    members=team_member_count(existing.id) if existing else 0)


@bp.post("/min-virksomhed/hold/ny-kode")
@member_required
def new_code(membership: CompanyMember) -> Response:
    existing = team_of_company(membership.company_id)
    if existing is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.new_join_code(team=existing, actor=current_user)
    flash(_("The team has a new join code. The old one no longer works."), "success")
    return _see_other("business.team")


def _period() -> Period:
    raw = request.args.get("periode", "uge")
    periods = {"uge": Period.WEEK, "maaned": Period.MONTH, "altid": Period.ALL}
    if raw not in periods:
        abort(404)
    return periods[raw]


def _teams_page(form: JoinTeamForm, status: int = 200) -> Response:
    period = _period()
    today = local_today()
    minimum = int(setting("TEAM_MIN_MEMBERS"))
    mine = membership_in_team(current_user.id) if current_user.is_authenticated else None
    return render(
        "business/teams.html", "business/_team_table.html", status=status,
        standings=team_standings(period, today, min_members=minimum), period=period,
        period_params={Period.WEEK: "uge", Period.MONTH: "maaned", Period.ALL: "altid"},
        period_key=period_key(period, today), min_members=minimum, my_team=mine, form=form,
        empty_form=EmptyForm(formdata=None))


@bp.get("/arbejdspladser")
def teams() -> Response:
    return _teams_page(JoinTeamForm(formdata=None))


@bp.post("/arbejdspladser/tilmeld")
@roles_required(Role.CITIZEN)
def join_team() -> Response:
    form = JoinTeamForm()
    if form.validate_on_submit():
        try:
            membership = services.join_team(user=current_user, code=form.code.data or "")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("You are on %(team)s's team. Your points also count for your neighbourhood.",
                    team=membership.team.name), "success")
            return _see_other("business.teams")
    return _teams_page(form, 422)


@bp.post("/arbejdspladser/forlad")
@roles_required(Role.CITIZEN)
def leave_team() -> Response:
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.leave_team(user=current_user)
    except DomainError:
        abort(404)
    flash(_("You have left the workplace team."), "info")
    return _see_other("business.teams")


# --- public pages ------------------------------------------------------------------------------

@bp.get("/virksomheder")
def directory() -> Response:
    query = request.args.get("q", "")[:100]
    area = request.args.get("omraade") or None
    sector = request.args.get("branche") or None
    if sector is not None and sector not in SECTORS:
        sector = None
    page = page_arg()
    result = search_companies(query=query, neighbourhood_slug=area, sector=sector, page=page)
    filters = {k: v for k, v in {"q": query, "omraade": area, "branche": sector}.items() if v}
    return render("business/directory.html", "business/_directory_results.html",
                  result=result, query=query, area=area, sector=sector, filters=filters,
                  neighbourhoods=all_neighbourhoods())


@bp.get("/virksomheder/<slug>")
def company_page(slug: str) -> Response:
    company = company_by_slug(slug)
    if company is None:
        abort(404)
    team = team_of_company(company.id)
    mine = membership_of(current_user)
    return _respond(
        "business/company.html", company=company, solutions=solutions_of(company.id),
        pledges=pledges_of(company.id),
        journeys=completed_journeys(company.id) if company.show_sparring_journeys else [],
        team=team, team_members=team_member_count(team.id) if team else 0,
        is_own=mine is not None and mine.company_id == company.id)

