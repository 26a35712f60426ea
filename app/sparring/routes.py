"""The sparring catalogue, the request form, and a request's page with its comment thread."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.models import Role
from app.business.access import member_required
from app.business.models import CompanyMember
from app.business.queries import membership_of
from app.errors import DomainError
from app.sparring import services
from app.sparring.forms import CommentForm, RequestForm
from app.sparring.queries import active_offers, comments_for, history_for, request_of_company
from app.sparring.states import ORDER
from app.web.forms import apply_domain_error
from app.web.htmx import is_partial_request, render
from app.web.http_cache import public
from app.web.params import is_number
from app.web.submit import submit

bp = Blueprint("sparring", __name__)


@bp.get("/sparring")
@public(max_age=60)
def offers() -> Response:
    membership = membership_of(current_user)
    return render(
        "sparring/offers.html",
        "sparring/offers.html",
        offers=active_offers(),
        membership=membership,
        is_business=current_user.is_authenticated and current_user.role == Role.BUSINESS,
    )


@bp.route("/sparring/anmod", methods=["GET", "POST"])
@member_required
def new_request(membership: CompanyMember) -> ResponseReturnValue:
    form = RequestForm()
    catalogue = active_offers()
    form.offer_ids.choices = [SelectChoice(o.id, o.title) for o in catalogue]
    if request.method == "GET":
        wanted = request.args.get("tilbud", "")
        if is_number(wanted) and any(o.id == int(wanted) for o in catalogue):
            form.offer_ids.data = [int(wanted)]
    done = submit(
        form,
        lambda: services.request_sparring(
            company=membership.company,
            requester=current_user,
            offer_ids=form.offer_ids.data or [],
            topic=form.topic.data or "",
            message=form.message.data or "",
            contact_method=form.contact_method.data or "",
            contact_time=form.contact_time.data or "",
        ),
        done=_("Your request is sent. You can follow it here."),
        to=lambda created: url_for("sparring.request_detail", request_id=created.id),
    )
    if done is not None:
        return done
    status = 422 if request.method == "POST" else 200
    return render(
        "sparring/request_form.html", "sparring/request_form.html", status=status, form=form, offers=catalogue
    )


def _detail_context(membership: CompanyMember, request_id: int, **extra: Any) -> dict[str, Any]:
    found = request_of_company(membership.company_id, request_id)
    if found is None:
        abort(404)
    context: dict[str, Any] = {
        "sparring_request": found,
        "comments": comments_for(found.id),
        "history": history_for(found.id),
        "steps": ORDER,
        "form": CommentForm(formdata=None),
    }
    context.update(extra)
    return context


@bp.get("/sparring/anmodninger/<int:request_id>")
@member_required
def request_detail(membership: CompanyMember, request_id: int) -> Response:
    return render(
        "sparring/request_detail.html", "sparring/_thread.html", **_detail_context(membership, request_id)
    )


@bp.post("/sparring/anmodninger/<int:request_id>/kommentar")
@member_required
def comment(membership: CompanyMember, request_id: int) -> ResponseReturnValue:
    found = request_of_company(membership.company_id, request_id)
    if found is None:
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(request=found, author=current_user, body=form.body.data or "")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if is_partial_request():
                return render(
                    "sparring/request_detail.html",
                    "sparring/_thread.html",
                    **_detail_context(membership, request_id),
                )
            flash(_("Your message is sent."), "success")
            return redirect(url_for("sparring.request_detail", request_id=request_id), 303)
    return render(
        "sparring/request_detail.html",
        "sparring/_thread.html",
        status=422,
        **_detail_context(membership, request_id, form=form),
    )
