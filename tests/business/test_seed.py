"""The business demo: offers, 15 companies marked as demo, a login with requests, teams;
running it again adds nothing."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from app.business.models import Company, CompanyMember, WorkplaceTeam
from app.db import db
from app.seed.business import BUSINESS_EMAIL, seed_business_demo
from app.seed.business_data import DEMO_COMPANIES
from app.sparring.models import SparringOffer, SparringRequest


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_business_demo_is_complete_and_idempotent(
    app: Flask, make_user: object, reference_data: None
) -> None:
    from app.accounts.services import ensure_admin
    from app.business.cvr import is_valid_cvr

    with app.app_context():
        ensure_admin(email="admin@example.dk", password="Klimaplan-2030-Koege", alias="Kommunen")
        first = seed_business_demo(staff_email="admin@example.dk")
        assert (first.offers, first.companies, first.requests, first.teams) == (9, 15, 2, 3)
        again = seed_business_demo(staff_email="admin@example.dk")
        assert (again.offers, again.companies, again.requests, again.teams) == (0, 0, 0, 0)
        assert _count(SparringOffer) == 9
        assert _count(Company) == 15
        assert all(c.is_demo for c in db.session.scalars(select(Company)))
        assert all(is_valid_cvr(c.cvr) for c in DEMO_COMPANIES)
        assert _count(WorkplaceTeam) == 3
        owner = db.session.scalar(
            select(CompanyMember).join(CompanyMember.user).where(CompanyMember.user.has(email=BUSINESS_EMAIL))
        )
        assert owner is not None
        assert owner.is_owner
        states = sorted(db.session.scalars(select(SparringRequest.state)))
        assert states == ["completed", "contacted"]
