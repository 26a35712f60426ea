"""The first municipality of the demo and of every installation that migrated: Køge."""

from __future__ import annotations

from app.tenancy.models import Municipality
from app.tenancy.services import create_municipality, municipality_by_slug

KOEGE = {
    "slug": "koege",
    "name": "Køge Kommune",
    "inhabitants": 63335,
    "inhabitants_year": 2025,
    # The figure the area populations add up to (app/seed/data/neighbourhoods.csv, "landdistrikter").
    "inhabitants_source": "Køge Kommunes 63.335 indbyggere (1. januar 2025)",
}


def ensure_koege() -> Municipality:
    """Køge, created when missing (migration 0015 creates it on a migrated database)."""
    existing = municipality_by_slug(str(KOEGE["slug"]))
    if existing is not None:
        return existing
    return create_municipality(**KOEGE)  # type: ignore[arg-type]
