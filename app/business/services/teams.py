"""Workplace teams: opened by a company, joined by citizens with a code."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import Role, User
from app.business.models import Company, TeamMembership, WorkplaceTeam
from app.business.services.company import require_member, required_text
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.settings import timezone

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
JOIN_CODE_LENGTH = 8


def _new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(WorkplaceTeam.id).where(WorkplaceTeam.join_code == code)) is None:
            return code


def open_team(*, company: Company, actor: User, name: str) -> WorkplaceTeam:
    """Open the company's workplace team (one per company) with a random join code."""
    require_member(company, actor)
    team_name = required_text(name, field="name", max_length=80, message=_l("Give the team a name."))
    with write_transaction():
        if (
            db.session.scalar(select(WorkplaceTeam.id).where(WorkplaceTeam.company_id == company.id))
            is not None
        ):
            raise ConflictError(_l("The company already has a team."))
        team = WorkplaceTeam(company_id=company.id, name=team_name, join_code=_new_join_code())
        db.session.add(team)
    return team


def new_join_code(*, team: WorkplaceTeam, actor: User) -> WorkplaceTeam:
    """Replace the join code (e.g. after it leaked). Members who joined stay."""
    require_member(team.company, actor)
    with write_transaction():
        team.join_code = _new_join_code()
    return team


def join_team(*, user: User, code: str) -> TeamMembership:
    """A citizen joins a workplace team by its code: at most one team, and their
    neighbourhood stays as it is. The team counts the member's logs from the local day of
    joining on (points from before that day stay out of the team's total)."""
    if user.role != Role.CITIZEN:
        raise PermissionDenied(_l("Only citizens join workplace teams."))
    with write_transaction():
        team = db.session.scalar(select(WorkplaceTeam).where(WorkplaceTeam.join_code == code.strip().upper()))
        if team is None:
            raise ValidationError(_l("No team has this code. Check it with your workplace."), field="code")
        current = db.session.get(TeamMembership, user.id)
        if current is not None:
            if current.team_id == team.id:
                raise ConflictError(_l("You are already on this team."), field="code")
            raise ConflictError(_l("You are already on a workplace team. Leave it first."), field="code")
        now = utcnow()
        membership = TeamMembership(
            user_id=user.id, team_id=team.id, joined_at=now, joined_on=local_date(now, timezone())
        )
        db.session.add(membership)
    return membership


def leave_team(*, user: User) -> None:
    """Leave the workplace team. Points already earned stay in the citizen's own score."""
    with write_transaction():
        membership = db.session.get(TeamMembership, user.id)
        if membership is None:
            raise NotFound(_l("You are not on a workplace team."))
        db.session.delete(membership)
