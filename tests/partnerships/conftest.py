"""Partnerships in Køge (the default host) with Solrød beside it: Køge's plan themes, an admin,
a staff member and a company in Køge, an admin in Solrød."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.db import db
from tests.cases.conftest import KOEGE, SOLROED, Towns, client_at, person_in, towns
from tests.conftest import Person
from tests.support.business import VALID_CVRS, CompanyRef, make_company, make_request

__all__ = ["KOEGE", "SOLROED", "client_at", "towns"]


@dataclass(frozen=True)
class World:
    towns: Towns
    admin: Person
    staff: Person
    solroed_admin: Person
    company: CompanyRef
    theme_id: int
    theme_slug: str


@pytest.fixture
def world(app: Flask, towns: Towns, make_user: Any) -> World:
    from app.plan.loader import PLAN_DATA, load_plan
    from app.plan.models import PlanTheme
    from app.tenancy.context import in_municipality

    with app.app_context(), in_municipality(towns.koege_id):
        load_plan(PLAN_DATA / "koege_plan.toml")
        theme_id = db.session.scalar(select(PlanTheme.id).where(PlanTheme.slug == "mobilitet"))
        db.session.remove()
    assert theme_id is not None
    with app.app_context():
        staff = person_in(towns.koege_id, email="staff@koege.dk", role="staff")
        db.session.remove()
    company = make_company(app, make_user, name="Alfa Bageri", cvr=VALID_CVRS[0])
    return World(towns, towns.koege_admin, staff, towns.solroed_admin, company, theme_id, "mobilitet")


def partnership_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Cykelpendling i Køge",
        "theme_id": "0",
        "how_it_arose": "Efter et sparringsforløb.",
        "what_it_does": "Fælles cykelparkering.",
        "advice": "Start småt.",
        "start_date": "",
        "end_date": "",
        "contact_role": "Klimakoordinator",
        "from_request_id": "",
    }
    data.update(overrides)
    return data


def _admin_user(admin: Person) -> Any:
    from app.accounts.models import User

    user = db.session.get(User, admin.id)
    assert user is not None
    return user


def make_partnership(
    app: Flask,
    world: World,
    *,
    title: str = "Cykelpendling i Køge",
    published: bool = True,
    status: str = "running",
    start: date | None = None,
    check_ins: tuple[tuple[int, str], ...] = ((30, "10"), (20, "12"), (10, "15")),
    every_days: int = 90,
    with_company: bool = True,
) -> tuple[int, str, int]:
    """A Køge partnership through the services: (id, slug, its KPI's id). Check-ins are (days
    before today, value)."""
    from app.clock import local_date, utcnow
    from app.partnerships.services import (
        KpiInput,
        PartnershipInput,
        add_check_in,
        add_kpi,
        add_partner,
        change_status,
        save_partnership,
        set_published,
    )
    from app.tenancy.context import in_municipality

    today = local_date(utcnow())
    with app.app_context(), in_municipality(world.towns.koege_id):
        admin = _admin_user(world.admin)
        p = save_partnership(
            admin=admin,
            data=PartnershipInput(
                title=title,
                theme_id=world.theme_id,
                how_it_arose="Det opstod i sparring.",
                what_it_does="Fælles cykelparkering.",
                advice="Start med dem, der bor tæt på.",
                start_date=start or today - timedelta(days=60),
                contact_role="Mobilitetskonsulent",
            ),
        )
        if with_company:
            add_partner(
                admin=admin, partnership_id=p.id, company_id=world.company.id, organisation="", role="Værten"
            )
        add_partner(admin=admin, partnership_id=p.id, company_id=None, organisation="Køge Forsyning", role="")
        kpi = add_kpi(
            admin=admin,
            partnership_id=p.id,
            data=KpiInput(
                name="Cyklende medarbejdere",
                unit="personer",
                target=Decimal(40),
                check_in_every_days=every_days,
            ),
        )
        for days_ago, value in check_ins:
            add_check_in(
                admin=admin,
                partnership_id=p.id,
                kpi_id=kpi.id,
                on_date=today - timedelta(days=days_ago),
                value=Decimal(value),
                today=today,
            )
        order = ["idea", "agreed", "running", "completed"]
        for step in order[1 : order.index(status) + 1] if status in order else ["stopped"]:
            change_status(admin=admin, partnership_id=p.id, new_status=step)
        if published:
            set_published(admin=admin, partnership_id=p.id, published=True)
        result = (p.id, p.slug, kpi.id)
        db.session.remove()
    return result


def completed_request(app: Flask, world: World, *, complete: bool = True) -> int:
    """A sparring request of the Køge company, moved to completed (or left new)."""
    from app.sparring.desk import move_request
    from app.tenancy.context import in_municipality

    request_id = make_request(app, world.company, topic="Varme fra ovnene")
    if complete:
        with app.app_context(), in_municipality(world.towns.koege_id):
            admin = _admin_user(world.admin)
            for state in ("contacted", "in_progress", "completed"):
                move_request(admin=admin, request_id=request_id, new_state=state)
            db.session.remove()
    return request_id


def published_partnership(
    app: Flask, admin: Person, *, title: str = "Fælles cykelparkering"
) -> tuple[int, str, int, int]:
    """For the sweeps: a published, running partnership of the default municipality (Køge) by
    `admin`, with an organisation as partner and a KPI with two check-ins: (id, slug, KPI id,
    partner id)."""
    from app.clock import local_date, utcnow
    from app.partnerships.services import (
        KpiInput,
        PartnershipInput,
        add_check_in,
        add_kpi,
        add_partner,
        change_status,
        save_partnership,
        set_published,
    )

    today = local_date(utcnow())
    with app.app_context():
        actor = _admin_user(admin)
        p = save_partnership(
            admin=actor, data=PartnershipInput(title=title, start_date=today - timedelta(days=40))
        )
        partner = add_partner(
            admin=actor, partnership_id=p.id, company_id=None, organisation="Køge Forsyning"
        )
        kpi = add_kpi(admin=actor, partnership_id=p.id, data=KpiInput(name="Cykler", unit="stk."))
        for days_ago, value in ((30, "4"), (5, "9")):
            add_check_in(
                admin=actor,
                partnership_id=p.id,
                kpi_id=kpi.id,
                on_date=today - timedelta(days=days_ago),
                value=Decimal(value),
                today=today,
            )
        for status in ("agreed", "running"):
            change_status(admin=actor, partnership_id=p.id, new_status=status)
        set_published(admin=actor, partnership_id=p.id, published=True)
        result = (p.id, p.slug, kpi.id, partner.id)
        db.session.remove()
    return result
