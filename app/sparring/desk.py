"""The municipality's sparring desk: audited admin writes through the sparring and business
services (request state, assignee, reply, offers; company verification). Each joins the
service's transaction, mails included (outbox)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit, record_changes, snapshot
from app.business.models import Company
from app.business.services import set_company_verified
from app.db import db, write_transaction
from app.errors import NotFound
from app.sparring.models import SparringComment, SparringOffer, SparringRequest
from app.sparring.offers import create_offer, reinstate_offer, retire_offer, update_offer
from app.sparring.services import add_comment, assign_request, change_request_state

OFFER_FIELDS = ("provider", "title", "description", "cost", "scope", "url", "source", "plan_area")


@dataclass(frozen=True)
class OfferData:
    provider: str
    title: str
    description: str
    cost: str
    scope: str
    url: str
    source: str = ""
    plan_area: str | None = None


def _request(request_id: int) -> SparringRequest:
    found = db.session.get(SparringRequest, request_id)
    if found is None:
        raise NotFound(_l("That request does not exist."))
    return found


def _offer(offer_id: int) -> SparringOffer:
    found = db.session.get(SparringOffer, offer_id)
    if found is None:
        raise NotFound(_l("That offer does not exist."))
    return found


def move_request(
    *, admin: User, request_id: int, new_state: str, note: str = "", now: datetime | None = None
) -> SparringRequest:
    """Change a request's state by the sparring state machine; the company is mailed."""
    require_admin(admin)
    with write_transaction():
        request = _request(request_id)
        before = request.state
        change_request_state(request=request, actor=admin, new_state=new_state, note=note, now=now)
        record_audit(
            actor=admin,
            verb="state",
            object_type="sparring_request",
            object_id=request.id,
            object_label=request.topic,
            before={"state": before},
            after={"state": request.state, "note": note},
            now=now,
        )
    return request


def assign(
    *, admin: User, request_id: int, assignee_id: int | None, now: datetime | None = None
) -> SparringRequest:
    """Give a request to an administrator (None: nobody); `assign_request` refuses staff."""
    require_admin(admin)
    with write_transaction():
        request = _request(request_id)
        assignee = db.session.get(User, assignee_id) if assignee_id is not None else None
        if assignee_id is not None and assignee is None:
            raise NotFound(_l("That account does not exist."))
        before = request.assigned_to_id
        assign_request(request=request, actor=admin, assignee=assignee)
        if before != request.assigned_to_id:
            record_audit(
                actor=admin,
                verb="assign",
                object_type="sparring_request",
                object_id=request.id,
                object_label=request.topic,
                before={"assigned_to": before},
                after={"assigned_to": assignee.email if assignee else None},
                now=now,
            )
    return request


def reply(*, admin: User, request_id: int, body: str, now: datetime | None = None) -> SparringComment:
    """Answer in the request's thread as the municipality; the company is mailed."""
    require_admin(admin)
    with write_transaction():
        request = _request(request_id)
        comment = add_comment(request=request, author=admin, body=body)
        db.session.flush()
        record_audit(
            actor=admin,
            verb="comment",
            object_type="sparring_request",
            object_id=request.id,
            object_label=request.topic,
            after={"comment_id": comment.id, "body": comment.body},
            now=now,
        )
    return comment


def save_offer(
    *, admin: User, data: OfferData, offer_id: int | None = None, now: datetime | None = None
) -> SparringOffer:
    """Create (no id) or edit a sparring offer by the business package's rules (http(s) links,
    known cost and scope); requests keep pointing to an edited offer."""
    require_admin(admin)
    with write_transaction():
        if offer_id is None:
            offer = create_offer(actor=admin, **asdict(data))
            db.session.flush()
            record_audit(
                actor=admin,
                verb="create",
                object_type="sparring_offer",
                object_id=offer.id,
                object_label=offer.title,
                after=snapshot(offer, OFFER_FIELDS),
                now=now,
            )
            return offer
        offer = _offer(offer_id)
        before = snapshot(offer, OFFER_FIELDS)
        update_offer(offer=offer, actor=admin, **asdict(data))
        after = snapshot(offer, OFFER_FIELDS)
        record_changes(
            actor=admin,
            object_type="sparring_offer",
            object_id=offer.id,
            object_label=offer.title,
            before=before,
            after=after,
            now=now,
        )
    return offer


def set_offer_active(
    *, admin: User, offer_id: int, active: bool, now: datetime | None = None
) -> SparringOffer:
    """Retire an offer (never deleted: requests keep it) or put it back in the catalogue."""
    require_admin(admin)
    with write_transaction():
        offer = _offer(offer_id)
        if offer.is_active != active:
            if active:
                reinstate_offer(offer=offer, actor=admin)
            else:
                retire_offer(offer=offer, actor=admin, now=now)
            record_audit(
                actor=admin,
                verb="reactivate" if active else "retire",
                object_type="sparring_offer",
                object_id=offer.id,
                object_label=offer.title,
                before={"is_active": not active},
                after={"is_active": active},
                now=now,
            )
    return offer


def set_verified(*, admin: User, company_id: int, verified: bool, now: datetime | None = None) -> Company:
    """Mark a company as checked by the municipality (or remove the mark), audited."""
    require_admin(admin)
    with write_transaction():
        company = db.session.get(Company, company_id)
        if company is None:
            raise NotFound(_l("That company does not exist."))
        if company.is_verified != verified:
            set_company_verified(company=company, actor=admin, verified=verified, now=now)
            record_audit(
                actor=admin,
                verb="verify" if verified else "unverify",
                object_type="company",
                object_id=company.id,
                object_label=company.name,
                before={"is_verified": not verified},
                after={"is_verified": verified},
                now=now,
            )
    return company
