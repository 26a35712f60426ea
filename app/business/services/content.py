"""What a company shows on its page: solutions and pledges."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.business.models import Company, Pledge, PledgeStatus, Solution, SolutionCategory
from app.business.services.company import require_member, required_text
from app.business.text import clean_text
from app.db import db, write_transaction
from app.errors import ValidationError


def _solution_values(
    *, title: str, description: str, category: str, effect: str, effect_source: str
) -> dict[str, str]:
    if category not in set(SolutionCategory):
        raise ValidationError(_l("Choose a category."), field="category")
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
) -> Solution:
    """Add a "what we already do" solution. Members only; a measured effect needs a source."""
    require_member(company, actor)
    values = _solution_values(
        title=title, description=description, category=category, effect=effect, effect_source=effect_source
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
) -> Solution:
    """Edit a solution of the actor's own company."""
    company = db.session.get(Company, solution.company_id)
    assert company is not None  # noqa: S101 - the foreign key guarantees it
    require_member(company, actor)
    values = _solution_values(
        title=title, description=description, category=category, effect=effect, effect_source=effect_source
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
) -> Pledge:
    """A public pledge with a target date. Members only."""
    require_member(company, actor)
    if status not in set(PledgeStatus):
        raise ValidationError(_l("Choose a status."), field="status")
    title_text = required_text(title, field="title", max_length=160, message=_l("Say what you pledge."))
    with write_transaction():
        pledge = Pledge(
            company_id=company.id,
            title=title_text,
            target_date=target_date,
            description=clean_text(description, max_length=2000),
            status=status,
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
