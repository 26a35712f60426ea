"""The demo's second municipality, Solrød (Køge's neighbour on Køge Bugt): its real areas from
its data folder, an admin, citizens and four weeks of logs, so two municipalities run side by side."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from app.accounts.models import User
from app.accounts.services import ensure_admin
from app.actions.effective import effective_by_slug
from app.actions.overrides import OverrideData, save_override
from app.clock import local_date, utcnow
from app.features import rebuild_derived_rows
from app.seed.demo import CITIZEN_PASSWORD, seed_citizens, seed_logs
from app.seed.municipality_data import MUNICIPALITIES_DIR, load_municipality
from app.tenancy.context import in_municipality
from app.vision.queries import target_for
from app.vision.services import set_vision_target


@dataclass(frozen=True)
class NeighbourDemo:
    folder: Path
    domain: str
    admin_email: str
    admin_password: str
    citizen_email: str
    citizens: int
    target_kg: int


# Køge's demo target (60,000 kg for 63,335 inhabitants) per inhabitant, for 24,579 inhabitants.
SOLROED = NeighbourDemo(
    folder=MUNICIPALITIES_DIR / "solroed",
    domain="solroed.demo.klimadyst.dk",
    admin_email="admin@solroed.demo.klimadyst.dk",
    admin_password="Klimaplan-2030-Solroed",  # noqa: S106 - printed demo login
    citizen_email="borger@solroed.demo.klimadyst.dk",
    citizens=80,
    target_kg=23_000,
)


# Solrød's own points for cycling (a local override of the national catalogue): 3 a km, not 2.
CYCLING_OVERRIDE = ("cykel-frem-for-bil", OverrideData(points_per_unit=3))


def _seed_override(admin: User) -> None:
    """Once: a rerun keeps what the demo admin may have changed since."""
    slug, data = CYCLING_OVERRIDE
    action = effective_by_slug(slug)
    if action is not None and not action.is_overridden:
        save_override(admin=admin, action_id=action.id, data=data)


@dataclass
class NeighbourReport:
    slug: str
    name: str
    created: bool
    areas: int
    goals: int
    citizens: int
    logs: int


def seed_neighbour_demo(demo: NeighbourDemo = SOLROED, *, tz: str, seed: int = 2022) -> NeighbourReport:
    """Create the second municipality's demo once; a rerun adds nothing that is already there."""
    loaded = load_municipality(demo.folder)
    rng = random.Random(seed)
    with in_municipality(loaded.municipality):
        admin, _created = ensure_admin(email=demo.admin_email, password=demo.admin_password, alias="Kommunen")
        _seed_override(admin)
        citizens = seed_citizens(rng, domain=demo.domain, first_email=demo.citizen_email, total=demo.citizens)
        today = local_date(utcnow(), tz)
        logs = seed_logs(rng, today, tz, domain=demo.domain)
        if logs:
            rebuild_derived_rows()
        if target_for(today.year) is None:
            set_vision_target(actor=admin, year=today.year, target_co2e_kg=demo.target_kg)
    return NeighbourReport(
        slug=loaded.municipality.slug,
        name=loaded.municipality.name,
        created=loaded.created,
        areas=loaded.areas,
        goals=loaded.goals,
        citizens=citizens,
        logs=logs,
    )


__all__ = ["CITIZEN_PASSWORD", "SOLROED", "NeighbourDemo", "seed_neighbour_demo"]
