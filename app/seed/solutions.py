"""The solutions demo: plan themes on the demo companies' solutions and pledges, three adoptions
(contact accepted, pending, not asked for) and one featured solution. Running it again adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.business.models import Company, CompanyMember, MemberRole, Pledge, Solution
from app.clock import utcnow
from app.db import db, write_transaction
from app.plan.models import PlanTheme
from app.solutions.queries import adoption_of, contact_request_of
from app.solutions.services import adopt_solution, answer_contact, set_featured

# A solution's kind → the Køge plan theme it feeds.
KIND_THEMES = {
    "energy": "el",
    "transport": "mobilitet",
    "circular": "forbrug",
    "food": "landbrug",
    "water": "klimatilpasning",
    "nature": "klimatilpasning",
    "people": "forbrug",
    "other": "forbrug",
}
# A demo member of the second demo company, who answers the contact request made to it.
MEMBER_EMAIL = "virksomhed2@demo.klimadyst.dk"
MEMBER_PASSWORD = "demo-virksomhed-2"  # noqa: S105 - a published demo login


ASKS = (
    "Hvordan kom I i gang, og hvad kostede det?",
    "Kan kommunen hjælpe os i gang?",
    "Vi vil gerne høre om jeres erfaringer.",
)


@dataclass(frozen=True)
class SolutionsDemoReport:
    themed: int
    adoptions: int


def _themes() -> None:
    """Every demo solution and pledge without a theme gets the one its kind feeds; the first
    solution of each company gets a sourced CO2e estimate (the demo's, labelled an estimate)."""
    ids: dict[str, int] = {
        str(slug): int(i) for slug, i in db.session.execute(select(PlanTheme.slug, PlanTheme.id))
    }
    if not ids:
        return
    with write_transaction():
        for solution in db.session.scalars(
            select(Solution).join(Company).where(Company.is_demo.is_(True), Solution.theme_id.is_(None))
        ):
            solution.theme_id = ids.get(KIND_THEMES.get(solution.category, "forbrug"))
            if solution.co2e_kg_per_year is None and solution.category == "energy":
                solution.co2e_kg_per_year = Decimal("3500")
                solution.co2e_source = "Demo: Energistyrelsens standardfaktor for el 2025"
        for pledge in db.session.scalars(
            select(Pledge).join(Company).where(Company.is_demo.is_(True), Pledge.theme_id.is_(None))
        ):
            pledge.theme_id = ids.get("forbrug")


def _member_of(company: Company) -> User:
    user = db.session.scalar(select(User).where(User.email == MEMBER_EMAIL))
    with write_transaction():
        if user is None:
            user = User(
                email=MEMBER_EMAIL,
                password_hash=hash_password(MEMBER_PASSWORD),
                alias="Demo-virksomhed 2",
                alias_key="demo-virksomhed 2",
                role=Role.BUSINESS,
                neighbourhood_id=None,
                email_verified_at=utcnow(),
            )
            db.session.add(user)
            db.session.flush()
        if db.session.get(CompanyMember, (company.id, user.id)) is None:
            db.session.add(CompanyMember(company_id=company.id, user_id=user.id, role=MemberRole.OWNER))
    return user


def _first_solution(company: Company) -> Solution | None:
    return db.session.scalar(select(Solution).where(Solution.company_id == company.id).order_by(Solution.id))


def _adopt(solution: Solution | None, adopter: User, company_id: int, *, contact: bool, message: str) -> int:
    if solution is None or adoption_of(solution.id, company_id) is not None:
        return 0
    adopt_solution(
        solution=solution, adopter=adopter, message=message, contact_method="email", wants_contact=contact
    )
    return 1


def seed_solutions_demo(*, business_email: str, admin_email: str) -> SolutionsDemoReport:
    """Themes first; then the demo business login's company adopts the second company's first
    solution (contact accepted) and the third's (no contact asked for), and the second company
    adopts the login's first solution asking for contact (pending: the demo login answers it)."""
    _themes()
    companies = list(
        db.session.scalars(select(Company).where(Company.is_demo.is_(True)).order_by(Company.id))
    )
    login = db.session.scalar(select(User).where(User.email == business_email))
    if len(companies) < 3 or login is None:
        return SolutionsDemoReport(0, 0)
    own, second, third = companies[0], companies[1], companies[2]
    member = _member_of(second)
    made = _adopt(_first_solution(second), login, own.id, contact=True, message=ASKS[0])
    made += _adopt(_first_solution(third), login, own.id, contact=False, message=ASKS[1])
    made += _adopt(_first_solution(own), member, second.id, contact=True, message=ASKS[2])
    accepted = _first_solution(second)
    if accepted is not None:
        asked = adoption_of(accepted.id, own.id)
        pending = contact_request_of(second.id, asked.id) if asked is not None else None
        if pending is not None and pending.contact_state == "pending":
            answer_contact(adoption=pending, actor=member, accept=True)
        admin = db.session.scalar(select(User).where(User.email == admin_email))
        if admin is not None and not accepted.featured:
            set_featured(admin=admin, solution=accepted, featured=True)
    return SolutionsDemoReport(len(companies), made)
