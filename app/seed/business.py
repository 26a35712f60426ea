"""Sparring offers (reference data) and the business demo: fictional companies, a business login
with a sparring request, workplace teams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.business.models import (
    Company,
    CompanyMember,
    MemberRole,
    Pledge,
    Solution,
    TeamMembership,
    WorkplaceTeam,
)
from app.clock import local_date, today_in, utcnow
from app.db import db, write_transaction
from app.neighbourhoods.models import Neighbourhood
from app.seed.business_data import DEMO_COMPANIES, TEAMS
from app.seed.catalogue import read_csv
from app.settings import timezone
from app.sparring.models import SparringOffer, SparringRequest
from app.sparring.states import RequestState
from app.tenancy.context import platform_scope

DEMO_TEAM_DAYS = 35  # demo members joined before the demo's logs (28 days) began

BUSINESS_EMAIL = "virksomhed@demo.klimadyst.dk"
BUSINESS_PASSWORD = "Groen-Virksomhed-Koege-2030"  # noqa: S105 - printed demo login
BUSINESS_ALIAS = "Mette fra Bugtens Bageri"


def seed_sparring_offers() -> int:
    """Insert the offers from sparring_offers.csv that are missing (by slug); rerunnable. Local
    offers are the current municipality's, national and regional ones are national."""
    rows = list(enumerate(read_csv("sparring_offers.csv"), start=1))
    return _add_offers([r for r in rows if r[1]["scope"] == "local"]) + _add_national_offers(
        [r for r in rows if r[1]["scope"] != "local"]
    )


def seed_local_offers(path: Path) -> int:
    """The current municipality's own offers from a data folder's sparring_offers.csv (rows of
    another scope are national: they belong in the platform's file)."""
    rows = list(enumerate(read_csv(path), start=1))
    return _add_offers([r for r in rows if r[1].get("scope", "local") == "local"])


def _add_national_offers(rows: list[tuple[int, dict[str, str]]]) -> int:
    with platform_scope():
        return _add_offers(rows)


def _add_offers(rows: list[tuple[int, dict[str, str]]]) -> int:
    created = 0
    with write_transaction():
        existing = set(db.session.scalars(select(SparringOffer.slug)))
        for number, row in rows:
            if row["slug"] in existing:
                continue
            db.session.add(
                SparringOffer(
                    slug=row["slug"],
                    provider=row["provider"],
                    title=row["title"],
                    description=row.get("description_da") or row["description"],
                    cost=row["cost"],
                    scope=row["scope"],
                    url=row["url"],
                    source=row["source"],
                    plan_area=row.get("plan_area") or None,
                    sort_order=number,
                    is_active=True,
                )
            )
            created += 1
    return created


def _area_ids() -> dict[str, int]:
    return dict(db.session.execute(select(Neighbourhood.slug, Neighbourhood.id)).all())


def _seed_companies() -> int:
    areas = _area_ids()
    existing = set(db.session.scalars(select(Company.cvr)))
    created = 0
    with write_transaction():
        for number, demo in enumerate(DEMO_COMPANIES):
            if demo.cvr in existing:
                continue
            company = Company(
                slug=f"demo-{number + 1:02d}-"
                + demo.name.lower()
                .replace(" & ", "-")
                .replace(" ", "-")
                .replace("ø", "oe")
                .replace("æ", "ae")
                .replace("å", "aa"),
                name=demo.name,
                cvr=demo.cvr,
                address=demo.address,
                neighbourhood_id=areas[demo.area],
                sector=demo.sector,
                size_band=demo.size,
                website=None,
                contact_name="Demo-kontakt",
                contact_email=f"kontakt{number + 1:02d}@demo.klimadyst.dk",
                about=demo.about,
                is_demo=True,
                is_verified=number % 3 != 2,
                show_sparring_journeys=number == 0,
            )
            db.session.add(company)
            db.session.flush()
            for title, description, category, effect, source in demo.solutions:
                db.session.add(
                    Solution(
                        company_id=company.id,
                        title=title,
                        description=description,
                        category=category,
                        effect=effect,
                        effect_source=source,
                    )
                )
            if demo.pledge is not None:
                title, months, status = demo.pledge
                db.session.add(
                    Pledge(
                        company_id=company.id,
                        title=title,
                        status=status,
                        target_date=today_in() + timedelta(days=30 * months),
                    )
                )
            created += 1
    return created


def _seed_business_login() -> tuple[User, Company]:
    """The demo business user owns the first demo company (created once)."""
    first = db.session.scalar(select(Company).where(Company.cvr == DEMO_COMPANIES[0].cvr))
    assert first is not None  # noqa: S101 - _seed_companies ran first
    user = db.session.scalar(select(User).where(User.email == BUSINESS_EMAIL))
    with write_transaction():
        if user is None:
            user = User(
                email=BUSINESS_EMAIL,
                password_hash=hash_password(BUSINESS_PASSWORD),
                alias=BUSINESS_ALIAS,
                alias_key=BUSINESS_ALIAS.lower(),
                role=Role.BUSINESS,
                neighbourhood_id=None,
                email_verified_at=utcnow(),
            )  # demo accounts count as verified
            db.session.add(user)
            db.session.flush()
        if db.session.get(CompanyMember, (first.id, user.id)) is None:
            db.session.add(CompanyMember(company_id=first.id, user_id=user.id, role=MemberRole.OWNER))
    return user, first


def _seed_requests(user: User, company: Company, staff: User) -> int:
    """One request the municipality has contacted (with a reply) and one completed journey,
    made through the services so their mails and history are real."""
    from app.sparring.services import add_comment, change_request_state, request_sparring

    already = db.session.scalar(
        select(func.count()).select_from(SparringRequest).where(SparringRequest.company_id == company.id)
    )
    if already:
        return 0
    offers = dict(db.session.execute(select(SparringOffer.slug, SparringOffer.id)).all())
    now = utcnow()
    done = request_sparring(
        company=company,
        requester=user,
        offer_ids=[offers["klimakompasset"]],
        topic="Vores første CO2-regnskab",
        message="Vi vil gerne i gang med Klimakompasset, men ved ikke, hvor vi finder tallene.",
        contact_method="meeting",
        contact_time="Tirsdag formiddag",
        now=now - timedelta(days=40),
    )
    for days_ago, state in (
        (38, RequestState.CONTACTED),
        (30, RequestState.IN_PROGRESS),
        (9, RequestState.COMPLETED),
    ):
        change_request_state(request=done, actor=staff, new_state=state, now=now - timedelta(days=days_ago))
    open_request = request_sparring(
        company=company,
        requester=user,
        offer_ids=[offers["connect-koege"]],
        topic="Elektrisk udbringning i midtbyen",
        message="Vi overvejer at levere med el-ladcykel og vil gerne høre om erfaringer og "
        "muligheder for tilskud.",
        contact_method="phone",
        contact_time="Hverdage kl. 13-15",
        now=now - timedelta(days=4),
    )
    change_request_state(
        request=open_request,
        actor=staff,
        new_state=RequestState.CONTACTED,
        note="Vi har ringet og aftalt et møde i Det Grønne Hus.",
        now=now - timedelta(days=2),
    )
    add_comment(
        request=open_request,
        author=staff,
        now=now - timedelta(days=2),
        body="Tak for snakken i dag. Vi sender en liste med cykelleverandører før mødet.",
    )
    return 2


def _seed_teams() -> int:
    citizens = list(
        db.session.scalars(
            select(User.id)
            .where(User.role == Role.CITIZEN, User.email.like("%@demo.klimadyst.dk"))
            .order_by(User.id.desc())
        )
    )
    companies = list(
        db.session.scalars(select(Company).where(Company.is_demo.is_(True)).order_by(Company.id))
    )
    created = 0
    joined_at = utcnow() - timedelta(days=DEMO_TEAM_DAYS)
    with write_transaction():
        taken = set(db.session.scalars(select(TeamMembership.user_id)))
        for index, name, size in TEAMS:
            if index >= len(companies):
                continue
            company = companies[index]
            team = db.session.scalar(select(WorkplaceTeam).where(WorkplaceTeam.company_id == company.id))
            if team is not None:
                continue
            team = WorkplaceTeam(company_id=company.id, name=name, join_code=f"DEMO{index + 1:04d}")
            db.session.add(team)
            db.session.flush()
            free = [c for c in citizens if c not in taken][:size]
            for user_id in free:
                # demo members joined before the demo's logs began, so the board shows them
                db.session.add(
                    TeamMembership(
                        user_id=user_id,
                        team_id=team.id,
                        joined_at=joined_at,
                        joined_on=local_date(joined_at, timezone()),
                    )
                )
                taken.add(user_id)
            created += 1
    return created


@dataclass
class BusinessDemoReport:
    offers: int
    companies: int
    requests: int
    teams: int


def seed_business_demo(*, staff_email: str) -> BusinessDemoReport:
    """Offers, 15 fictional companies marked as demo, the demo business login with two sparring
    requests, and three workplace teams. Running it again adds nothing."""
    offers = seed_sparring_offers()
    companies = _seed_companies()
    user, company = _seed_business_login()
    staff = db.session.scalar(select(User).where(User.email == staff_email))
    requests = _seed_requests(user, company, staff) if staff is not None else 0
    teams = _seed_teams()
    return BusinessDemoReport(offers, companies, requests, teams)
