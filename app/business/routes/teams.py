"""Workplace teams: a company opens one, citizens join with a code, the public board."""

from __future__ import annotations

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import roles_required
from app.accounts.models import Role
from app.business import services
from app.business.access import member_required
from app.business.forms import EmptyForm, JoinTeamForm, TeamForm
from app.business.models import CompanyMember
from app.business.queries import membership_in_team, team_member_count, team_of_company, team_standings
from app.business.routes import bp
from app.business.routes.common import respond, see_other
from app.clock import period_key
from app.errors import DomainError
from app.settings import local_today
from app.web.htmx import render
from app.web.http_cache import public
from app.web.params import PARAM_FOR, period_arg
from app.web.submit import form_status, submit


@bp.route("/min-virksomhed/hold", methods=["GET", "POST"])
@member_required
def team(membership: CompanyMember) -> Response:
    existing = team_of_company(membership.company_id)
    form = TeamForm()
    if existing is None:
        done = submit(
            form,
            lambda: services.open_team(
                company=membership.company, actor=current_user, name=form.name.data or ""
            ),
            done=_("Your workplace team is open. Share the join code with your colleagues."),
            to=url_for("business.team"),
        )
        if done is not None:
            return done
    if request.method == "GET" and existing is None:
        form.name.data = membership.company.name
    return respond(
        "business/team.html",
        form_status(),
        form=form,
        team=existing,
        company=membership.company,
        members=team_member_count(existing.id) if existing else 0,
    )


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
    return see_other("business.team")


def _teams_page(form: JoinTeamForm | None, status: int = 200) -> Response:
    period = period_arg()
    today = local_today()
    mine = membership_in_team(current_user.id) if current_user.is_authenticated else None
    return render(
        "business/teams.html",
        "business/_team_table.html",
        status=status,
        standings=team_standings(period, today),
        period=period,
        period_params=PARAM_FOR,
        period_key=period_key(period, today),
        my_team=mine,
        form=form,
    )


@bp.get("/arbejdspladser")
@public(max_age=60)
def teams() -> Response:
    # The join form (and its CSRF token, a session) only for those who can join: the public
    # board stays cookie-free for a shared cache.
    return _teams_page(JoinTeamForm(formdata=None) if current_user.is_citizen else None)


@bp.post("/arbejdspladser/tilmeld")
@roles_required(Role.CITIZEN)
def join_team() -> Response:
    form = JoinTeamForm()
    done = submit(
        form,
        lambda: services.join_team(user=current_user, code=form.code.data or ""),
        done=lambda membership: _(
            "You are on %(team)s's team. Your points also count for your neighbourhood.",
            team=membership.team.name,
        ),
        to=url_for("business.teams"),
    )
    return done or _teams_page(form, 422)


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
    return see_other("business.teams")
