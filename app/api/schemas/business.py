"""Shapes of the company directory and pages, sparring offers, requests and their comments."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

import marshmallow as ma

from app.api.pagination import MAX_ID
from app.api.schemas import CursorQuerySchema, NeighbourhoodRefSchema, RequestSchema, page_schema, single_line
from app.business.models import PledgeStatus, Sector, SizeBand, SolutionCategory
from app.sparring.models import CommentSide, ContactMethod, Cost, Scope
from app.sparring.states import RequestState


def _storable_text(value: str) -> None:
    """Refuse what no database stores (NUL, lone surrogates) as a 422 instead of a crash.

    Marshmallow's own message, so the problem's field error is translated like the others.
    """
    if "\x00" in value:
        raise ma.ValidationError("Not a valid string.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ma.ValidationError("Not a valid string.") from None


NO_NUL = "^[^\\u0000]*$"  # a NUL in the query string is refused (400) before any view runs


def _text(
    *, max_length: int, min_length: int | None = None, one_line: bool = False, **kwargs: Any
) -> ma.fields.String:
    validators: list[Callable[[Any], Any]] = [
        ma.validate.Length(min=min_length, max=max_length),
        _storable_text,
    ]
    return ma.fields.String(validate=[*validators, single_line] if one_line else validators, **kwargs)


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


def _codes(enum: type[StrEnum]) -> str:
    return ", ".join(_values(enum))


# --- companies ---------------------------------------------------------------------------------


class CompanyDirectoryQuerySchema(CursorQuerySchema):
    q = _text(
        max_length=100,
        load_default="",
        metadata={
            "description": "Words in the name, the about text or a solution's title",
            "pattern": NO_NUL,
        },
    )
    neighbourhood = ma.fields.String(
        load_default=None,
        validate=[
            ma.validate.Length(min=1, max=80),
            ma.validate.Regexp(r"^[a-z0-9-]+$", error="Not a valid slug."),
        ],
        metadata={"description": "An area's slug"},
    )
    sector = ma.fields.String(
        load_default=None,
        validate=ma.validate.OneOf(_values(Sector)),
        metadata={"description": _codes(Sector)},
    )


class DirectoryCompanySchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    sector = ma.fields.String(required=True, metadata={"description": _codes(Sector)})
    neighbourhood = ma.fields.Nested(NeighbourhoodRefSchema, required=True)
    verified = ma.fields.Boolean(required=True, metadata={"description": "Verified by the municipality"})
    demo = ma.fields.Boolean(required=True, metadata={"description": "A fictional demo company"})
    summary = ma.fields.String(
        required=True, metadata={"description": "The start of the about text (empty when there is none)"}
    )
    solutions = ma.fields.Integer(required=True, metadata={"description": "Number of solutions"})


CompanyDirectoryPageSchema = page_schema(DirectoryCompanySchema, "CompanyDirectoryPageSchema")


class CompanySolutionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    category = ma.fields.String(required=True, metadata={"description": _codes(SolutionCategory)})
    effect = ma.fields.String(
        required=True,
        metadata={"description": "A measured effect, e.g. '−30 % electricity since 2023' (may be empty)"},
    )
    effect_source = ma.fields.String(
        required=True, metadata={"description": "Where the effect's figure comes from (may be empty)"}
    )


class CompanyPledgeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    target_date = ma.fields.Date(required=True)
    status = ma.fields.String(required=True, metadata={"description": _codes(PledgeStatus)})


class SparringJourneySchema(ma.Schema):
    topic = ma.fields.String(required=True)
    offers = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "Titles of the offers it used"}
    )
    completed_at = ma.fields.DateTime(allow_none=True, required=True)


class CompanyTeamSchema(ma.Schema):
    name = ma.fields.String(required=True)
    members = ma.fields.Integer(required=True, metadata={"description": "How many (never who)"})


class CompanyPageSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    cvr = ma.fields.String(required=True)
    address = ma.fields.String(required=True)
    website = ma.fields.String(allow_none=True, required=True)
    about = ma.fields.String(required=True, metadata={"description": "Plain text; may be empty"})
    sector = ma.fields.String(required=True, metadata={"description": _codes(Sector)})
    size_band = ma.fields.String(required=True, metadata={"description": _codes(SizeBand)})
    neighbourhood = ma.fields.Nested(NeighbourhoodRefSchema, required=True)
    verified = ma.fields.Boolean(required=True)
    demo = ma.fields.Boolean(required=True)
    solutions = ma.fields.List(ma.fields.Nested(CompanySolutionSchema), required=True)
    pledges = ma.fields.List(
        ma.fields.Nested(CompanyPledgeSchema), required=True, metadata={"description": "By target date"}
    )
    sparring_journeys = ma.fields.List(
        ma.fields.Nested(SparringJourneySchema),
        required=True,
        metadata={
            "description": "Completed sparring, newest first; empty unless the company chose to show it"
        },
    )
    team = ma.fields.Nested(
        CompanyTeamSchema,
        allow_none=True,
        required=True,
        metadata={"description": "The workplace team, if it has one"},
    )


# --- sparring offers ---------------------------------------------------------------------------


class SparringOfferSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    provider = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    cost = ma.fields.String(required=True, metadata={"description": _codes(Cost)})
    scope = ma.fields.String(required=True, metadata={"description": _codes(Scope)})
    url = ma.fields.String(required=True)
    source = ma.fields.String(required=True, metadata={"description": "May be empty"})


class SparringOfferListSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(SparringOfferSchema),
        required=True,
        metadata={"description": "Local, then regional, then national"},
    )


# --- sparring requests -------------------------------------------------------------------------


class SparringOfferRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    provider = ma.fields.String(required=True)


class SparringRequestSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    topic = ma.fields.String(required=True)
    message = ma.fields.String(required=True)
    state = ma.fields.String(required=True, metadata={"description": _codes(RequestState)})
    state_label = ma.fields.String(required=True, metadata={"description": "Localised"})
    offers = ma.fields.List(
        ma.fields.Nested(SparringOfferRefSchema),
        required=True,
        metadata={"description": "Empty: general sparring"},
    )
    contact_method = ma.fields.String(required=True, metadata={"description": _codes(ContactMethod)})
    contact_time = ma.fields.String(required=True)
    requested_by = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "The alias of the member who asked; null once they left"},
    )
    created_at = ma.fields.DateTime(required=True)
    contacted_at = ma.fields.DateTime(allow_none=True, required=True)
    in_progress_at = ma.fields.DateTime(allow_none=True, required=True)
    completed_at = ma.fields.DateTime(allow_none=True, required=True)
    declined_at = ma.fields.DateTime(allow_none=True, required=True)
    state_changed_at = ma.fields.DateTime(required=True)


SparringRequestPageSchema = page_schema(SparringRequestSchema, "SparringRequestPageSchema")


class SparringCommentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    side = ma.fields.String(required=True, metadata={"description": _codes(CommentSide)})
    author_name = ma.fields.String(required=True)
    body = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)


class SparringCommentListSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(SparringCommentSchema), required=True, metadata={"description": "Oldest first"}
    )


class SparringStateChangeSchema(ma.Schema):
    from_state = ma.fields.String(allow_none=True, required=True)
    to_state = ma.fields.String(required=True)
    to_state_label = ma.fields.String(required=True, metadata={"description": "Localised"})
    note = ma.fields.String(required=True, metadata={"description": "The municipality's note"})
    created_at = ma.fields.DateTime(required=True)


class SparringRequestDetailSchema(SparringRequestSchema):
    comments = ma.fields.List(
        ma.fields.Nested(SparringCommentSchema), required=True, metadata={"description": "Oldest first"}
    )
    history = ma.fields.List(
        ma.fields.Nested(SparringStateChangeSchema), required=True, metadata={"description": "Oldest first"}
    )


class SparringRequestCreateSchema(RequestSchema):
    offer_ids = ma.fields.List(
        ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=MAX_ID)),
        load_default=list,
        validate=ma.validate.Length(max=50),
        metadata={"description": "Active offers from GET /sparring/offers; empty: general sparring"},
    )
    topic = _text(min_length=1, max_length=160, required=True, one_line=True)
    message = _text(min_length=1, max_length=4000, required=True)
    contact_method = ma.fields.String(
        load_default=ContactMethod.EMAIL.value,
        validate=ma.validate.OneOf(_values(ContactMethod)),
        metadata={"description": _codes(ContactMethod)},
    )
    contact_time = _text(
        max_length=120, load_default="", one_line=True, metadata={"description": "When suits you (free text)"}
    )


class SparringCommentCreateSchema(RequestSchema):
    body = _text(min_length=1, max_length=4000, required=True)
