"""What a company shows on its page: solutions and pledges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.business.models import Company, Pledge, PledgeStatus, Solution, SolutionCategory, SolutionState
from app.business.services.company import require_member, required_text
from app.business.text import clean_text
from app.db import db, write_transaction
from app.errors import ValidationError
from app.plan.queries import theme_by_id

# Larger than any one company's yearly saving: a typo, not an estimate.
CO2E_KG_MAX = Decimal("100000000")


def _theme(theme_id: int | None) -> int | None:
    """A theme of the municipality's own plan, or none; another municipality's is unknown here."""
    if theme_id is None:
        return None
    if theme_by_id(theme_id) is None:
        raise ValidationError(_l("Choose one of the climate plan's themes."), field="theme_id")
    return theme_id


def _estimate(co2e_kg_per_year: Decimal | None, co2e_source: str) -> dict[str, Any]:
    """An estimate is 0 to CO2E_KG_MAX kg a year, to one decimal, and always has its source."""
    source = clean_text(co2e_source, max_length=300)
    if co2e_kg_per_year is None:
        return {"co2e_kg_per_year": None, "co2e_source": ""}
    if not co2e_kg_per_year.is_finite() or not Decimal(0) <= co2e_kg_per_year <= CO2E_KG_MAX:
        raise ValidationError(
            _l("Give the estimate in kg CO2e a year, between 0 and 100,000,000."), field="co2e_kg_per_year"
        )
    if not source:
        raise ValidationError(_l("Say where the CO2e estimate comes from."), field="co2e_source")
    return {"co2e_kg_per_year": co2e_kg_per_year.quantize(Decimal("0.1")), "co2e_source": source}


def _solution_values(
    *,
    title: str,
    description: str,
    category: str,
    effect: str,
    effect_source: str,
    theme_id: int | None,
    co2e_kg_per_year: Decimal | None,
    co2e_source: str,
    state: str,
) -> dict[str, Any]:
    if category not in set(SolutionCategory):
        raise ValidationError(_l("Choose a category."), field="category")
    if state not in set(SolutionState):
        raise ValidationError(_l("Choose how far you are."), field="state")
    effect_text = clean_text(effect, max_length=200)
    source_text = clean_text(effect_source, max_length=300)
    if effect_text and not source_text:
        raise ValidationError(_l("Say where the measured effect comes from."), field="effect_source")
    return {
        "title": required_text(
            title, field="title", max_length=160, message=_l("Give the solution a title.")
        ),
        "description": required_text(
            description, field="description", max_length=3000, message=_l("Describe the solution.")
        ),
        "category": category,
        "effect": effect_text,
        "effect_source": source_text if effect_text else "",
        "theme_id": _theme(theme_id),
        "state": state,
        **_estimate(co2e_kg_per_year, co2e_source),
    }


def add_solution(
    *,
    company: Company,
    actor: User,
    title: str,
    description: str,
    category: str,
    effect: str = "",
    effect_source: str = "",
    theme_id: int | None = None,
    co2e_kg_per_year: Decimal | None = None,
    co2e_source: str = "",
    state: str = SolutionState.IN_USE,
) -> Solution:
    """Add a "what we already do" solution. Members only; a measured effect and a CO2e
    estimate each need a source; the theme is one of the municipality's plan themes."""
    require_member(company, actor)
    values = _solution_values(
        title=title,
        description=description,
        category=category,
        effect=effect,
        effect_source=effect_source,
        theme_id=theme_id,
        co2e_kg_per_year=co2e_kg_per_year,
        co2e_source=co2e_source,
        state=state,
    )
    with write_transaction():
        solution = Solution(company_id=company.id, **values)
        db.session.add(solution)
    return solution


def update_solution(
    *,
    solution: Solution,
    actor: User,
    title: str,
    description: str,
    category: str,
    effect: str = "",
    effect_source: str = "",
    theme_id: int | None = None,
    co2e_kg_per_year: Decimal | None = None,
    co2e_source: str = "",
    state: str = SolutionState.IN_USE,
) -> Solution:
    """Edit a solution of the actor's own company."""
    company = db.session.get(Company, solution.company_id)
    assert company is not None  # noqa: S101 - the foreign key guarantees it
    require_member(company, actor)
    values = _solution_values(
        title=title,
        description=description,
        category=category,
        effect=effect,
        effect_source=effect_source,
        theme_id=theme_id,
        co2e_kg_per_year=co2e_kg_per_year,
        co2e_source=co2e_source,
        state=state,
    )
    with write_transaction():
        for key, value in values.items():
            setattr(solution, key, value)
    return solution


def delete_solution(*, solution: Solution, actor: User) -> None:
    company = db.session.get(Company, solution.company_id)
    assert company is not None  # noqa: S101
    require_member(company, actor)
    with write_transaction():
        db.session.delete(solution)


def add_pledge(
    *,
    company: Company,
    actor: User,
    title: str,
    description: str,
    target_date: date,
    status: str = PledgeStatus.PLANNED,
    theme_id: int | None = None,
) -> Pledge:
    """A public pledge with a target date, optionally under a plan theme. Members only."""
    require_member(company, actor)
    if status not in set(PledgeStatus):
        raise ValidationError(_l("Choose a status."), field="status")
    theme = _theme(theme_id)
    title_text = required_text(title, field="title", max_length=160, message=_l("Say what you pledge."))
    with write_transaction():
        pledge = Pledge(
            company_id=company.id,
            title=title_text,
            target_date=target_date,
            description=clean_text(description, max_length=2000),
            status=status,
            theme_id=theme,
        )
        db.session.add(pledge)
    return pledge


def set_pledge_status(*, pledge: Pledge, actor: User, status: str) -> Pledge:
    company = db.session.get(Company, pledge.company_id)
    assert company is not None  # noqa: S101
    require_member(company, actor)
    if status not in set(PledgeStatus):
        raise ValidationError(_l("Choose a status."), field="status")
    with write_transaction():
        pledge.status = status
    return pledge


def delete_pledge(*, pledge: Pledge, actor: User) -> None:
    company = db.session.get(Company, pledge.company_id)
    assert company is not None  # noqa: S101
    require_member(company, actor)
    with write_transaction():
        db.session.delete(pledge)
