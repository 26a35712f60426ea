"""Adopting another company's solution ("Vi vil også"), answering a contact request, featuring.

An adoption is a sparring request to the municipality plus the adoption row, in one
transaction; the municipality follows it up in its sparring inbox like any other request.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit
from app.business.models import Company, Solution
from app.business.queries import company_members, membership_of
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.outbox.services import absolute_url, queue_mail
from app.settings import setting
from app.solutions.models import Adoption, ContactState
from app.solutions.rules import fit_topic
from app.sparring.services import request_sparring


def _mail_locale() -> str:
    return str(setting("BABEL_DEFAULT_LOCALE"))


def adoption_topic(company: str, title: str) -> str:
    """The pre-filled topic, "Vi vil gøre som <X>: <title>", in the active locale."""
    return fit_topic(_("We want to do as %(company)s: %(title)s", company=company, title=title))


def _default_topic(company: str, title: str) -> str:
    """Without a topic (the API), it is written in the municipality's language, like its mails."""
    with force_locale(_mail_locale()):
        return adoption_topic(company, title)


def adopt_solution(
    *,
    solution: Solution,
    adopter: User,
    message: str,
    contact_method: str,
    wants_contact: bool,
    topic: str | None = None,
    contact_time: str = "",
    now: datetime | None = None,
) -> Adoption:
    """A business member's company wants to do what `solution` does. It becomes a general
    sparring request ("We want to do as X: title" unless another topic is given) and the
    adoption, in one transaction. A company cannot adopt its own solution, and adopts each
    solution once (ConflictError). With `wants_contact` the solution's company is asked, by
    mail to its members, whether it will be put in contact; nobody's contact details are shown
    before it accepts."""
    membership = membership_of(adopter)
    if membership is None:
        raise PermissionDenied(_l("Only a company's members can say they want to do this too."))
    if membership.company_id == solution.company_id:
        raise ValidationError(_l("This is your own company's solution."), code="own_solution")
    owner = db.session.get(Company, solution.company_id)
    if owner is None:
        raise NotFound(_l("There is no such solution."))
    moment = now or utcnow()
    with write_transaction():
        if _adoption_of(solution.id, membership.company_id) is not None:
            raise ConflictError(
                _l("Your company already wants to do this. Follow it up in your sparring request."),
                code="already_adopted",
            )
        request = request_sparring(
            company=membership.company,
            requester=adopter,
            offer_ids=[],
            topic=topic if topic is not None else _default_topic(owner.name, solution.title),
            message=message,
            contact_method=contact_method,
            contact_time=contact_time,
            now=moment,
        )
        adoption = Adoption(
            solution_id=solution.id,
            company_id=membership.company_id,
            sparring_request_id=request.id,
            wants_contact=wants_contact,
            contact_state=ContactState.PENDING if wants_contact else ContactState.NOT_REQUESTED,
            created_at=moment,
        )
        db.session.add(adoption)
        try:
            db.session.flush()
        except IntegrityError:  # the same company, at the same moment, in another request
            raise ConflictError(
                _l("Your company already wants to do this. Follow it up in your sparring request."),
                code="already_adopted",
            ) from None
        if wants_contact:
            _queue_contact_request_mails(owner, membership.company, solution)
    return adoption


def _adoption_of(solution_id: int, company_id: int) -> Adoption | None:
    return db.session.scalar(
        select(Adoption).where(Adoption.solution_id == solution_id, Adoption.company_id == company_id)
    )


def _queue_contact_request_mails(owner: Company, adopter: Company, solution: Solution) -> None:
    """Every member of the solution's company is asked; the mail names the adopter, no address."""
    with force_locale(_mail_locale()):
        subject = _("%(company)s wants to do what you do", company=adopter.name)
        body = _(
            '%(company)s wants to do as you: "%(title)s", and asks to be put in contact with you.\n\n'
            "Nothing is shared before you say yes. Answer on your company page: %(link)s",
            company=adopter.name,
            title=solution.title,
            link=absolute_url("business.dashboard"),
        )
        for member in company_members(owner.id):
            queue_mail(to=member.user.email, kind="solution_contact", subject=subject, body=body)


def answer_contact(*, adoption: Adoption, actor: User, accept: bool, now: datetime | None = None) -> Adoption:
    """The solution's company accepts or declines a pending contact request, once. Only its own
    members may answer. After an acceptance each company sees the other's contact person and
    e-mail on its pages; the adopter's requester gets a mail either way."""
    solution = db.session.get(Solution, adoption.solution_id)
    membership = membership_of(actor)
    if solution is None or membership is None or membership.company_id != solution.company_id:
        raise PermissionDenied(_l("Only the solution's company can answer a contact request."))
    with write_transaction():
        db.session.refresh(adoption)  # decide on the state as stored
        if adoption.contact_state != ContactState.PENDING:
            raise ConflictError(_l("This contact request is already answered."), code="already_answered")
        adoption.contact_state = ContactState.ACCEPTED if accept else ContactState.DECLINED
        adoption.decided_at = now or utcnow()
        adoption.decided_by_id = actor.id
        requester = adoption.sparring_request.requested_by
        if requester is not None:
            with force_locale(_mail_locale()):
                queue_mail(
                    to=requester.email,
                    kind="solution_contact_answer",
                    subject=(
                        _("%(company)s will be put in contact with you", company=membership.company.name)
                        if accept
                        else _("%(company)s declined the contact request", company=membership.company.name)
                    ),
                    body=_(
                        "See your request: %(link)s",
                        link=absolute_url("sparring.request_detail", request_id=adoption.sparring_request_id),
                    ),
                )
    return adoption


def set_featured(*, admin: User, solution: Solution, featured: bool) -> Solution:
    """An administrator features a solution on the vision page (or stops), audited."""
    require_admin(admin)
    with write_transaction():
        if solution.featured != featured:
            solution.featured = featured
            record_audit(
                actor=admin,
                verb="feature" if featured else "unfeature",
                object_type="solution",
                object_id=solution.id,
                object_label=solution.title,
                before={"featured": not featured},
                after={"featured": featured},
            )
    return solution
