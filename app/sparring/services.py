"""Sparring use cases: request, move through the states, assign, comment.

Managing the offer catalogue lives in `app.sparring.offers`.

Every new request, state change and comment queues its e-mail in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.routing import BuildError

from app.accounts.models import Role, User
from app.business.models import Company
from app.business.queries import is_municipality, membership_of
from app.business.text import clean_text
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import PermissionDenied, ValidationError
from app.outbox.services import absolute_url, queue_mail
from app.settings import setting
from app.sparring.labels import CONTACT_METHODS, STATES
from app.sparring.models import (
    CommentSide,
    ContactMethod,
    SparringComment,
    SparringOffer,
    SparringRequest,
    SparringStateChange,
)
from app.sparring.states import TIMESTAMP_FIELD, RequestState, allowed_next
from app.tenancy.context import municipality_name

# The admin area's page for one request (built by the admin feature); used in staff mails.
ADMIN_REQUEST_ENDPOINT = "admin.sparring_request"


def state_label(state: str) -> str:
    """The state as people read it (in the active locale)."""
    return str(STATES.get(RequestState(state), state))


def _mail_locale() -> str:
    return str(setting("BABEL_DEFAULT_LOCALE"))


def _inbox_link(request_id: int) -> str:
    """The request in the admin's sparring inbox (endpoint ADMIN_REQUEST_ENDPOINT), or the site's
    front page while the admin area is not installed."""
    try:
        return absolute_url(ADMIN_REQUEST_ENDPOINT, request_id=request_id)
    except BuildError:
        return absolute_url("web.index")


def _company_addresses(request: SparringRequest) -> list[str]:
    """The requester and the company's contact address, each once."""
    addresses = []
    if request.requested_by is not None:
        addresses.append(request.requested_by.email)
    # Empty once the contact person deleted their account (app.privacy): no mail to nobody.
    if request.company.contact_email and request.company.contact_email not in addresses:
        addresses.append(request.company.contact_email)
    return addresses


# --- requests ----------------------------------------------------------------------------------


def request_sparring(
    *,
    company: Company,
    requester: User,
    offer_ids: Iterable[int],
    topic: str,
    message: str,
    contact_method: str,
    contact_time: str = "",
    now: datetime | None = None,
) -> SparringRequest:
    """A company member asks for sparring on one or more active offers, or generally (no
    offers). The request starts as 'new'; the municipality's inbox and the requester get a
    mail, queued in the same transaction."""
    membership = membership_of(requester)
    if membership is None or membership.company_id != company.id:
        raise PermissionDenied(_l("Only the company's own members can request sparring."))
    if contact_method not in set(ContactMethod):
        raise ValidationError(_l("Choose how you want to be contacted."), field="contact_method")
    topic_text = clean_text(topic, max_length=160)
    if not topic_text:
        raise ValidationError(_l("Give the request a topic."), field="topic")
    message_text = clean_text(message, max_length=4000)
    if not message_text:
        raise ValidationError(_l("Tell us what you would like sparring on."), field="message")
    wanted = sorted(set(offer_ids))
    with write_transaction():
        offers = (
            list(
                db.session.scalars(
                    select(SparringOffer).where(
                        SparringOffer.id.in_(wanted), SparringOffer.is_active.is_(True)
                    )
                )
            )
            if wanted
            else []
        )
        if len(offers) != len(wanted):
            raise ValidationError(_l("One of the chosen offers is no longer available."), field="offer_ids")
        now = now or utcnow()
        request = SparringRequest(
            company_id=company.id,
            requested_by_id=requester.id,
            topic=topic_text,
            message=message_text,
            contact_method=contact_method,
            contact_time=clean_text(contact_time, max_length=120),
            state=RequestState.NEW,
            created_at=now,
            state_changed_at=now,
            offers=offers,
        )
        db.session.add(request)
        db.session.flush()
        db.session.add(
            SparringStateChange(
                request_id=request.id,
                from_state=None,
                to_state=RequestState.NEW,
                actor_id=requester.id,
                created_at=now,
            )
        )
        _queue_new_request_mails(request, company, requester, offers)
    return request


def _queue_new_request_mails(
    request: SparringRequest, company: Company, requester: User, offers: list[SparringOffer]
) -> None:
    with force_locale(_mail_locale()):
        about = ", ".join(o.title for o in offers) or _("General sparring")
        queue_mail(
            to=str(setting("SPARRING_INBOX_EMAIL")),
            kind="sparring_new",
            subject=_("New sparring request from %(company)s", company=company.name),
            body=_(
                "%(company)s (CVR %(cvr)s) asks for sparring.\n\nTopic: %(topic)s\n"
                "Offers: %(offers)s\nContact: %(method)s, %(time)s\n\n%(message)s\n\n"
                "Open the request: %(link)s",
                company=company.name,
                cvr=company.cvr,
                topic=request.topic,
                offers=about,
                method=CONTACT_METHODS[ContactMethod(request.contact_method)],
                time=request.contact_time or "-",
                message=request.message,
                link=_inbox_link(request.id),
            ),
        )
        queue_mail(
            to=requester.email,
            kind="sparring_receipt",
            subject=_("We have received your sparring request"),
            body=_(
                'Thank you. %(municipality)s has received your request "%(topic)s" and '
                "will contact you.\n\nFollow the request here: %(link)s",
                municipality=municipality_name(),
                topic=request.topic,
                link=absolute_url("sparring.request_detail", request_id=request.id),
            ),
        )


def change_request_state(
    *,
    request: SparringRequest,
    actor: User,
    new_state: str,
    note: str | None = None,
    now: datetime | None = None,
) -> SparringRequest:
    """Move a request one step: new → contacted → in progress → completed, or declined from
    any open state. Municipality staff and admins only. The time the request reaches each
    state is stored on it, every change is kept in its history with the note, and the company
    gets a mail in the same transaction."""
    if not is_municipality(actor):
        raise PermissionDenied(_l("Only the municipality can change a request's state."))
    try:
        target = RequestState(new_state)
    except ValueError:
        raise ValidationError(_l("Unknown state."), field="new_state") from None
    moment = now or utcnow()
    note_text = clean_text(note, max_length=2000)
    with write_transaction():
        db.session.refresh(request)  # decide on the state as stored, not a stale copy
        if target not in allowed_next(request.state):
            raise ValidationError(
                _l(
                    "A request that is %(state)s cannot become %(new)s.",
                    state=state_label(request.state),
                    new=state_label(target),
                ),
                field="new_state",
            )
        previous = request.state
        request.state = target
        request.state_changed_at = moment
        setattr(request, TIMESTAMP_FIELD[target], moment)
        db.session.add(
            SparringStateChange(
                request_id=request.id,
                from_state=previous,
                to_state=target,
                actor_id=actor.id,
                note=note_text,
                created_at=moment,
            )
        )
        with force_locale(_mail_locale()):
            body = _(
                'Your sparring request "%(topic)s" is now: %(state)s.',
                topic=request.topic,
                state=state_label(target),
            )
            if note_text:
                body += "\n\n" + note_text
            body += "\n\n" + _(
                "See the request: %(link)s",
                link=absolute_url("sparring.request_detail", request_id=request.id),
            )
            for address in _company_addresses(request):
                queue_mail(
                    to=address,
                    kind="sparring_state",
                    subject=_("Your sparring request: %(state)s", state=state_label(target)),
                    body=body,
                )
    return request


def assign_request(*, request: SparringRequest, actor: User, assignee: User | None) -> SparringRequest:
    """Give the request to an administrator (or take it off them with None). Staff and admins
    may assign; only admins can be assignees: read-only staff cannot open or handle a request
    in the admin inbox (403), so a request given to them would be stuck."""
    if not is_municipality(actor):
        raise PermissionDenied(_l("Only the municipality can assign requests."))
    if assignee is not None and assignee.role != Role.ADMIN:
        raise ValidationError(
            _l("Requests can only be assigned to the municipality's administrators."), field="assignee_id"
        )
    with write_transaction():
        request.assigned_to_id = assignee.id if assignee is not None else None
    return request


def add_comment(
    *, request: SparringRequest, author: User, body: str, now: datetime | None = None
) -> SparringComment:
    """Add to the thread between the company and the municipality. Only the company's own
    members and municipality staff/admins may write; the other side gets a mail."""
    membership = membership_of(author)
    if membership is not None and membership.company_id == request.company_id:
        side = CommentSide.COMPANY
    elif is_municipality(author):
        side = CommentSide.MUNICIPALITY
    else:
        raise PermissionDenied(_l("Only the company and the municipality can comment."))
    text = clean_text(body, max_length=4000)
    if not text:
        raise ValidationError(_l("Write a message."), field="body")
    with write_transaction():
        comment = SparringComment(
            request_id=request.id,
            author_id=author.id,
            side=side,
            author_name=author.alias,
            body=text,
            created_at=now or utcnow(),
        )
        db.session.add(comment)
        with force_locale(_mail_locale()):
            subject = _('New message on the sparring request "%(topic)s"', topic=request.topic)
            if side == CommentSide.COMPANY:
                addresses = [str(setting("SPARRING_INBOX_EMAIL"))]
                link = _inbox_link(request.id)
            else:
                addresses = _company_addresses(request)
                link = absolute_url("sparring.request_detail", request_id=request.id)
            for address in addresses:
                queue_mail(
                    to=address,
                    kind="sparring_comment",
                    subject=subject,
                    body=f"{author.alias}:\n\n{text}\n\n{link}",
                )
    return comment
