"""The business side: teams, companies, memberships, invitations and sparring."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.business.models import Company, CompanyInvitation, CompanyMember, TeamMembership, WorkplaceTeam
from app.db import db
from app.privacy.footprint.base import Row, Subject, as_row
from app.solutions.models import Adoption
from app.sparring.models import SparringComment, SparringRequest, SparringStateChange


def team_memberships(s: Subject) -> list[Row]:
    rows = db.session.execute(
        select(TeamMembership.joined_at, WorkplaceTeam.name, Company.name)
        .join(WorkplaceTeam, WorkplaceTeam.id == TeamMembership.team_id)
        .join(Company, Company.id == WorkplaceTeam.company_id)
        .where(TeamMembership.user_id == s.user_id)
    ).all()
    return [as_row(team=team, company=company, joined_at=joined) for joined, team, company in rows]


def company_memberships(s: Subject) -> list[Row]:
    rows = db.session.scalars(select(CompanyMember).where(CompanyMember.user_id == s.user_id))
    return [
        as_row(company=m.company.name, cvr=m.company.cvr, role=m.role, joined_at=m.joined_at) for m in rows
    ]


def companies(s: Subject) -> list[Row]:
    member_of = select(CompanyMember.company_id).where(CompanyMember.user_id == s.user_id)
    rows = db.session.scalars(
        select(Company)
        .where(
            or_(
                Company.id.in_(member_of),
                Company.contact_email == s.email,
                Company.verified_by_id == s.user_id,
            )
        )
        .order_by(Company.id)
    )
    return [
        as_row(
            name=c.name,
            cvr=c.cvr,
            address=c.address,
            website=c.website,
            contact_name=c.contact_name,
            contact_email=c.contact_email,
            contact_phone=c.contact_phone,
            about=c.about,
            created_at=c.created_at,
            you_are_contact=c.contact_email == s.email,
            verified_by_you=c.verified_by_id == s.user_id,
        )
        for c in rows
    ]


def company_invitations(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(CompanyInvitation)
        .where(
            or_(
                CompanyInvitation.email == s.email,
                CompanyInvitation.invited_by_id == s.user_id,
                CompanyInvitation.accepted_by_id == s.user_id,
            )
        )
        .order_by(CompanyInvitation.id)
    )
    # The invitee's address only when it is the person's own: not other people's data.
    return [
        as_row(
            company=i.company.name,
            direction="received" if i.email == s.email else "sent",
            email=i.email if i.email == s.email else None,
            created_at=i.created_at,
            expires_at=i.expires_at,
            accepted_at=i.accepted_at,
        )
        for i in rows
    ]


def sparring_requests(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(SparringRequest)
        .where(or_(SparringRequest.requested_by_id == s.user_id, SparringRequest.assigned_to_id == s.user_id))
        .order_by(SparringRequest.id)
    )
    # Requests only assigned to them (as staff) are the company's: not its message.
    return [
        as_row(
            id=r.id,
            company=r.company.name,
            requested_by_you=r.requested_by_id == s.user_id,
            assigned_to_you=r.assigned_to_id == s.user_id,
            topic=r.topic,
            message=r.message if r.requested_by_id == s.user_id else None,
            offers=", ".join(o.title for o in r.offers),
            contact_method=r.contact_method,
            contact_time=r.contact_time,
            state=r.state,
            created_at=r.created_at,
            state_changed_at=r.state_changed_at,
        )
        for r in rows
    ]


def sparring_state_changes(s: Subject) -> list[Row]:
    mine = select(SparringRequest.id).where(SparringRequest.requested_by_id == s.user_id)
    rows = db.session.scalars(
        select(SparringStateChange)
        .where(or_(SparringStateChange.actor_id == s.user_id, SparringStateChange.request_id.in_(mine)))
        .order_by(SparringStateChange.id)
    )
    return [
        as_row(
            request_id=r.request_id,
            from_state=r.from_state,
            to_state=r.to_state,
            by_you=r.actor_id == s.user_id,
            note=r.note,
            created_at=r.created_at,
        )
        for r in rows
    ]


def sparring_comments(s: Subject) -> list[Row]:
    """Their own comments, and the replies on their requests (art. 15: the thread about their
    request), without the other writers' names."""
    mine = select(SparringRequest.id).where(SparringRequest.requested_by_id == s.user_id)
    rows = db.session.scalars(
        select(SparringComment)
        .where(or_(SparringComment.author_id == s.user_id, SparringComment.request_id.in_(mine)))
        .order_by(SparringComment.id)
    )
    return [
        as_row(
            request_id=c.request_id,
            by_you=c.author_id == s.user_id,
            side=c.side,
            author=c.author_name if c.author_id == s.user_id else None,
            body=c.body,
            created_at=c.created_at,
        )
        for c in rows
    ]


def solution_adoptions(s: Subject) -> list[Row]:
    """Adoptions the person asked for (through their sparring request) or answered."""
    mine = select(SparringRequest.id).where(SparringRequest.requested_by_id == s.user_id)
    rows = db.session.scalars(
        select(Adoption)
        .where(or_(Adoption.decided_by_id == s.user_id, Adoption.sparring_request_id.in_(mine)))
        .order_by(Adoption.id)
    )
    return [
        as_row(
            solution=a.solution.title,
            solution_company=a.solution.company.name,
            adopting_company=a.company.name,
            wants_contact=a.wants_contact,
            contact_state=a.contact_state,
            answered_by_you=a.decided_by_id == s.user_id,
            decided_at=a.decided_at,
            created_at=a.created_at,
        )
        for a in rows
    ]
