"""The solutions demo: themes on the demo solutions, three adoptions (accepted, pending, not
asked for), one featured solution; running it again adds nothing."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from app.business.models import Solution
from app.db import db
from app.seed.business import BUSINESS_EMAIL, seed_business_demo
from app.seed.solutions import seed_solutions_demo
from app.solutions.models import Adoption


def test_solutions_demo_is_complete_and_idempotent(app: Flask, reference_data: None) -> None:
    from app.accounts.services import ensure_admin
    from app.plan.loader import PLAN_DATA, load_plan

    with app.app_context():
        ensure_admin(email="admin@example.dk", password="Klimaplan-2030-Koege", alias="Kommunen")
        seed_business_demo(staff_email="admin@example.dk")
        load_plan(PLAN_DATA / "koege_plan.toml")
        first = seed_solutions_demo(business_email=BUSINESS_EMAIL, admin_email="admin@example.dk")
        assert first.adoptions == 3
        again = seed_solutions_demo(business_email=BUSINESS_EMAIL, admin_email="admin@example.dk")
        assert again.adoptions == 0
        states = sorted(db.session.scalars(select(Adoption.contact_state)))
        assert states == ["accepted", "not_requested", "pending"]
        assert db.session.scalar(select(func.count()).select_from(Solution).where(Solution.featured)) == 1
        assert not db.session.scalar(
            select(func.count()).select_from(Solution).where(Solution.theme_id.is_(None))
        )
