"""Creating municipalities (the platform's write; `flask municipality create`)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.db import db, write_transaction
from app.errors import ConflictError, ValidationError
from app.tenancy.context import PLATFORM_OPTION
from app.tenancy.models import Municipality

# A slug is the first label of the municipality's address: a DNS label, lower case.
SLUG_SHAPE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")
HOST_SHAPE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def municipality_by_slug(slug: str) -> Municipality | None:
    return db.session.scalar(
        select(Municipality).where(Municipality.slug == slug).execution_options(**{PLATFORM_OPTION: True})
    )


def _check(*, slug: str, name: str, inhabitants: int, host_name: str | None) -> None:
    if not SLUG_SHAPE.match(slug):
        raise ValidationError(_l("The slug may hold only a-z, 0-9 and hyphens."), field="slug")
    if not name.strip():
        raise ValidationError(_l("Give the municipality a name."), field="name")
    if inhabitants <= 0:
        raise ValidationError(_l("The number of inhabitants must be positive."), field="inhabitants")
    if host_name is not None and not HOST_SHAPE.match(host_name):
        raise ValidationError(_l("The host name is not a valid domain name."), field="host_name")
    if municipality_by_slug(slug) is not None:
        raise ConflictError(_l("A municipality with this slug exists already."), field="slug")
    if host_name is not None and db.session.scalar(
        select(Municipality.id)
        .where(Municipality.host_name == host_name)
        .execution_options(**{PLATFORM_OPTION: True})
    ):
        raise ConflictError(_l("Another municipality uses this host name."), field="host_name")


def create_municipality(
    *,
    slug: str,
    name: str,
    inhabitants: int,
    inhabitants_year: int | None = None,
    inhabitants_source: str = "",
    host_name: str | None = None,
) -> Municipality:
    """A new, active municipality, reachable at `<slug>.<PLATFORM_DOMAIN>` and at `host_name`
    (a custom domain, lower-cased) when given. Slug and host name are unique on the platform."""
    slug = slug.strip().lower()
    host_name = host_name.strip().lower().rstrip(".") if host_name else None
    _check(slug=slug, name=name, inhabitants=inhabitants, host_name=host_name)
    with write_transaction():
        municipality = Municipality(
            slug=slug,
            name=name.strip(),
            host_name=host_name,
            inhabitants=inhabitants,
            inhabitants_year=inhabitants_year,
            inhabitants_source=inhabitants_source,
        )
        db.session.add(municipality)
    return municipality


def all_municipalities() -> list[Municipality]:
    return list(
        db.session.scalars(
            select(Municipality).order_by(Municipality.slug).execution_options(**{PLATFORM_OPTION: True})
        )
    )
