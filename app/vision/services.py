"""Shared-vision use cases: the admin-set yearly target and the climate-plan goals as data."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import PermissionDenied, ValidationError
from app.vision.models import ClimateGoal, VisionTarget
from app.vision.queries import target_for

GOALS_CSV = Path(__file__).resolve().parent.parent / "seed" / "data" / "climate_goals.csv"
MAX_TARGET_KG = 1_000_000_000


def set_vision_target(
    *, actor: User, year: int, target_co2e_kg: int, now: datetime | None = None
) -> VisionTarget:
    """Set (or change) how many kg CO2e all citizens together aim to save in `year`.

    For the admin screens. Admins and staff only; the year is 2000–2100 and the target
    a whole number of kg from 1 to 1,000,000,000. The shared-vision page shows the year's
    estimated savings against it.
    """
    if actor.role not in (Role.ADMIN, Role.STAFF):
        raise PermissionDenied(_l("Only the municipality's administrators set the shared target."))
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError(_l("Enter a year from 2000 to 2100."), field="year")
    if not isinstance(target_co2e_kg, int) or not 1 <= target_co2e_kg <= MAX_TARGET_KG:
        raise ValidationError(_l("Enter a whole number of kg above 0."), field="target_co2e_kg")
    with write_transaction():
        target = target_for(year)
        if target is None:
            target = VisionTarget(year=year)
            db.session.add(target)
        target.target_co2e_kg = target_co2e_kg
        target.set_at = now or utcnow()
        target.set_by_id = actor.id
    return target


def seed_climate_goals(path: Path = GOALS_CSV) -> int:
    """Load the municipality's climate-plan goals from the seed CSV; existing slugs are kept.
    Returns how many were added."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    added = 0
    with write_transaction():
        known = set(db.session.scalars(select(ClimateGoal.slug)))
        for order, row in enumerate(rows):
            if row["slug"] in known:
                continue
            db.session.add(
                ClimateGoal(
                    slug=row["slug"],
                    year=int(row["year"]),
                    title_da=row["title_da"],
                    title_en=row["title_en"],
                    body_da=row["body_da"],
                    body_en=row["body_en"],
                    source_label=row["source_label"],
                    source_url=row["source_url"],
                    sort_order=order,
                )
            )
            added += 1
    return added


def set_target(*, admin: User, year: int, target_co2e_kg: int, now: datetime | None = None) -> VisionTarget:
    """Set the year's shared CO2e target (`set_vision_target`'s rules), audited."""
    require_admin(admin)
    with write_transaction():
        old = target_for(year)
        before = {"target_co2e_kg": old.target_co2e_kg} if old is not None else None
        target = set_vision_target(actor=admin, year=year, target_co2e_kg=target_co2e_kg, now=now)
        if before != {"target_co2e_kg": target_co2e_kg}:
            record_audit(
                actor=admin,
                verb="set_target",
                object_type="vision",
                object_id=year,
                object_label=str(year),
                before=before,
                after={"target_co2e_kg": target_co2e_kg},
                now=now,
            )
    return target
