"""Load a municipality's climate plan from a TOML data file (app/seed/data/plan/*.toml)."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db import db, write_transaction
from app.plan.areas import PLAN_AREAS
from app.plan.models import ClimatePlan, PlanAreaTheme, PlanMeasure, PlanTheme

PLAN_DATA = Path(__file__).resolve().parent.parent / "seed" / "data" / "plan"


def read_plan_file(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _plan_values(spec: dict[str, Any]) -> dict[str, Any]:
    adopted = spec.get("adopted_on")
    return {
        "title": spec["title"],
        "adopted_on": adopted if isinstance(adopted, date) else None,
        "baseline_year": int(spec["baseline_year"]),
        "baseline_emissions_t": spec.get("baseline_emissions_t"),
        "baseline_note": spec.get("baseline_note", ""),
        "target_2030_pct": int(spec["target_2030_pct"]),
        "neutral_year": int(spec.get("neutral_year", 2050)),
        "national_2030_pct": int(spec.get("national_2030_pct", 70)),
        "citizen_target_mode": spec.get("citizen_target_mode", "typed"),
        "citizen_share_pct": spec.get("citizen_share_pct"),
        "source_label": spec.get("source_label", ""),
        "source_url": spec.get("source_url", ""),
    }


def _add_theme(order: int, spec: dict[str, Any], known_codes: set[str]) -> PlanTheme:
    theme = PlanTheme(
        slug=spec["slug"],
        name_da=spec["name_da"],
        name_en=spec["name_en"],
        description_da=spec.get("description_da", ""),
        description_en=spec.get("description_en", ""),
        sort_order=order,
        source_label=spec.get("source_label", ""),
        source_url=spec.get("source_url", ""),
    )
    db.session.add(theme)
    for position, measure in enumerate(spec.get("measures", [])):
        if measure["code"] in known_codes:
            continue
        theme.measures.append(
            PlanMeasure(
                code=measure["code"],
                title_da=measure["title_da"],
                title_en=measure["title_en"],
                description_da=measure.get("description_da", ""),
                description_en=measure.get("description_en", ""),
                sort_order=position,
                source=measure.get("source", ""),
            )
        )
    return theme


def load_plan(path: Path) -> int:
    """The current municipality's plan, themes, measures and area map from `path`; what exists
    already (the plan, a theme slug, a measure code, an area's theme) is left to the admins.
    Returns how many themes were added."""
    spec = read_plan_file(path)
    added = 0
    with write_transaction():
        if db.session.scalar(select(ClimatePlan)) is None:
            db.session.add(ClimatePlan(**_plan_values(spec["plan"])))
        by_slug = {t.slug: t for t in db.session.scalars(select(PlanTheme))}
        codes = set(db.session.scalars(select(PlanMeasure.code)))
        for order, theme_spec in enumerate(spec.get("themes", [])):
            if theme_spec["slug"] not in by_slug:
                by_slug[theme_spec["slug"]] = _add_theme(order, theme_spec, codes)
                added += 1
        db.session.flush()
        mapped = set(db.session.scalars(select(PlanAreaTheme.plan_area)))
        for area, slug in spec.get("areas", {}).items():
            if area in PLAN_AREAS and area not in mapped and slug in by_slug:
                db.session.add(PlanAreaTheme(plan_area=area, theme_id=by_slug[slug].id))
    return added
