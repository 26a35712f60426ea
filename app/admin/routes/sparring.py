"""The sparring inbox (every request, with days waited), the offer catalogue and company
verification."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from app.accounts.access import admin_required
from app.admin.forms import AssignForm, ConfirmForm, InboxFilterForm, OfferForm, ReplyForm, RequestStateForm
from app.admin.routes import bp
from app.admin.routes.common import form_page, offer_data, offer_form, require_confirmation
from app.audit.queries import entries_for
from app.business.queries import all_companies
from app.db import db
from app.errors import DomainError, PermissionDenied
from app.solutions.queries import adoptions_for_requests
from app.sparring.desk import assign, move_request, reply, save_offer, set_offer_active, set_verified
from app.sparring.labels import sparring_labels
from app.sparring.models import SparringOffer, SparringRequest
from app.sparring.queries import (
    all_offers,
    assignable_staff,
    comments_for,
    history_for,
    municipality_staff,
    offer_request_counts,
    requests_for_inbox,
    state_counts,
)
from app.sparring.states import RequestState, allowed_next
from app.web.submit import submit


def _labels() -> dict[str, Any]:
    return sparring_labels()


def _inbox_form() -> InboxFilterForm:
    form = InboxFilterForm(request.args)
    states = _labels()["state_names"]
    form.tilstand.choices = [
        SelectChoice("", _("All states")),
        *(SelectChoice(s.value, str(states[s])) for s in RequestState),
    ]
    form.tilbud.choices = [
        SelectChoice("", _("All offers")),
        *(SelectChoice(str(o.id), o.title) for o in all_offers()),
    ]
    form.ansvarlig.choices = [
        SelectChoice("", _("Anyone")),
        *(SelectChoice(str(u.id), u.alias) for u in municipality_staff()),
    ]
    return form


@bp.get("/sparring")
@admin_required
def sparring_inbox() -> Response:
    """Every request, oldest waiting first, filtered by state, offer, age and assignee."""
    form = _inbox_form()
    valid = form.validate() if request.args else True
    rows = requests_for_inbox(
        state=form.tilstand.data or None if valid else None,
        offer_id=int(form.tilbud.data) if valid and form.tilbud.data else None,
        min_age_days=int(form.alder.data) if valid and form.alder.data else None,
        assigned_to_id=int(form.ansvarlig.data) if valid and form.ansvarlig.data else None,
    )
    return make_response(
        render_template(
            "admin/sparring_inbox.html",
            form=form,
            rows=rows,
            counts=state_counts(),
            adoptions=adoptions_for_requests(row.request.id for row in rows),
            **_labels(),
        ),
        200 if valid else 422,
    )


def _request(request_id: int) -> SparringRequest:
    found = db.session.get(SparringRequest, request_id)
    if found is None:
        abort(404)
    return found


def _forms(found: SparringRequest, **given: Any) -> dict[str, Any]:
    states = _labels()["state_names"]
    state_form = given.get("state_form") or RequestStateForm(formdata=None)
    state_form.new_state.choices = [SelectChoice(s.value, str(states[s])) for s in allowed_next(found.state)]
    assign_form = given.get("assign_form") or AssignForm(formdata=None)
    assign_form.assignee_id.choices = [
        SelectChoice("", _("Nobody")),
        *(SelectChoice(str(u.id), u.alias) for u in assignable_staff()),
    ]
    if not assign_form.is_submitted():
        assign_form.assignee_id.data = str(found.assigned_to_id or "")
    return {
        "state_form": state_form,
        "assign_form": assign_form,
        "reply_form": given.get("reply_form") or ReplyForm(formdata=None),
    }


def _request_page(found: SparringRequest, status: int = 200, **given: Any) -> Response:
    return make_response(
        render_template(
            "admin/sparring_request.html",
            req=found,
            comments=comments_for(found.id),
            changes=history_for(found.id),
            audit=entries_for("sparring_request", found.id),
            **_forms(found, **given),
            **_labels(),
        ),
        status,
    )


@bp.get("/sparring/<int:request_id>")
@admin_required
def sparring_request(request_id: int) -> Response:
    return _request_page(_request(request_id))


def _request_form(
    found: SparringRequest, name: str, form: FlaskForm, call: Callable[[], object], done: str
) -> Response:
    """One of the request page's forms: the service call, then back to the page (303), or the
    page again with this form's errors (422)."""
    _forms(found, **{name: form})  # the select choices must be set before validation
    answer = submit(form, call, done=done, to=url_for("admin.sparring_request", request_id=found.id))
    return answer or _request_page(found, 422, **{name: form})


@bp.post("/sparring/<int:request_id>/tilstand")
@admin_required
def sparring_state(request_id: int) -> ResponseReturnValue:
    found = _request(request_id)
    form = RequestStateForm()
    return _request_form(
        found,
        "state_form",
        form,
        lambda: move_request(
            admin=current_user,
            request_id=found.id,
            new_state=form.new_state.data or "",
            note=form.note.data or "",
        ),
        _("The state is changed, and the company has been told."),
    )


@bp.post("/sparring/<int:request_id>/ansvarlig")
@admin_required
def sparring_assign(request_id: int) -> ResponseReturnValue:
    found = _request(request_id)
    form = AssignForm()
    return _request_form(
        found,
        "assign_form",
        form,
        lambda: assign(
            admin=current_user,
            request_id=found.id,
            assignee_id=int(form.assignee_id.data) if form.assignee_id.data else None,
        ),
        _("The responsible person is saved."),
    )


@bp.post("/sparring/<int:request_id>/svar")
@admin_required
def sparring_reply(request_id: int) -> ResponseReturnValue:
    found = _request(request_id)
    form = ReplyForm()
    return _request_form(
        found,
        "reply_form",
        form,
        lambda: reply(admin=current_user, request_id=found.id, body=form.body.data or ""),
        _("Your reply is sent to the company."),
    )


# --- Offers ---------------------------------------------------------------------------------


@bp.get("/sparring/tilbud")
@admin_required
def sparring_offers() -> Response:
    return make_response(
        render_template(
            "admin/sparring_offers.html",
            offers=all_offers(),
            counts=offer_request_counts(),
            confirm=ConfirmForm(),
            **_labels(),
        )
    )


def _save_offer(form: OfferForm, offer: SparringOffer | None) -> ResponseReturnValue:
    page = {"form": form, "offer": offer, "history": entries_for("sparring_offer", offer.id) if offer else []}
    done = submit(
        form,
        lambda: save_offer(admin=current_user, data=offer_data(form), offer_id=offer.id if offer else None),
        done=lambda saved: _("%(title)s is saved.", title=saved.title),
        to=url_for("admin.sparring_offers"),
    )
    return done or form_page(form, "admin/sparring_offer_form.html", **page)


@bp.route("/sparring/tilbud/ny", methods=["GET", "POST"])
@admin_required
def sparring_offer_new() -> ResponseReturnValue:
    return _save_offer(offer_form(None), None)


def _get_offer(offer_id: int) -> SparringOffer:
    """The municipality's own offer; a national one is the platform's to change (403)."""
    offer = db.session.get(SparringOffer, offer_id)
    if offer is None:
        abort(404)
    if offer.municipality_id is None:
        raise PermissionDenied(
            _l("This is a national offer, kept by the platform: it cannot be changed by a municipality.")
        )
    return offer


@bp.route("/sparring/tilbud/<int:offer_id>", methods=["GET", "POST"])
@admin_required
def sparring_offer_edit(offer_id: int) -> ResponseReturnValue:
    offer = _get_offer(offer_id)
    return _save_offer(offer_form(offer), offer)


@bp.post("/sparring/tilbud/<int:offer_id>/aktiv")
@admin_required
def sparring_offer_active(offer_id: int) -> ResponseReturnValue:
    require_confirmation()
    offer = _get_offer(offer_id)
    active = request.form.get("active") == "1"
    set_offer_active(admin=current_user, offer_id=offer.id, active=active)
    flash(
        _("%(title)s is back in the catalogue.", title=offer.title)
        if active
        else _(
            "%(title)s is retired: it can no longer be requested, and existing requests keep it.",
            title=offer.title,
        ),
        "success",
    )
    return redirect(url_for("admin.sparring_offers"), 303)


# --- Companies ------------------------------------------------------------------------------

VERIFIED_FILTER = {"": None, "ja": True, "nej": False}


@bp.get("/virksomheder")
@admin_required
def companies() -> Response:
    """Every registered company, to check and mark as verified."""
    wanted = request.args.get("godkendt", "")
    if wanted not in VERIFIED_FILTER:
        abort(404)
    from app.privacy.queries import companies_without_members

    return make_response(
        render_template(
            "admin/companies.html",
            companies=all_companies(verified=VERIFIED_FILTER[wanted]),
            wanted=wanted,
            confirm=ConfirmForm(),
            without_members=companies_without_members(),
        )
    )


@bp.post("/virksomheder/<int:company_id>/godkendt")
@admin_required
def company_verified(company_id: int) -> ResponseReturnValue:
    require_confirmation()
    verified = request.form.get("verified") == "1"
    try:
        company = set_verified(admin=current_user, company_id=company_id, verified=verified)
    except DomainError as error:
        if error.status_code == 404:
            abort(404)
        raise
    flash(
        _("%(name)s is marked as verified.", name=company.name)
        if verified
        else _("%(name)s is no longer marked as verified.", name=company.name),
        "success",
    )
    return redirect(url_for("admin.companies", godkendt=request.form.get("godkendt", "")), 303)
