"""Counts over rows without a municipality of their own (badges held, requests per national
offer) count only the current municipality's: another municipality's activity is no data here."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from app.db import db
from tests.tenancy.conftest import Town

pytestmark = pytest.mark.usefixtures("frozen_day")


def _first_log(app: Flask, town: Town) -> None:
    from app.accounts.models import User
    from app.actions.models import Action
    from app.actions.services import log_action
    from app.tenancy.context import in_municipality

    with app.app_context(), in_municipality(town.municipality_id):
        action = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
        result = log_action(
            user=db.session.get(User, town.citizen.id),
            action=action,
            quantity="5",
            idempotency_key="count-0001",
        )
        assert "first-log" in result.badges
        db.session.remove()


def test_a_badge_page_counts_only_its_municipalitys_holders(app: Flask, towns: tuple[Town, Town]) -> None:
    koege, solroed = towns
    _first_log(app, koege)
    client = app.test_client()
    assert "1 borger har fået dette mærke." in client.get("/maerker/first-log", base_url=koege.host).text
    assert "0 borgere har fået dette mærke." in client.get("/maerker/first-log", base_url=solroed.host).text


def test_requests_per_national_offer_are_counted_per_municipality(
    app: Flask, towns: tuple[Town, Town]
) -> None:
    from app.accounts.models import Role, User
    from app.accounts.services import register_user
    from app.business.models import Company, CompanyMember, MemberRole
    from app.sparring.models import SparringOffer
    from app.sparring.queries import offer_request_counts
    from app.sparring.services import request_sparring
    from app.tenancy.context import in_municipality, platform_scope

    koege, solroed = towns
    with app.app_context():
        with platform_scope():
            offer = SparringOffer(
                slug="national-test",
                provider="Erhvervsstyrelsen",
                title="Et nationalt tilbud",
                description="For alle",
                cost="free",
                scope="national",
                url="https://example.dk",
                is_active=True,
            )
            db.session.add(offer)
            db.session.commit()
            offer_id = offer.id
        with in_municipality(koege.municipality_id):
            owner = register_user(
                email="ejer@koege.dk",
                password="Grøn-hverdag-i-Køge",
                alias="Ejer",
                neighbourhood_id=None,
                role=Role.BUSINESS,
            )
            company = db.session.scalar(select(Company).where(Company.slug == "groen-test"))
            db.session.add(CompanyMember(company_id=company.id, user_id=owner.id, role=MemberRole.OWNER))
            db.session.commit()
            request_sparring(
                company=company,
                requester=db.session.get(User, owner.id),
                offer_ids=[offer_id],
                topic="Vores CO2-regnskab",
                message="Hvor starter vi?",
                contact_method="email",
            )
            assert offer_request_counts() == {offer_id: 1}
        with in_municipality(solroed.municipality_id):
            assert offer_request_counts() == {}
        db.session.remove()
