"""Admins create and edit neighbourhoods without losing history; every write is audited.

The neighbourhood table sits below accounts (every account row points at it), so this module is
its own layer above the audit log, while app.neighbourhoods.models and .queries stay at the bottom
(see the layers contract in pyproject.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit, record_changes, snapshot
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, ValidationError
from app.neighbourhoods.models import Neighbourhood
from app.slugs import unique_slug

AREA_FIELDS = (
    "name",
    "includes_da",
    "includes_en",
    "population",
    "population_year",
    "source_da",
    "source_en",
)


@dataclass(frozen=True)
class NeighbourhoodData:
    name: str
    population: int
    includes_da: str = ""
    includes_en: str = ""
    population_year: int | None = None
    source_da: str = ""
    source_en: str = ""


def _check_area(data: NeighbourhoodData, *, exclude_id: int | None = None) -> None:
    if not data.name.strip():
        raise ValidationError(_l("Enter a name."), field="name")
    if data.population <= 0:
        raise ValidationError(_l("The population must be above 0."), field="population")
    clash = db.session.scalar(
        select(Neighbourhood.id).where(func.lower(Neighbourhood.name) == data.name.strip().lower())
    )
    if clash is not None and clash != exclude_id:
        raise ConflictError(_l("Another area already has this name."), field="name")


def create_neighbourhood(
    *, admin: User, data: NeighbourhoodData, now: datetime | None = None
) -> Neighbourhood:
    """Add a competing area. Names are unique regardless of case; the population is above 0."""
    require_admin(admin)
    with write_transaction():
        _check_area(data)
        area = Neighbourhood(
            slug=unique_slug(Neighbourhood, data.name),
            name=data.name.strip(),
            includes_da=data.includes_da.strip(),
            includes_en=data.includes_en.strip(),
            population=data.population,
            population_year=data.population_year,
            source_da=data.source_da.strip(),
            source_en=data.source_en.strip(),
        )
        db.session.add(area)
        db.session.flush()
        record_audit(
            actor=admin,
            verb="create",
            object_type="neighbourhood",
            object_id=area.id,
            object_label=area.name,
            after=snapshot(area, AREA_FIELDS),
            now=now,
        )
    return area


def update_neighbourhood(
    *, admin: User, neighbourhood_id: int, data: NeighbourhoodData, now: datetime | None = None
) -> Neighbourhood:
    """Rename an area or correct its population (participation rates follow at once). The slug,
    used in public links, stays the same."""
    require_admin(admin)
    with write_transaction():
        area = db.session.get(Neighbourhood, neighbourhood_id)
        if area is None:
            raise NotFound(_l("That area does not exist."))
        _check_area(data, exclude_id=area.id)
        before = snapshot(area, AREA_FIELDS)
        area.name = data.name.strip()
        area.includes_da = data.includes_da.strip()
        area.includes_en = data.includes_en.strip()
        area.population = data.population
        area.population_year = data.population_year
        area.source_da = data.source_da.strip()
        area.source_en = data.source_en.strip()
        after = snapshot(area, AREA_FIELDS)
        record_changes(
            actor=admin,
            object_type="neighbourhood",
            object_id=area.id,
            object_label=area.name,
            before=before,
            after=after,
            now=now,
        )
    return area
