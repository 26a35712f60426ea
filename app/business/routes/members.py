"""Company members: the list, invitations by mail, removing a member, accepting an invitation."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.business import services
from app.business.access import member_required
from app.business.forms import EmptyForm, InviteForm
from app.business.models import CompanyMember
from app.business.queries import company_members, open_invitations
from app.business.routes import bp
from app.business.routes.common import respond, see_other
from app.clock import utcnow
from app.errors import DomainError
from app.web.forms import apply_domain_error


def _members_page(membership: CompanyMember, form: InviteForm, status: int = 200) -> Response:
    company = membership.company
    return respond(
        "business/members.html",
        status,
        company=company,
        membership=membership,
        members=company_members(company.id),
        invitations=open_invitations(company.id, utcnow()) if membership.is_owner else [],
        form=form,
    )


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
                company=membership.company, actor=current_user, email=form.email.data or ""
            )
        except DomainError as error:
            if error.status_code == 403:  # a member who is not the owner: not a form problem
                abort(403)
            apply_domain_error(form, error)
        else:
            flash(_("The invitation is on its way to %(email)s.", email=form.email.data), "success")
            return see_other("business.members")
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
    return see_other("business.members")


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
            return see_other("business.dashboard")
        return respond(
            "business/invitation.html", 422, invitation=invite_row, form=form, resend_form=resend_form
        )
    if request.method == "POST" and not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.path), 303)  # type: ignore[return-value]
    if request.method == "POST":
        abort(400)  # the CSRF token was missing or wrong
    return respond("business/invitation.html", invitation=invite_row, form=form, resend_form=resend_form)
