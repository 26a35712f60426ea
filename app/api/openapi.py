"""The flask-smorest Api that generates /api/v1/openapi.json, with problem+json errors."""

from __future__ import annotations

import http
from typing import Any

import marshmallow as ma
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from app.web.problems import PROBLEM_MIMETYPE

API_DESCRIPTION = """\
The JSON API behind Klimadyst's phone apps: sign-up, logging and a citizen's numbers, areas,
challenges, the workplace team, and a business member's sparring - through the same rules as the
web app. Web-only for now: company registration, solutions, pledges and invitations.

**One API per municipality (the host rule).** Each municipality on the platform has its own
address, `https://<slug>.<platform domain>` or its own domain, and serves its own `/api/v1`
there: its areas, actions, challenges, companies and accounts. Accounts, tokens and every id or
slug belong to the municipality whose host made them: a token is refused (401
`token_invalid`) at another municipality's host, and another municipality's objects are not
found there (404). The same e-mail address can have an account in two municipalities; they are
two accounts. The platform's own endpoints (`/api/v1/platform/...`: the comparison of the
municipalities) are national: every municipality's host and the platform's address answer them
alike.

**Authentication.** `POST /api/v1/tokens` with e-mail and password returns a bearer token; send it
as `Authorization: Bearer <token>`. Tokens expire (90 days by default), can be listed and revoked
(`GET/DELETE /api/v1/tokens`, or on the profile page), and `DELETE /api/v1/tokens/current` logs
out. The API never uses the login cookie and needs no CSRF token; a request that carries the
cookie but no token is refused.

**Errors** are `application/problem+json` (RFC 9457): `type`, `title`, `status`, a stable
`code`, a human `detail` in the requested language (`Accept-Language: da` or `en`), and for
422 a list of `errors` with the field at fault.

**Writes.** `POST /api/v1/logs` needs an `Idempotency-Key` header (8–64 characters of
`A–Z a–z 0–9 _ . : -`): a repeat with the same key returns the first result, with the same
status, and is credited once. Keep the key when you retry after a timeout.

**Lists** use cursor pagination: pass `next_cursor` from one page as `cursor` to get the next.
Leaderboards and the catalogue send an `ETag`; send it back in `If-None-Match` to get
`304 Not Modified`.

**Limits.** Requests are rate limited per token and per IP address, creating tokens more
strictly; a 429 carries `Retry-After` (seconds).
"""


class ProblemFieldErrorSchema(ma.Schema):
    field = ma.fields.String(required=True, metadata={"description": "The field at fault"})
    in_ = ma.fields.String(data_key="in", metadata={"description": "json, query or headers"})
    message = ma.fields.String(required=True)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = ma.fields.String(required=True, metadata={"description": "A URI naming the problem"})
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    code = ma.fields.String(
        required=True,
        metadata={
            "description": "Stable machine-readable code, e.g. validation_failed, "
            "token_invalid, over_daily_cap, idempotency_key_reused"
        },
    )
    detail = ma.fields.String(required=True, metadata={"description": "For people, localised"})
    instance = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(ProblemFieldErrorSchema))


NO_NUL_PATTERN = "^[^\\u0000]*$"


def _text_without_nul(
    self: Any, field: ma.fields.Field[Any], ret: dict[str, Any], **_kwargs: Any
) -> dict[str, Any]:
    """Every request text refuses NUL (app/api/schemas.RequestSchema: PostgreSQL cannot store
    it), so the document says so where a field has no pattern of its own."""
    if isinstance(field, ma.fields.String) and "pattern" not in ret and "enum" not in ret:
        return {"pattern": NO_NUL_PATTERN}
    return {}


class KlimadystApi(Api):
    """flask-smorest's Api, with errors documented as problem+json.

    It does not install its own HTTPException handler: app/web/errors.py answers API paths with
    problem+json and web paths with the HTML error pages.
    """

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        return None

    def _init_spec(self, *args: Any, **kwargs: Any) -> None:
        super()._init_spec(*args, **kwargs)
        converter = self.ma_plugin.converter
        if converter is None:  # MarshmallowPlugin.init_spec, called by super(), has made it
            raise RuntimeError("apispec's marshmallow plugin has no converter")
        converter.add_attribute_function(_text_without_nul)  # type: ignore[no-untyped-call]

    def register_blueprint(self, blp: Any, *, parameters: Any = None, **options: Any) -> None:
        """Register the blueprint; document its views under its readable tag ("Tokens")."""
        self._app.extensions["flask-smorest"]["blp_name_to_api"][blp.name] = self
        self._app.register_blueprint(blp, **options)
        blp.register_views_in_doc(self, self._app, self.spec, name=blp.name, parameters=parameters)
        self.spec.tag({"name": getattr(blp, "tag", blp.name), "description": blp.description})

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "An error (problem details)", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)
