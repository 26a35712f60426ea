"""Reads of solutions and adoptions: counts, a company's contact requests, lists by theme."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select

from app.business.models import Company, Solution
from app.db import db
from app.solutions.models import Adoption, ContactState


def solution_by_id(solution_id: int) -> Solution | None:
    """A solution of the current municipality's companies (through the scoped company)."""
    return db.session.scalar(
        select(Solution).join(Company, Company.id == Solution.company_id).where(Solution.id == solution_id)
    )


def adoption_counts(solution_ids: Iterable[int] | None = None) -> dict[int, int]:
    """solution id → how many companies want to do it too (all solutions when `None`)."""
    stmt = select(Adoption.solution_id, func.count()).group_by(Adoption.solution_id)
    if solution_ids is not None:
        wanted = list(solution_ids)
        if not wanted:
            return {}
        stmt = stmt.where(Adoption.solution_id.in_(wanted))
    return {int(s): int(n) for s, n in db.session.execute(stmt).all()}


@dataclass(frozen=True)
class AdoptionPanel:
    """What a company page shows under each solution: the count, and the viewer's own adoption."""

    counts: dict[int, int] = field(default_factory=dict)
    mine: dict[int, Adoption] = field(default_factory=dict)


def adoption_panel(company_id: int, viewer_company_id: int | None) -> AdoptionPanel:
    ids = list(db.session.scalars(select(Solution.id).where(Solution.company_id == company_id)))
    mine: dict[int, Adoption] = {}
    if viewer_company_id is not None and ids:
        mine = {
            a.solution_id: a
            for a in db.session.scalars(
                select(Adoption).where(
                    Adoption.company_id == viewer_company_id, Adoption.solution_id.in_(ids)
                )
            )
        }
    return AdoptionPanel(adoption_counts(ids), mine)


def adoption_of(solution_id: int, company_id: int) -> Adoption | None:
    """The adopting company's adoption of one solution, if it made one."""
    return db.session.scalar(
        select(Adoption).where(Adoption.solution_id == solution_id, Adoption.company_id == company_id)
    )


def contact_requests_for(company_id: int) -> list[Adoption]:
    """Contact requests to the company's solutions (pending first, then newest)."""
    return list(
        db.session.scalars(
            select(Adoption)
            .join(Solution, Solution.id == Adoption.solution_id)
            .where(Solution.company_id == company_id, Adoption.wants_contact.is_(True))
            .order_by((Adoption.contact_state == ContactState.PENDING).desc(), Adoption.created_at.desc())
        )
    )


def contact_request_of(company_id: int, adoption_id: int) -> Adoption | None:
    """A contact request only if it is about one of this company's solutions (object check)."""
    return db.session.scalar(
        select(Adoption)
        .join(Solution, Solution.id == Adoption.solution_id)
        .where(Adoption.id == adoption_id, Solution.company_id == company_id)
    )


def adoption_for_request(request_id: int) -> Adoption | None:
    return db.session.scalar(select(Adoption).where(Adoption.sparring_request_id == request_id))


def adoptions_for_requests(request_ids: Iterable[int]) -> dict[int, Adoption]:
    """sparring request id → its adoption, for the requests that are adoptions."""
    wanted = list(request_ids)
    if not wanted:
        return {}
    return {
        a.sparring_request_id: a
        for a in db.session.scalars(select(Adoption).where(Adoption.sparring_request_id.in_(wanted)))
    }


def adoptions_in_year(year: int) -> int:
    """Adoptions made in the calendar year (UTC), in the current municipality."""
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    return int(
        db.session.scalar(
            select(func.count(Adoption.id)).where(Adoption.created_at >= start, Adoption.created_at < end)
        )
        or 0
    )


def listed_solutions(*, theme_id: int | None = None, kind: str | None = None) -> list[tuple[Solution, int]]:
    """The municipality's solutions with their adoption counts, optionally of one theme and kind
    (category): featured first, then most adopted, then by title."""
    counts = (
        select(Adoption.solution_id, func.count(Adoption.id).label("n"))
        .group_by(Adoption.solution_id)
        .subquery()
    )
    stmt = (
        select(Solution, func.coalesce(counts.c.n, 0))
        .join(Company, Company.id == Solution.company_id)
        .outerjoin(counts, counts.c.solution_id == Solution.id)
        .order_by(Solution.featured.desc(), func.coalesce(counts.c.n, 0).desc(), Solution.title, Solution.id)
    )
    if theme_id is not None:
        stmt = stmt.where(Solution.theme_id == theme_id)
    if kind is not None:
        stmt = stmt.where(Solution.category == kind)
    return [(solution, int(n)) for solution, n in db.session.execute(stmt).all()]
