"""'Vi vil også' on a company's solution, and the solution's company answering a contact request."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.business.access import member_required
from app.business.models import Company, CompanyMember, Solution
from app.business.queries import company_by_slug, solution_of
from app.errors import ConflictError, DomainError
from app.solutions import services
from app.solutions.forms import AdoptForm, ContactAnswerForm
from app.solutions.queries import adoption_of, contact_request_of
from app.web.forms import apply_domain_error
from app.web.htmx import render
from app.web.submit import attempt

bp = Blueprint("solutions", __name__)


def _to_request(request_id: int) -> Response:
    return redirect(url_for("sparring.request_detail", request_id=request_id), 303)  # type: ignore[return-value]


def _page(company: Company, solution: Solution, form: AdoptForm | None, status: int) -> Response:
    return render(
        "solutions/adopt.html",
        "solutions/adopt.html",
        status=status,
        company=company,
        solution=solution,
        form=form,
    )


@bp.route("/virksomheder/<slug>/loesninger/<int:solution_id>/vil-ogsaa", methods=["GET", "POST"])
@member_required
def adopt(membership: CompanyMember, slug: str, solution_id: int) -> ResponseReturnValue:
    company = company_by_slug(slug)
    solution = solution_of(company.id, solution_id) if company is not None else None
    if company is None or solution is None:
        abort(404)
    if company.id == membership.company_id:
        return _page(company, solution, None, 409)  # one's own solution: the page says so
    existing = adoption_of(solution.id, membership.company_id)
    if existing is not None:
        flash(_("Your company already wants to do this. Follow it up in your sparring request."), "info")
        return _to_request(existing.sparring_request_id)
    form = AdoptForm()
    form.wants_contact.label.text = _("Put us in contact with %(company)s", company=company.name)
    if request.method == "GET":
        form.topic.data = services.adoption_topic(company.name, solution.title)
        return _page(company, solution, form, 200)
    if form.validate_on_submit():
        try:
            adoption = services.adopt_solution(
                solution=solution,
                adopter=current_user,
                topic=form.topic.data or "",
                message=form.message.data or "",
                contact_method=form.contact_method.data or "",
                contact_time=form.contact_time.data or "",
                wants_contact=bool(form.wants_contact.data),
            )
        except ConflictError as error:  # adopted meanwhile, from another tab
            flash(str(error.message), "info")
            found = adoption_of(solution.id, membership.company_id)
            return _to_request(found.sparring_request_id) if found else _page(company, solution, form, 409)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("Your request is sent to the municipality. You can follow it here."), "success")
            return _to_request(adoption.sparring_request_id)
    return _page(company, solution, form, 422)


@bp.post("/min-virksomhed/kontaktanmodninger/<int:adoption_id>")
@member_required
def answer_contact(membership: CompanyMember, adoption_id: int) -> Response:
    adoption = contact_request_of(membership.company_id, adoption_id)
    if adoption is None:
        abort(404)
    form = ContactAnswerForm()
    if not form.validate_on_submit():
        abort(400)
    accept = form.answer.data == "accept"
    attempt(
        lambda: services.answer_contact(adoption=adoption, actor=current_user, accept=accept),
        done=(
            _("You accepted: you can now see each other's contact details.")
            if accept
            else _("You declined the contact request. Nothing was shared.")
        ),
    )
    return redirect(url_for("business.dashboard"), 303)  # type: ignore[return-value]
