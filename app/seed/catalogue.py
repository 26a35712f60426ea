"""Reference data: neighbourhoods and the action catalogue, upserted by slug (safe to rerun)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.actions.models import Action
from app.db import db, write_transaction
from app.neighbourhoods.models import Neighbourhood
from app.tenancy.context import platform_scope

DATA_DIR = Path(__file__).parent / "data"


def read_csv(name: str | Path) -> list[dict[str, str]]:
    """A CSV of the seed data by name, or any CSV by path (a municipality's data folder)."""
    path = name if isinstance(name, Path) else DATA_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model: type[Any], slug: str, values: dict[str, Any]) -> bool:
    """Insert the row for `slug` if it is missing; existing rows are left to the admins."""
    existing = db.session.scalar(select(model).where(model.slug == slug))
    if existing is not None:
        return False
    db.session.add(model(slug=slug, **values))
    return True


def seed_neighbourhoods(path: Path | None = None) -> int:
    """The current municipality's areas: Køge's seed file, or `path` (same columns)."""
    created = 0
    with write_transaction():
        for row in read_csv(path or "neighbourhoods.csv"):
            created += _upsert(
                Neighbourhood,
                row["slug"],
                {
                    "name": row["name"],
                    "includes_da": row["includes_da"],
                    "includes_en": row["includes_en"],
                    "population": int(row["population"]),
                    "population_year": int(row["population_year"]) if row["population_year"] else None,
                    "source_da": row["source_da"],
                    "source_en": row["source_en"],
                },
            )
    return created


def seed_actions() -> int:
    """The national catalogue (municipality_id NULL, hence platform scope)."""
    created = 0
    with platform_scope(), write_transaction():
        for order, row in enumerate(read_csv("actions.csv")):
            created += _upsert(
                Action,
                row["slug"],
                {
                    "name_da": row["name_da"],
                    "name_en": row["name_en"],
                    "category": row["category"],
                    "unit_da": row["unit_da"],
                    "unit_en": row["unit_en"],
                    "co2e_kg_per_unit": (
                        Decimal(row["co2e_kg_per_unit"]) if row["co2e_kg_per_unit"] else None
                    ),
                    "points_per_unit": int(row["points_per_unit"]),
                    "max_units_per_day": Decimal(row["max_units_per_day"]),
                    "default_quantity": Decimal(row["default_quantity"]),
                    "effort": int(row["effort"]),
                    "sort_order": order,
                    "source_da": row["source_da"],
                    "source_en": row["source_en"],
                },
            )
    return created
