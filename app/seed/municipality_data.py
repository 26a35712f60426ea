"""A municipality from its data folder: `municipality.toml`, its areas, goals and local offers.

    municipality.toml     slug, name, inhabitants, inhabitants_year, inhabitants_source
    neighbourhoods.csv    the competing areas (the columns of app/seed/data/neighbourhoods.csv)
    climate_goals.csv     optional: the vision page's goals (the columns of Køge's file)
    sparring_offers.csv   optional: the municipality's own offers (national ones are shared)
    plan.toml             optional: its climate plan, themes and measures (app/plan/loader.py)

`flask municipality create --data DIR` and the demo's second municipality load it. Everything
is one transaction: a folder with a bad row leaves the database as it was.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.db import db, write_transaction
from app.errors import ValidationError
from app.plan.loader import load_plan
from app.seed.catalogue import DATA_DIR, read_csv, seed_neighbourhoods
from app.tenancy.context import in_municipality
from app.tenancy.models import Municipality
from app.tenancy.services import create_municipality, municipality_by_slug
from app.vision.services import seed_climate_goals

MUNICIPALITIES_DIR = DATA_DIR / "municipalities"
AREA_COLUMNS = ("slug", "name", "includes_da", "includes_en", "population", "source_da", "source_en")


@dataclass(frozen=True)
class LoadedMunicipality:
    municipality: Municipality
    created: bool
    areas: int
    goals: int
    offers: int
    plan_themes: int = 0


def read_spec(directory: Path) -> dict[str, Any]:
    """municipality.toml, checked for the fields a municipality needs."""
    path = directory / "municipality.toml"
    if not path.is_file():
        raise ValidationError(f"{path} is missing: a data folder starts with municipality.toml.")
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{path} is not valid TOML: {exc}") from exc
    missing = [key for key in ("slug", "name", "inhabitants") if key not in spec]
    if missing:
        raise ValidationError(f"{path} lacks {', '.join(missing)}.")
    if not isinstance(spec["inhabitants"], int):
        raise ValidationError(f"{path}: inhabitants must be a whole number.")
    return spec


def _check_areas(path: Path) -> None:
    if not path.is_file():
        raise ValidationError(f"{path} is missing: a municipality needs its areas.")
    rows = read_csv(path)
    if not rows:
        raise ValidationError(f"{path} has no areas.")
    missing = [column for column in AREA_COLUMNS if column not in rows[0]]
    if missing:
        raise ValidationError(f"{path} lacks the columns {', '.join(missing)}.")
    for number, row in enumerate(rows, start=2):
        if not row["population"].isdigit() or int(row["population"]) <= 0:
            raise ValidationError(f"{path}, line {number}: population must be a positive whole number.")


def load_municipality(directory: Path, *, host_name: str | None = None) -> LoadedMunicipality:
    """Create the folder's municipality when it is missing, then add its areas, goals and local
    offers that are missing (by slug): rerunnable, and one transaction."""
    from app.seed.business import seed_local_offers

    spec = read_spec(directory)
    _check_areas(directory / "neighbourhoods.csv")
    with write_transaction():
        existing = municipality_by_slug(str(spec["slug"]))
        municipality = existing or create_municipality(
            slug=str(spec["slug"]),
            name=str(spec["name"]),
            inhabitants=int(spec["inhabitants"]),
            inhabitants_year=spec.get("inhabitants_year"),
            inhabitants_source=str(spec.get("inhabitants_source", "")),
            host_name=host_name or spec.get("host_name"),
        )
        db.session.flush()  # its id, for the scope below (the transaction is still open)
        with in_municipality(municipality):
            areas = seed_neighbourhoods(directory / "neighbourhoods.csv")
            goals_file = directory / "climate_goals.csv"
            goals = seed_climate_goals(goals_file) if goals_file.is_file() else 0
            offers_file = directory / "sparring_offers.csv"
            offers = seed_local_offers(offers_file) if offers_file.is_file() else 0
            plan_file = directory / "plan.toml"
            plan_themes = load_plan(plan_file) if plan_file.is_file() else 0
            db.session.flush()  # new rows take the scope they are flushed in: this municipality's
    return LoadedMunicipality(municipality, existing is None, areas, goals, offers, plan_themes)
