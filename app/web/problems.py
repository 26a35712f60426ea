"""RFC 9457 problem details: the one shape every API error takes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from flask import Response, current_app, json, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from app.errors import DomainError
from app.settings import setting
from app.web.field_messages import translate_field_message

PROBLEM_MIMETYPE = "application/problem+json"
PROBLEM_BASE = "https://klimadyst.dk/problems/"

# status -> (stable code, English title). Codes are part of the contract: never renamed.
STATUS_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Bad request"),
    401: ("unauthenticated", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    406: ("not_acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    413: ("payload_too_large", "Payload too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
    422: ("validation_failed", "Validation failed"),
    428: ("precondition_required", "Precondition required"),
    429: ("rate_limited", "Too many requests"),
    500: ("server_error", "Internal server error"),
    503: ("service_unavailable", "Service unavailable"),
}

DEFAULT_DETAILS = {
    400: _l("The request could not be understood."),
    401: _l("Send a valid token: Authorization: Bearer <token>."),
    403: _l("You do not have access to this."),
    404: _l("There is nothing here."),
    405: _l("This method is not allowed here."),
    406: _l("This API only answers with JSON."),
    409: _l("The request clashes with existing data."),
    413: _l("The request is too large."),
    415: _l("Send the body as JSON (Content-Type: application/json)."),
    422: _l("Some fields are not valid."),
    429: _l("Too many requests. Wait a moment and try again."),
    500: _l("Something went wrong on our side. Please try again later."),
    503: _l("The service is temporarily unavailable. Try again in a minute (see Retry-After)."),
}


def problem(
    status: int,
    detail: Any = None,
    *,
    code: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem+json response. `code` refines the status's stable code (e.g. token_expired)."""
    base_code, title = STATUS_CODES.get(status, ("error", "Error"))
    code = code or base_code
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": title,
        "status": status,
        "code": code,
        "detail": str(detail or DEFAULT_DETAILS.get(status, title)),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    response.headers["Content-Language"] = _content_language()
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="klimadyst"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _content_language() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "da")


def _flatten(messages: Any, location: str, prefix: str = "") -> Iterator[dict[str, str]]:
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            yield from _flatten(value, location, name)
    elif isinstance(messages, list | tuple):
        for value in messages:
            if isinstance(value, str):
                yield {"field": prefix or "_body", "in": location, "message": translate_field_message(value)}
            else:
                yield from _flatten(value, location, prefix)
    else:
        yield {"field": prefix or "_body", "in": location, "message": str(messages)}


def field_errors(webargs_messages: Mapping[str, Any]) -> list[dict[str, str]]:
    """webargs' {location: {field: [messages]}} as a flat list of {field, in, message}."""
    errors: list[dict[str, str]] = []
    for location, messages in webargs_messages.items():
        errors.extend(_flatten(messages, location))
    return errors


def from_domain_error(error: DomainError) -> Response:
    """A service's rule refusal: the service's own (translated) message is the detail."""
    status = error.status_code
    errors = None
    if status == 422:
        errors = [{"field": error.field or "_body", "message": str(error.message)}]
    headers = None
    if status == 429:  # the burst throttle: logging reopens after the cool-down
        headers = {"Retry-After": str(int(setting("THROTTLE_COOLDOWN_MINUTES")) * 60)}
    return problem(status, error.message, code=error.code, errors=errors, headers=headers)


def from_http_exception(error: HTTPException) -> Response:
    """Werkzeug/webargs/Flask-Limiter errors in the problem shape."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, Mapping) else None
    headers: dict[str, str] = {}
    if error.response is not None:  # Flask-Limiter's 429 carries Retry-After etc.
        headers.update(
            {
                k: v
                for k, v in error.response.headers.items()
                if k.lower().startswith(("retry-after", "x-ratelimit"))
            }
        )
    if status == 400 and messages and "json" in messages and "_schema" in messages["json"]:
        # webargs reports an unparseable body this way
        return problem(400, gettext("The body is not valid JSON."), code="invalid_json", headers=headers)
    if status == 422 and messages:
        return problem(422, errors=field_errors(messages), headers=headers)
    if status == 405:
        allowed = error.get_headers()
        headers.update({k: v for k, v in allowed if k.lower() == "allow"})
    if status == 429:
        headers.setdefault("Retry-After", "60")
        return problem(429, headers=headers)
    return problem(status, headers=headers)
