"""The privacy page, and the account page's export and deletion (URLs under /konto)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.accounts.forms import DeleteAccountForm
from app.accounts.pages import account_page
from app.errors import DomainError
from app.privacy.downloads import export_download
from app.privacy.retention import retention_days
from app.privacy.rules import RULES
from app.privacy.services import delete_own_account
from app.web.forms import apply_domain_error
from app.web.http_cache import public

bp = Blueprint("privacy", __name__)


@bp.get("/privatlivspolitik")
@public(max_age=3600)
def policy() -> str:
    """Who the data controller is, what is stored and why, for how long, and the rights."""
    return render_template("privacy/policy.html", rules=RULES, days=retention_days())


@bp.get("/konto/eksport")
@login_required
def export() -> Response:
    """Everything stored about me, as JSON (GDPR art. 15 and 20)."""
    return export_download(current_user, "json")


@bp.get("/konto/eksport.zip")
@login_required
def export_csv() -> Response:
    """The same export as a zip of CSV files for Danish Excel."""
    return export_download(current_user, "zip")


@bp.post("/konto/slet")
@login_required
def delete() -> Response:
    """Delete my account (the account page's form; a wrong password re-shows that page)."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            delete_own_account(user=current_user, password=form.password.data or "")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            logout_user()
            flash(_("Your account is deleted. Thank you for taking part."), "info")
            return redirect(url_for("web.index"), 303)  # type: ignore[return-value]
    return account_page(422, delete_form=form)
