"""The sparring catalogue and a company's sparring requests, on the business blueprint."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.api.auth import current_api_user, token_required
from app.api.conditional import make_conditional
from app.api.pagination import BAD_CURSOR, MAX_ID, decode_cursor, encode_cursor, is_id
from app.api.routes.business import blp
from app.api.schemas import CursorQuerySchema
from app.api.schemas.business import (
    SparringCommentCreateSchema,
    SparringCommentListSchema,
    SparringCommentSchema,
    SparringOfferListSchema,
    SparringRequestCreateSchema,
    SparringRequestDetailSchema,
    SparringRequestPageSchema,
)
from app.business.models import CompanyMember
from app.business.queries import membership_of
from app.errors import NotFound, PermissionDenied, ValidationError
from app.sparring import services as sparring
from app.sparring.models import SparringComment, SparringOffer, SparringRequest, SparringStateChange
from app.sparring.queries import (
    active_offers,
    comments_for,
    company_requests_after,
    history_for,
    request_of_company,
)
from app.web.http_cache import public

REQUEST_ID = "<int:request_id>"


# --- serializers -------------------------------------------------------------------------------


def offer_out(offer: SparringOffer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "slug": offer.slug,
        "provider": offer.provider,
        "title": offer.title,
        "description": offer.description,
        "cost": offer.cost,
        "scope": offer.scope,
        "url": offer.url,
        "source": offer.source,
    }


def request_out(found: SparringRequest) -> dict[str, Any]:
    return {
        "id": found.id,
        "topic": found.topic,
        "message": found.message,
        "state": found.state,
        "state_label": sparring.state_label(found.state),
        "offers": [
            {"id": o.id, "slug": o.slug, "title": o.title, "provider": o.provider} for o in found.offers
        ],
        "contact_method": found.contact_method,
        "contact_time": found.contact_time,
        "requested_by": found.requested_by.alias if found.requested_by is not None else None,
        "created_at": found.created_at,
        "contacted_at": found.contacted_at,
        "in_progress_at": found.in_progress_at,
        "completed_at": found.completed_at,
        "declined_at": found.declined_at,
        "state_changed_at": found.state_changed_at,
    }


def comment_out(comment: SparringComment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "side": comment.side,
        "author_name": comment.author_name,
        "body": comment.body,
        "created_at": comment.created_at,
    }


def change_out(change: SparringStateChange) -> dict[str, Any]:
    """The company sees when and why, not which member of staff moved it (as on the web)."""
    return {
        "from_state": change.from_state,
        "to_state": change.to_state,
        "to_state_label": sparring.state_label(change.to_state),
        "note": change.note,
        "created_at": change.created_at,
    }


def request_detail_out(found: SparringRequest) -> dict[str, Any]:
    body = request_out(found)
    body["comments"] = [comment_out(c) for c in comments_for(found.id)]
    body["history"] = [change_out(h) for h in history_for(found.id)]
    return body


# --- cursors -----------------------------------------------------------------------------------


def _request_key(cursor: str | None) -> tuple[datetime, int] | None:
    values = decode_cursor(cursor, arity=2)
    if values is None:
        return None
    created_at, request_id = values
    try:
        moment = datetime.fromisoformat(created_at) if isinstance(created_at, str) else None
        # naive is ambiguous; year 1 at +05:00 has no UTC time
        moment = moment.astimezone(UTC) if moment and moment.tzinfo else None
    except (ValueError, OverflowError):
        moment = None
    if moment is None or not is_id(request_id):
        raise ValidationError(BAD_CURSOR, field="cursor")
    return moment, request_id


# --- sparring offers ---------------------------------------------------------------------------


@blp.get("/sparring/offers")
@public(max_age=60)
@blp.response(
    200,
    SparringOfferListSchema,
    headers={"ETag": {"description": "Send it back in If-None-Match", "schema": {"type": "string"}}},
)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(304, description="Not modified: the ETag sent in If-None-Match still holds")
def list_offers() -> ResponseReturnValue:
    """The sparring catalogue: real advice offers a company can ask for.

    Sends an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`.
    """
    body = SparringOfferListSchema().dump({"items": [offer_out(o) for o in active_offers()]})
    return make_conditional(jsonify(body), public_max_age=60)


# --- sparring requests -------------------------------------------------------------------------


def _membership() -> CompanyMember:
    """The business user's company seat; a business account without a company gets a 403."""
    membership = membership_of(current_api_user())
    if membership is None:
        raise PermissionDenied(_l("You are not a member of a company."), code="no_company")
    return membership


def _own_request(request_id: int) -> SparringRequest:
    """Only the member's own company's request: another company's id is a 404, like no id.

    An id past the column's range names nothing (and would overflow the database driver).
    """
    company_id = _membership().company_id
    found = request_of_company(company_id, request_id) if request_id <= MAX_ID else None
    if found is None:
        raise NotFound(_l("There is no such sparring request."))
    return found


@blp.get("/sparring/requests")
@token_required("business")
@blp.arguments(CursorQuerySchema, location="query")
@blp.response(200, SparringRequestPageSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def list_requests(args: dict[str, Any]) -> ResponseReturnValue:
    """Your company's sparring requests, newest first."""
    membership = _membership()
    found, more = company_requests_after(
        membership.company_id, after=_request_key(args["cursor"]), limit=args["limit"]
    )
    last = found[-1] if found else None
    return {
        "items": [request_out(r) for r in found],
        "next_cursor": (
            encode_cursor([last.created_at.isoformat(), last.id]) if more and last is not None else None
        ),
    }


@blp.post("/sparring/requests")
@token_required("business")
@blp.arguments(SparringRequestCreateSchema)
@blp.response(201, SparringRequestDetailSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(409, response="CONFLICT")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def create_request(data: dict[str, Any]) -> ResponseReturnValue:
    """Ask the municipality for sparring on one or more active offers, or generally (no
    offers). The municipality's inbox and you get an e-mail."""
    membership = _membership()
    created = sparring.request_sparring(
        company=membership.company,
        requester=current_api_user(),
        offer_ids=data["offer_ids"],
        topic=data["topic"],
        message=data["message"],
        contact_method=data["contact_method"],
        contact_time=data["contact_time"],
    )
    location = url_for("api_business.get_request", request_id=created.id)
    return request_detail_out(created), {"Location": location}


@blp.get(f"/sparring/requests/{REQUEST_ID}")
@token_required("business")
@blp.response(200, SparringRequestDetailSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
def get_request(request_id: int) -> ResponseReturnValue:
    """One of your company's requests with its messages and state history."""
    return request_detail_out(_own_request(request_id))


@blp.get(f"/sparring/requests/{REQUEST_ID}/comments")
@token_required("business")
@blp.response(200, SparringCommentListSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
def list_comments(request_id: int) -> ResponseReturnValue:
    """The messages between your company and the municipality on a request, oldest first."""
    return {"items": [comment_out(c) for c in comments_for(_own_request(request_id).id)]}


@blp.post(f"/sparring/requests/{REQUEST_ID}/comments")
@token_required("business")
@blp.arguments(SparringCommentCreateSchema)
@blp.response(201, SparringCommentSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def create_comment(data: dict[str, Any], request_id: int) -> ResponseReturnValue:
    """Write to the municipality about a request; they get an e-mail."""
    comment = sparring.add_comment(
        request=_own_request(request_id), author=current_api_user(), body=data["body"]
    )
    return comment_out(comment)
