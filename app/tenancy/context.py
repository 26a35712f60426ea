"""The current municipality: per request from the host, elsewhere by a context manager.

Resolution, innermost first: `in_municipality(m)` / `platform_scope()` (CLI, worker, tests,
deliberate cross-tenant code); then what the request's host named (app/tenancy/hosts.py);
then, inside an app context, DEFAULT_MUNICIPALITY (the single-municipality installation);
otherwise nothing is set and reads are not filtered.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app, g, has_app_context
from sqlalchemy import select

from app.db import db

if TYPE_CHECKING:
    from app.tenancy.models import Municipality

# Execution option that makes a statement skip the tenant criteria (app/tenancy/scoping.py).
PLATFORM_OPTION = "klimadyst_platform_scope"
# A scope that names no municipality: tenant rows are invisible and cannot be written, national
# rows are seen. Requests to the platform's own address and to unknown hosts run in it.
NO_MUNICIPALITY = 0

_G_SCOPE = "klimadyst_tenant_scope"
_G_DEFAULT = "klimadyst_default_municipality_id"


@dataclass(frozen=True)
class Scope:
    """`municipality_id` None: platform scope (every municipality's rows, deliberately)."""

    municipality_id: int | None


PLATFORM = Scope(None)

_explicit: ContextVar[Scope | None] = ContextVar("klimadyst_tenant", default=None)


def _default_municipality_id() -> int | None:
    slug = current_app.config.get("DEFAULT_MUNICIPALITY")
    if not slug:
        return None
    cached: int | None = g.get(_G_DEFAULT)
    if cached is None:
        from app.tenancy.models import Municipality

        with db.session.no_autoflush:
            cached = db.session.scalar(
                select(Municipality.id)
                .where(Municipality.slug == slug)
                .execution_options(**{PLATFORM_OPTION: True})
            )
        if cached is not None:  # a missing one may be created later in the same context (seed)
            setattr(g, _G_DEFAULT, cached)
    return cached


def current_scope() -> Scope:
    """The scope reads and writes run in now (see the module docstring for the order)."""
    explicit = _explicit.get()
    if explicit is not None:
        return explicit
    if not has_app_context():
        return PLATFORM
    from_host: Scope | None = g.get(_G_SCOPE)
    if from_host is not None:
        return from_host
    return Scope(_default_municipality_id())


def current_municipality_id() -> int | None:
    """The current municipality's id; None in platform scope; NO_MUNICIPALITY when the request
    named none (the platform's own page)."""
    return current_scope().municipality_id


def current_municipality() -> Municipality | None:
    """The current municipality's row, or None outside any municipality."""
    from app.tenancy.models import Municipality

    municipality_id = current_municipality_id()
    if not municipality_id:
        return None
    return db.session.get(Municipality, municipality_id)


def municipality_name() -> str | None:
    """The name pages and mails use for "the municipality": the current one's. None on the
    platform's own page (no municipality); MUNICIPALITY_NAME in platform scope (a CLI run)."""
    municipality_id = current_municipality_id()
    if municipality_id == NO_MUNICIPALITY:
        return None
    municipality = current_municipality()
    return municipality.name if municipality is not None else str(current_app.config["MUNICIPALITY_NAME"])


def set_request_scope(scope: Scope) -> None:
    """What the request's host resolved to (app/tenancy/hosts.py); lives as long as the request's
    app context."""
    setattr(g, _G_SCOPE, scope)


@contextmanager
def _entered(scope: Scope) -> Iterator[None]:
    token = _explicit.set(scope)
    try:
        yield
    finally:
        _explicit.reset(token)


@contextmanager
def in_municipality(municipality: Municipality | int) -> Iterator[None]:
    """Run the block as `municipality` (CLI, worker jobs, tests): reads filtered, writes stamped."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    with _entered(Scope(municipality_id)):
        yield


@contextmanager
def platform_scope() -> Iterator[None]:
    """Run the block across every municipality, deliberately (worker loops, platform admin):
    reads are not filtered, and a new tenant row must name its municipality itself."""
    with _entered(PLATFORM):
        yield


def require_municipality_id() -> int:
    """The current municipality's id for a Core insert into a tenant table (the ORM stamps rows
    itself); raises when no municipality is set, as a flush would."""
    municipality_id = current_municipality_id()
    if not municipality_id:
        from app.tenancy.scoping import CrossTenantWrite

        raise CrossTenantWrite("a tenant row needs a municipality, and none is set")
    return municipality_id
