"""Reads of neighbourhoods."""

from __future__ import annotations

from sqlalchemy import select

from app.db import db
from app.neighbourhoods.models import Neighbourhood


def all_neighbourhoods() -> list[Neighbourhood]:
    """Every area, alphabetically, for pickers and leaderboards."""
    return list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))


def neighbourhood_by_slug(slug: str) -> Neighbourhood | None:
    return db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug))
