"""Domain exceptions raised by services and mapped to HTTP by the web and API doors."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule said no. `message` is shown to the person; `field` names the form field at fault;
    `code` is a stable machine-readable reason (the API returns it) when there is one."""

    status_code = 400

    def __init__(self, message: Any, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class ValidationError(DomainError):
    """Input breaks a domain rule (cap, window, weak password...)."""

    status_code = 422


class ConflictError(DomainError):
    """The write clashes with existing data (duplicate e-mail, alias...)."""

    status_code = 409


class PermissionDenied(DomainError):
    """The actor may not do this to this object."""

    status_code = 403


class NotFound(DomainError):
    """The object does not exist, or is not visible to the actor."""

    status_code = 404


class RateLimited(DomainError):
    """Too many writes in a short window."""

    status_code = 429
