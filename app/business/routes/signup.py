"""Business sign-up: first the account (role business), then the company itself."""

from __future__ import annotations

from typing import Any

from flask import Response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.access import roles_required
from app.accounts.lifecycle import sign_up
from app.accounts.limits import register_limits
from app.accounts.models import Role
from app.accounts.pages import signed_up
from app.business import services
from app.business.forms import BusinessAccountForm, CompanyForm
from app.business.queries import membership_of
from app.business.routes import bp
from app.business.routes.common import respond, see_other
from app.errors import DomainError
from app.neighbourhoods.queries import all_neighbourhoods
from app.web.forms import apply_domain_error
from app.web.security import safe_next
from app.web.submit import form_status, submit


def neighbourhood_choices(form: CompanyForm) -> None:
    form.neighbourhood_id.choices = [SelectChoice(0, _("Choose…"))] + [
        SelectChoice(n.id, n.name) for n in all_neighbourhoods()
    ]


def company_values(form: CompanyForm) -> dict[str, Any]:
    return {
        "name": form.name.data or "",
        "cvr": form.cvr.data or "",
        "address": form.address.data or "",
        "neighbourhood_id": form.neighbourhood_id.data or 0,
        "sector": form.sector.data or "",
        "size_band": form.size_band.data or "",
        "website": form.website.data or "",
        "contact_name": form.contact_name.data or "",
        "contact_email": form.contact_email.data or "",
        "contact_phone": form.contact_phone.data or "",
        "about": form.about.data or "",
    }


@bp.route("/virksomhed/registrer", methods=["GET", "POST"])
@register_limits  # shares the counters of the citizen sign-up form
def register() -> Response:
    """Step 1: a business account (role business). Step 2 is the company itself."""
    next_url = safe_next(request.args.get("next"), url_for("business.new_company"))
    if current_user.is_authenticated:
        return redirect(
            next_url
            if current_user.role == Role.BUSINESS  # type: ignore[return-value]
            else url_for("web.index")
        )
    form = BusinessAccountForm()
    if form.validate_on_submit():
        try:
            user = sign_up(
                email=form.email.data or "",
                password=form.password.data or "",
                alias=form.alias.data or "",
                neighbourhood_id=None,
                role=Role.BUSINESS,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            # the same answer for an address that already has an account
            return signed_up(user, email=form.email.data or "", next_url=next_url)
    return respond("business/register.html", form_status(), form=form)


@bp.route("/virksomhed/ny", methods=["GET", "POST"])
@roles_required(Role.BUSINESS)
def new_company() -> Response:
    if membership_of(current_user) is not None:
        return see_other("business.dashboard")
    form = CompanyForm()
    neighbourhood_choices(form)
    if request.method == "GET":
        form.contact_name.data = current_user.alias
        form.contact_email.data = current_user.email
    done = submit(
        form,
        lambda: services.register_company(owner=current_user, **company_values(form)),
        done=_("Your company is registered. Add what you already do for the climate."),
        to=url_for("business.dashboard"),
    )
    return done or respond("business/company_form.html", form_status(), form=form, creating=True)
