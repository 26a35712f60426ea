"""Test helpers for companies, offers and sparring requests (ids only cross contexts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import select

from app.db import db

VALID_CVRS = ("29900574", "32721265", "24327094", "40085610", "26500001", "23779072", "22789848", "20831197")


@dataclass(frozen=True)
class CompanyRef:
    id: int
    slug: str
    cvr: str
    owner: Any  # tests.conftest.Person


def company_values(**overrides: Any) -> dict[str, Any]:
    from app.neighbourhoods.models import Neighbourhood

    values: dict[str, Any] = {
        "name": "Grøn Test ApS",
        "cvr": VALID_CVRS[0],
        "address": "Torvet 1, 4600 Køge",
        "neighbourhood_id": db.session.scalar(
            select(Neighbourhood.id).where(Neighbourhood.slug == "koege-centrum")
        ),
        "sector": "retail",
        "size_band": "1-9",
        "website": "https://example.dk",
        "contact_name": "Kontakt Person",
        "contact_email": "kontakt@example.dk",
    }
    values.update(overrides)
    return values


def make_company(app: Flask, make_user: Any, *, name: str, cvr: str) -> CompanyRef:
    from app.accounts.models import User
    from app.business.services import register_company

    owner = make_user(role="business")
    with app.app_context():
        user = db.session.get(User, owner.id)
        company = register_company(owner=user, **company_values(name=name, cvr=cvr))
        ref = CompanyRef(company.id, company.slug, company.cvr, owner)
        db.session.remove()
    return ref


def make_offer(app: Flask, *, title: str = "Klimakompasset", active: bool = True) -> int:
    from app.sparring.models import SparringOffer

    with app.app_context():
        from app.db import write_transaction

        with write_transaction():
            offer = SparringOffer(
                slug=title.lower().replace(" ", "-"),
                provider="Erhvervsstyrelsen",
                title=title,
                description="Beregner",
                cost="free",
                scope="national",
                url="https://klimakompasset.dk",
                is_active=active,
            )
            db.session.add(offer)
        offer_id = offer.id
        db.session.remove()
    return offer_id


def make_request(
    app: Flask,
    company: CompanyRef,
    offer_ids: list[int] | None = None,
    topic: str = "Vores første CO2-regnskab",
) -> int:
    from app.accounts.models import User
    from app.business.models import Company
    from app.sparring.services import request_sparring

    with app.app_context():
        created = request_sparring(
            company=db.session.get(Company, company.id),
            requester=db.session.get(User, company.owner.id),
            offer_ids=offer_ids or [],
            topic=topic,
            message="Hvor starter vi?",
            contact_method="email",
        )
        request_id = created.id
        db.session.remove()
    return request_id
