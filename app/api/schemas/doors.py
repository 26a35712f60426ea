"""Shapes of citizen sign-up and the workplace team of the signed-in citizen."""

from __future__ import annotations

import marshmallow as ma

from app.accounts.services import ALIAS_MAX, EMAIL_MAX
from app.api.schemas import RequestSchema

SLUG = [ma.validate.Length(min=1, max=80), ma.validate.Regexp(r"^[a-z0-9-]+$", error="Not a valid slug.")]


class RegistrationRequestSchema(RequestSchema):
    email = ma.fields.Email(
        required=True,
        validate=ma.validate.Length(min=3, max=EMAIL_MAX),
        metadata={"description": "Unique whatever its case"},
    )
    password = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(min=1, max=128),
        metadata={
            "description": "The web app's password rules: long enough, not a common "
            "password, not your e-mail or alias"
        },
    )
    alias = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=3, max=ALIAS_MAX),
        metadata={"description": "Public name on leaderboards; unique"},
    )
    neighbourhood = ma.fields.String(
        required=True,
        validate=SLUG,
        metadata={"description": "Slug of your area (GET /api/v1/neighbourhoods)"},
    )
    show_in_rankings = ma.fields.Boolean(
        load_default=False, metadata={"description": "Appear by alias in individual rankings"}
    )


class JoinTeamSchema(RequestSchema):
    code = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=20),
        metadata={"description": "The join code from your workplace"},
    )


class TeamCompanySchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class MyTeamSchema(ma.Schema):
    name = ma.fields.String(required=True)
    company = ma.fields.Nested(TeamCompanySchema, required=True)
    members = ma.fields.Integer(required=True, metadata={"description": "How many are on it"})
    joined_at = ma.fields.DateTime(required=True)
    joined_on = ma.fields.Date(
        required=True, metadata={"description": "Local day from which your logs count for the team"}
    )
