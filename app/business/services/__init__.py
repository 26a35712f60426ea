"""Company use cases: register and edit, verify, members and invitations, solutions, pledges,
workplace teams. One module per sub-feature; callers import the use cases from here."""

from __future__ import annotations

from app.business.services.company import register_company, set_company_verified, update_company
from app.business.services.content import (
    add_pledge,
    add_solution,
    delete_pledge,
    delete_solution,
    set_pledge_status,
    update_solution,
)
from app.business.services.members import (
    accept_invitation,
    invitation_for_token,
    invite_member,
    remove_member,
)
from app.business.services.teams import join_team, leave_team, new_join_code, open_team

__all__ = [
    "accept_invitation",
    "add_pledge",
    "add_solution",
    "delete_pledge",
    "delete_solution",
    "invitation_for_token",
    "invite_member",
    "join_team",
    "leave_team",
    "new_join_code",
    "open_team",
    "register_company",
    "remove_member",
    "set_company_verified",
    "set_pledge_status",
    "update_company",
    "update_solution",
]
