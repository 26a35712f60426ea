"""What other features' pages show of adoptions, as template globals (connected in app/features.py).

The business and sparring pages sit below this feature, so they never import it; their templates
call these instead: the counts and the viewer's own adoption under each solution, a company's
contact requests, and the adoption behind a sparring request.
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from app.business.queries import membership_of
from app.solutions.labels import CONTACT_STATES
from app.solutions.models import Adoption
from app.solutions.queries import AdoptionPanel, adoption_for_request, adoption_panel, contact_requests_for
from app.solutions.rules import may_see_contact


def solution_adoptions(company_id: int) -> AdoptionPanel:
    """Under each solution of a company page: how many want to do it too, and whether the
    viewer's company already does."""
    mine = membership_of(current_user)
    return adoption_panel(company_id, mine.company_id if mine is not None else None)


def contact_requests(company_id: int) -> list[Adoption]:
    return contact_requests_for(company_id)


def request_adoption(request_id: int) -> Adoption | None:
    return adoption_for_request(request_id)


def template_globals() -> dict[str, Any]:
    return {
        "solution_adoptions": solution_adoptions,
        "contact_requests": contact_requests,
        "request_adoption": request_adoption,
        "may_see_contact": may_see_contact,
        "contact_state_names": CONTACT_STATES,
    }
