"""Two companies: A owns a solution under a plan theme, B wants to do it too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from app.db import db
from tests.support.business import VALID_CVRS, CompanyRef, make_company

A_CONTACT = "kontakt-alfa@example.dk"
B_CONTACT = "kontakt-beta@example.dk"


@dataclass(frozen=True)
class World:
    a: CompanyRef
    b: CompanyRef
    theme_id: int
    solution_id: int


def _set_contact(company_id: int, email: str, name: str) -> None:
    from app.business.models import Company

    company = db.session.get(Company, company_id)
    assert company is not None
    company.contact_email = email
    company.contact_name = name
    db.session.commit()


@pytest.fixture
def world(app: Flask, make_user: Any) -> World:
    from decimal import Decimal

    from app.accounts.models import User
    from app.business.models import Company
    from app.business.services import add_solution
    from app.plan.models import PlanTheme

    a = make_company(app, make_user, name="Alfa Bageri", cvr=VALID_CVRS[0])
    b = make_company(app, make_user, name="Beta Smed", cvr=VALID_CVRS[1])
    with app.app_context():
        _set_contact(a.id, A_CONTACT, "Anna Alfa")
        _set_contact(b.id, B_CONTACT, "Bent Beta")
        theme = PlanTheme(slug="el", name_da="El", name_en="Electricity", sort_order=1)
        db.session.add(theme)
        db.session.commit()
        solution = add_solution(
            company=db.session.get(Company, a.id),
            actor=db.session.get(User, a.owner.id),
            title="Solceller på taget",
            description="120 paneler",
            category="energy",
            theme_id=theme.id,
            co2e_kg_per_year=Decimal("4200"),
            co2e_source="Energistyrelsen 2025",
            state="in_use",
        )
        ids = (theme.id, solution.id)
        db.session.remove()
    return World(a, b, *ids)


def adopt(app: Flask, world: World, *, wants_contact: bool = True) -> int:
    """B adopts A's solution through the service; the adoption's id."""
    from app.accounts.models import User
    from app.solutions.queries import solution_by_id
    from app.solutions.services import adopt_solution

    with app.app_context():
        solution = solution_by_id(world.solution_id)
        assert solution is not None
        adoption = adopt_solution(
            solution=solution,
            adopter=db.session.get(User, world.b.owner.id),
            message="Hvordan kom I i gang?",
            contact_method="email",
            wants_contact=wants_contact,
        )
        adoption_id = adoption.id
        db.session.remove()
    return adoption_id
