"""Shapes of tokens and the signed-in person."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from app.api.schemas import NeighbourhoodRefSchema, RequestSchema, single_line


class TokenRequestSchema(RequestSchema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=254))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1024), load_only=True)
    name = ma.fields.String(
        load_default="",
        validate=[ma.validate.Length(max=80), single_line],
        metadata={"description": "A name for the device, e.g. 'Annas iPhone'"},
    )


class TokenSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    prefix = ma.fields.String(required=True, metadata={"description": "The token's first characters"})
    created_at = ma.fields.DateTime(required=True)
    expires_at = ma.fields.DateTime(required=True)
    last_used_at = ma.fields.DateTime(
        allow_none=True, required=True, metadata={"description": "To within 15 minutes"}
    )
    current = ma.fields.Boolean(required=True, metadata={"description": "The token of this request"})


class IssuedTokenSchema(TokenSchema):
    token = ma.fields.String(required=True, metadata={"description": "Shown once: store it safely"})
    token_type = ma.fields.String(required=True, metadata={"description": "Always 'Bearer'"})


class TokenListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(TokenSchema), required=True)


class CompanyRefSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    role = ma.fields.String(required=True, metadata={"description": "owner or member"})


class MeSchema(ma.Schema):
    public_id = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    alias = ma.fields.String(required=True)
    role = ma.fields.String(required=True, metadata={"description": "citizen, business, staff or admin"})
    neighbourhood = ma.fields.Nested(NeighbourhoodRefSchema, allow_none=True, required=True)
    neighbourhood_changed_at = ma.fields.DateTime(allow_none=True, required=True)
    show_in_rankings = ma.fields.Boolean(
        required=True, metadata={"description": "Appear by alias in individual rankings (opt-in)"}
    )
    company = ma.fields.Nested(CompanyRefSchema, allow_none=True, required=True)
    created_at = ma.fields.DateTime(required=True)
    email_verified = ma.fields.Boolean(
        required=True,
        metadata={"description": "The address is confirmed (the link in the verification mail was followed)"},
    )


class MeUpdateSchema(RequestSchema):
    alias = ma.fields.String(validate=[ma.validate.Length(min=1, max=40), single_line])
    show_in_rankings = ma.fields.Boolean()
    neighbourhood = ma.fields.String(
        validate=[
            ma.validate.Length(min=1, max=80),
            ma.validate.Regexp(r"^[a-z0-9-]+$", error="Not a valid slug."),
        ],
        metadata={"description": "Slug of the new area: past logs stay where they were logged"},
    )

    @ma.validates_schema
    def something_to_change(self, data: dict[str, Any], **_: Any) -> None:
        """An empty object changes nothing: a 422, not a silent 200."""
        if not data:
            raise ma.ValidationError("Send at least one field to change.", field_name="_schema")


class PasswordSchema(RequestSchema):
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1024), load_only=True)


class NoticeSchema(ma.Schema):
    detail = ma.fields.String(required=True, metadata={"description": "For people, localised"})


class PasswordResetRequestSchema(RequestSchema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=254))


class PasswordResetConfirmSchema(RequestSchema):
    token = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=200),
        load_only=True,
        metadata={"description": "The token from the link in the mail"},
    )
    password = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=1024),
        load_only=True,
        metadata={"description": "The new password"},
    )
