"""The companies' solutions and pledges under each plan theme: two plan contributors.

Solutions: the featured ones first, then the most adopted; each with its CO2e estimate (labelled
an estimate, with its source) and how many companies want to do it too. Pledges: by target date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import select

from app.business.labels import PLEDGE_STATUSES
from app.business.models import Company, Pledge, PledgeStatus
from app.db import db
from app.plan.contributions import ThemeItem, ThemeQuery
from app.solutions.queries import listed_solutions


def _detail(company: str, adoptions: int) -> str:
    if not adoptions:
        return company
    wants = ngettext("%(num)s company wants to do it too", "%(num)s companies want to do it too", adoptions)
    return f"{company} · {wants}"


def solutions_by_theme(query: ThemeQuery) -> Mapping[int, Sequence[ThemeItem]]:
    wanted = {t.id for t in query.themes}
    result: dict[int, list[ThemeItem]] = {}
    for solution, adoptions in listed_solutions():
        if solution.theme_id not in wanted:
            continue
        assert solution.theme_id is not None  # noqa: S101 - checked just above
        result.setdefault(solution.theme_id, []).append(
            ThemeItem(
                title=solution.title,
                detail=_detail(solution.company.name, adoptions),
                url=url_for("business.company_page", slug=solution.company.slug),
                co2e_kg=float(solution.co2e_kg_per_year) if solution.co2e_kg_per_year is not None else None,
                estimate=True,
                source=solution.co2e_source,
                featured=solution.featured,
            )
        )
    return result


def pledges_by_theme(query: ThemeQuery) -> Mapping[int, Sequence[ThemeItem]]:
    """Every pledge under a theme except the dropped ones, with its company and status."""
    wanted = [t.id for t in query.themes]
    result: dict[int, list[ThemeItem]] = {}
    rows = db.session.execute(
        select(Pledge, Company)
        .join(Company, Company.id == Pledge.company_id)
        .where(Pledge.theme_id.in_(wanted), Pledge.status != PledgeStatus.DROPPED)
        .order_by(Pledge.target_date, Pledge.id)
    ).all()
    for pledge, company in rows:
        assert pledge.theme_id is not None  # noqa: S101 - filtered by theme
        result.setdefault(pledge.theme_id, []).append(
            ThemeItem(
                title=pledge.title,
                detail=f"{company.name} · {PLEDGE_STATUSES[PledgeStatus(pledge.status)]}",
                url=url_for("business.company_page", slug=company.slug),
                estimate=False,
            )
        )
    return result
