"""Two municipalities side by side: Køge (the default) and Solrød, each with an area and a
company of the same slug, and a citizen each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import select

from app.db import db
from tests.conftest import PASSWORD, Person
from tests.support.business import VALID_CVRS

KOEGE_HOST = "http://koege.localhost"
SOLROED_HOST = "http://solroed.localhost"


@dataclass(frozen=True)
class Town:
    municipality_id: int
    slug: str
    host: str
    area_id: int
    area_name: str
    company_name: str
    citizen: Person


def _furnish(municipality_id: int, *, area_name: str, company_name: str, email: str) -> tuple[int, Person]:
    from app.accounts.services import register_user
    from app.business.models import Company
    from app.neighbourhoods.models import Neighbourhood
    from app.tenancy.context import in_municipality

    with in_municipality(municipality_id):
        area = Neighbourhood(slug="centrum", name=area_name, population=5000)
        db.session.add(area)
        db.session.commit()
        db.session.add(
            Company(
                slug="groen-test",
                name=company_name,
                cvr=VALID_CVRS[0],
                address="Torvet 1",
                neighbourhood_id=area.id,
                sector="retail",
                size_band="1-9",
                contact_name="Kontakt",
                contact_email="kontakt@example.dk",
            )
        )
        db.session.commit()
        # The same e-mail in both municipalities: two accounts of one person.
        user = register_user(
            email=email, password=PASSWORD, alias="Anna", neighbourhood_id=area.id, show_in_rankings=True
        )
        person = Person(user.id, user.email, user.alias, PASSWORD, user.neighbourhood_id)
        return area.id, person


@pytest.fixture
def towns(app: Flask, reference_data: None) -> tuple[Town, Town]:
    from app.tenancy.models import Municipality
    from app.tenancy.services import create_municipality

    with app.app_context():
        koege_id = db.session.scalar(select(Municipality.id).where(Municipality.slug == "koege"))
        solroed_id = create_municipality(slug="solroed", name="Solrød Kommune", inhabitants=23700).id
        koege_area, koege_citizen = _furnish(
            koege_id, area_name="Køge Midtby", company_name="Køge Grønt ApS", email="anna@example.dk"
        )
        solroed_area, solroed_citizen = _furnish(
            solroed_id, area_name="Solrød Strand", company_name="Solrød Grønt ApS", email="anna@example.dk"
        )
        db.session.remove()
    return (
        Town(koege_id, "koege", KOEGE_HOST, koege_area, "Køge Midtby", "Køge Grønt ApS", koege_citizen),
        Town(
            solroed_id,
            "solroed",
            SOLROED_HOST,
            solroed_area,
            "Solrød Strand",
            "Solrød Grønt ApS",
            solroed_citizen,
        ),
    )
