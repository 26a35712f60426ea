"""Human names of the business feature's codes (sectors, sizes, categories, statuses)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.business.models import MemberRole, PledgeStatus, Sector, SizeBand, SolutionCategory, SolutionState

SECTORS = {
    Sector.MANUFACTURING: _l("Manufacturing"),
    Sector.CONSTRUCTION: _l("Construction and crafts"),
    Sector.RETAIL: _l("Retail"),
    Sector.HOSPITALITY: _l("Hotels, restaurants and cafés"),
    Sector.TRANSPORT: _l("Transport and logistics"),
    Sector.FOOD: _l("Food and agriculture"),
    Sector.ENERGY: _l("Energy and utilities"),
    Sector.SERVICES: _l("Offices and services"),
    Sector.HEALTH: _l("Health and care"),
    Sector.CULTURE: _l("Culture, sport and leisure"),
    Sector.OTHER: _l("Other"),
}

SIZE_BANDS = {
    SizeBand.MICRO: _l("1-9 employees"),
    SizeBand.SMALL: _l("10-49 employees"),
    SizeBand.MEDIUM: _l("50-249 employees"),
    SizeBand.LARGE: _l("250 or more employees"),
}

SOLUTION_CATEGORIES = {
    SolutionCategory.ENERGY: _l("Energy"),
    SolutionCategory.TRANSPORT: _l("Transport"),
    SolutionCategory.CIRCULAR: _l("Materials and recycling"),
    SolutionCategory.FOOD: _l("Food"),
    SolutionCategory.WATER: _l("Water"),
    SolutionCategory.NATURE: _l("Nature and biodiversity"),
    SolutionCategory.PEOPLE: _l("Staff and habits"),
    SolutionCategory.OTHER: _l("Other"),
}

SOLUTION_STATES = {
    SolutionState.PLANNED: _l("Planned"),
    SolutionState.IN_PROGRESS: _l("Being introduced"),
    SolutionState.IN_USE: _l("In use"),
}

PLEDGE_STATUSES = {
    PledgeStatus.PLANNED: _l("Planned"),
    PledgeStatus.UNDER_WAY: _l("Under way"),
    PledgeStatus.ACHIEVED: _l("Achieved"),
    PledgeStatus.DROPPED: _l("Dropped"),
}

MEMBER_ROLES = {MemberRole.OWNER: _l("Owner"), MemberRole.MEMBER: _l("Member")}


def business_labels() -> dict[str, object]:
    """For templates: {{ sector_names[company.sector] }} and friends."""
    return {
        "sector_names": SECTORS,
        "size_names": SIZE_BANDS,
        "solution_category_names": SOLUTION_CATEGORIES,
        "solution_state_names": SOLUTION_STATES,
        "pledge_status_names": PLEDGE_STATUSES,
        "member_role_names": MEMBER_ROLES,
    }
