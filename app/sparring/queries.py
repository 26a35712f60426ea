"""Reads of sparring offers and requests: the catalogue, the company's requests, the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import Role, User
from app.business.models import Company
from app.clock import utcnow
from app.db import db
from app.sparring.models import (
    SparringComment,
    SparringOffer,
    SparringRequest,
    SparringStateChange,
    request_offers,
)
from app.sparring.states import CLOSED_STATES, RequestState


def active_offers() -> list[SparringOffer]:
    """The public catalogue: offers that are not retired, local before regional before
    national, then in their set order."""
    scope_order = {"local": 0, "regional": 1, "national": 2}
    offers = list(
        db.session.scalars(
            select(SparringOffer)
            .where(SparringOffer.is_active.is_(True))
            .order_by(SparringOffer.sort_order, SparringOffer.id)
        )
    )
    return sorted(offers, key=lambda o: scope_order.get(o.scope, 3))


def all_offers() -> list[SparringOffer]:
    """Every offer, active ones first, for the admin."""
    return list(
        db.session.scalars(
            select(SparringOffer).order_by(
                SparringOffer.is_active.desc(), SparringOffer.sort_order, SparringOffer.id
            )
        )
    )


def offer_by_id(offer_id: int) -> SparringOffer | None:
    return db.session.get(SparringOffer, offer_id)


def offer_request_counts() -> dict[int, int]:
    """How many of this municipality's requests point to each offer (retired offers keep
    theirs; a national offer is counted per municipality, through the scoped requests)."""
    return dict(
        db.session.execute(
            select(request_offers.c.offer_id, func.count())
            .join(SparringRequest, SparringRequest.id == request_offers.c.request_id)
            .group_by(request_offers.c.offer_id)
        ).all()
    )


def requests_for_company(company_id: int) -> list[SparringRequest]:
    """The company's requests, newest first, with their offers."""
    return list(
        db.session.scalars(
            select(SparringRequest)
            .where(SparringRequest.company_id == company_id)
            .options(selectinload(SparringRequest.offers))
            .order_by(SparringRequest.created_at.desc(), SparringRequest.id.desc())
        )
    )


def request_of_company(company_id: int, request_id: int) -> SparringRequest | None:
    """The request only if it belongs to this company (object-level check: 404 otherwise)."""
    return db.session.scalar(
        select(SparringRequest).where(
            SparringRequest.id == request_id, SparringRequest.company_id == company_id
        )
    )


def request_by_id(request_id: int) -> SparringRequest | None:
    """Any request, for municipality staff."""
    return db.session.get(SparringRequest, request_id)


def completed_journeys(company_id: int) -> list[SparringRequest]:
    """Completed requests, newest first; shown publicly only if the company opted in."""
    return list(
        db.session.scalars(
            select(SparringRequest)
            .where(SparringRequest.company_id == company_id, SparringRequest.state == RequestState.COMPLETED)
            .options(selectinload(SparringRequest.offers))
            .order_by(SparringRequest.completed_at.desc())
        )
    )


def comments_for(request_id: int) -> list[SparringComment]:
    return list(
        db.session.scalars(
            select(SparringComment)
            .where(SparringComment.request_id == request_id)
            .order_by(SparringComment.created_at, SparringComment.id)
        )
    )


def history_for(request_id: int) -> list[SparringStateChange]:
    return list(
        db.session.scalars(
            select(SparringStateChange)
            .where(SparringStateChange.request_id == request_id)
            .order_by(SparringStateChange.created_at, SparringStateChange.id)
        )
    )


@dataclass(frozen=True)
class InboxRow:
    request: SparringRequest
    company: Company
    days_waited: int  # whole days since the request came in (open) or until it closed
    comments: int


def requests_for_inbox(
    state: str | None = None,
    offer_id: int | None = None,
    min_age_days: int | None = None,
    *,
    now: datetime | None = None,
    assigned_to_id: int | None = None,
) -> list[InboxRow]:
    """The municipality's sparring inbox, oldest waiting first.

    Filters: state (one of RequestState), offer (requests that include it; retired offers
    too), min_age_days (requests at least that many whole days old), assignee. `days_waited`
    counts whole days from arrival to now for open requests, and to the closing state for
    completed or declined ones.
    """
    moment = now or utcnow()
    stmt = (
        select(SparringRequest)
        .options(selectinload(SparringRequest.offers))
        .order_by(SparringRequest.created_at, SparringRequest.id)
    )
    if state:
        stmt = stmt.where(SparringRequest.state == state)
    if offer_id is not None:
        stmt = stmt.where(SparringRequest.offers.any(SparringOffer.id == offer_id))
    if min_age_days is not None:
        stmt = stmt.where(SparringRequest.created_at <= moment - timedelta(days=min_age_days))
    if assigned_to_id is not None:
        stmt = stmt.where(SparringRequest.assigned_to_id == assigned_to_id)
    requests = list(db.session.scalars(stmt))
    ids = [r.id for r in requests]
    comment_counts = (
        dict(
            db.session.execute(
                select(SparringComment.request_id, func.count())
                .where(SparringComment.request_id.in_(ids))
                .group_by(SparringComment.request_id)
            ).all()
        )
        if ids
        else {}
    )
    rows = []
    for request in requests:
        end = moment
        if request.state in CLOSED_STATES:
            end = request.completed_at or request.declined_at or request.state_changed_at
        rows.append(
            InboxRow(
                request=request,
                company=request.company,
                days_waited=max(0, (end - request.created_at).days),
                comments=comment_counts.get(request.id, 0),
            )
        )
    return rows


def state_counts() -> dict[str, int]:
    """Number of requests in each state (every state present, zero when empty)."""
    counts = {state.value: 0 for state in RequestState}
    counts.update(
        dict(
            db.session.execute(
                select(SparringRequest.state, func.count()).group_by(SparringRequest.state)
            ).all()
        )
    )
    return counts


def municipality_staff() -> list[User]:
    """Staff and admins a request can be assigned to, by alias."""
    return list(
        db.session.scalars(
            select(User).where(User.role.in_((Role.STAFF, Role.ADMIN))).order_by(User.alias_key)
        )
    )


def assignable_staff() -> list[User]:
    """The administrators a request can be assigned to, by alias (read-only staff cannot handle
    requests, see `assign_request`)."""
    return list(db.session.scalars(select(User).where(User.role == Role.ADMIN).order_by(User.alias_key)))


def company_requests_after(
    company_id: int, *, after: tuple[datetime, int] | None, limit: int
) -> tuple[list[SparringRequest], bool]:
    """The company's requests in requests_for_company's order (newest first, the higher id first
    when two arrived at the same moment), as a keyset slice: the first `limit` after position
    `after` = (created_at, id) of the last one seen. Also says whether more follow."""
    stmt = (
        select(SparringRequest)
        .where(SparringRequest.company_id == company_id)
        .options(selectinload(SparringRequest.offers), selectinload(SparringRequest.requested_by))
        .order_by(SparringRequest.created_at.desc(), SparringRequest.id.desc())
        .limit(limit + 1)
    )
    if after is not None:
        created_at, request_id = after
        stmt = stmt.where(
            or_(
                SparringRequest.created_at < created_at,
                and_(SparringRequest.created_at == created_at, SparringRequest.id < request_id),
            )
        )
    requests = list(db.session.scalars(stmt))
    return requests[:limit], len(requests) > limit
