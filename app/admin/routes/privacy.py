"""Data-subject requests: find an account by e-mail, download its export, erase it."""

from __future__ import annotations

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import admin_required
from app.accounts.models import User
from app.admin.routes import bp
from app.db import db
from app.errors import DomainError, PermissionDenied
from app.privacy.downloads import download
from app.privacy.forms import EraseRequestForm, ExportRequestForm, LookupForm
from app.privacy.queries import user_by_email
from app.privacy.services import erase_for_request, export_for_request
from app.web.forms import apply_domain_error


def _page(
    *,
    lookup: LookupForm,
    found: User | None,
    searched: bool,
    erase_form: EraseRequestForm | None = None,
    status: int = 200,
) -> Response:
    return make_response(
        render_template(
            "admin/privacy.html",
            lookup=lookup,
            found=found,
            searched=searched,
            export_form=ExportRequestForm(formdata=None),
            erase_form=erase_form or EraseRequestForm(formdata=None),
        ),
        status,
    )


@bp.get("/privatliv")
@admin_required
def privacy_requests() -> Response:
    """Find the person behind an access or erasure request by their e-mail address."""
    lookup = LookupForm(request.args)
    searched = "email" in request.args
    found = user_by_email(lookup.email.data or "") if searched and lookup.validate() else None
    return _page(
        lookup=lookup, found=found, searched=searched, status=422 if searched and lookup.errors else 200
    )


@bp.post("/privatliv/<int:user_id>/eksport")
@admin_required
def privacy_export(user_id: int) -> Response:
    """Download the person's full export (audit-logged)."""
    form = ExportRequestForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        export = export_for_request(admin=current_user, user_id=user_id)
    except DomainError:
        abort(404)
    return download(export, form.format.data or "json", stem=f"klimadyst-data-{user_id}")


@bp.post("/privatliv/<int:user_id>/slet")
@admin_required
def privacy_erase(user_id: int) -> ResponseReturnValue:
    """Erase the person, after a typed confirmation and with a reason (audit-logged)."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = EraseRequestForm()
    status = 422
    if form.validate_on_submit():
        try:
            erase_for_request(
                admin=current_user,
                user_id=user_id,
                confirmation=form.confirmation.data or "",
                reason=form.reason.data or "",
            )
        except DomainError as error:
            apply_domain_error(form, error)
            status = 403 if isinstance(error, PermissionDenied) else 422
        else:
            flash(_("The account and its personal data are erased."), "success")
            return redirect(url_for("admin.privacy_requests"), 303)
    lookup = LookupForm(formdata=None, email=user.email)
    return _page(lookup=lookup, found=user, searched=True, erase_form=form, status=status)
