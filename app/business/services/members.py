"""Company members and invitations by mail."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import Role, User
from app.business.models import Company, CompanyInvitation, CompanyMember, MemberRole
from app.business.queries import membership_of
from app.business.services.company import require_owner
from app.clock import utcnow
from app.db import db, write_transaction
from app.digest import secret_digest
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.outbox.services import absolute_url, queue_mail
from app.settings import setting


def invite_member(
    *,
    company: Company,
    actor: User,
    email: str,
    accept_link: Callable[[str], str] | None = None,
    now: datetime | None = None,
) -> CompanyInvitation:
    """An owner invites someone by e-mail. The mail (queued in the same transaction) carries a
    random token link; only its hash is stored; it expires after INVITATION_VALID_HOURS and
    works once. The link is built from PUBLIC_BASE_URL, never from the request's Host header
    (`accept_link(token)` replaces it, for tests)."""
    require_owner(company, actor)
    address = email.strip().lower()
    if "@" not in address or len(address) > 254 or any(c.isspace() for c in address):
        raise ValidationError(_l("Enter a valid e-mail address."), field="email")
    moment = now or utcnow()
    token = secrets.token_urlsafe(32)
    hours = int(setting("INVITATION_VALID_HOURS"))
    with write_transaction():
        already = db.session.scalar(
            select(CompanyMember)
            .join(User, User.id == CompanyMember.user_id)
            .where(CompanyMember.company_id == company.id, User.email == address)
        )
        if already is not None:
            raise ConflictError(_l("This person is already a member."), field="email")
        invitation = CompanyInvitation(
            company_id=company.id,
            email=address,
            token_hash=secret_digest(token),
            invited_by_id=actor.id,
            created_at=moment,
            expires_at=moment + timedelta(hours=hours),
        )
        db.session.add(invitation)
        with force_locale(str(setting("BABEL_DEFAULT_LOCALE"))):
            queue_mail(
                to=address,
                kind="company_invitation",
                subject=_("Invitation to %(company)s on Klimadyst", company=company.name),
                body=_(
                    "%(name)s has invited you to join %(company)s's company page on "
                    "Klimadyst.\n\nAccept the invitation here (the link works once and "
                    "expires in %(hours)s hours):\n%(link)s\n\nIf you did not expect this "
                    "mail, you can ignore it.",
                    name=actor.alias,
                    company=company.name,
                    hours=hours,
                    link=(accept_link or _invitation_link)(token),
                ),
            )
    return invitation


def _invitation_link(token: str) -> str:
    return absolute_url("business.invitation", token=token)


def invitation_for_token(token: str, *, now: datetime | None = None) -> CompanyInvitation:
    """The open invitation for a token; NotFound when unknown, used or expired."""
    # Joined to the (scoped) company: another municipality's invitation is unknown here.
    invitation = db.session.scalar(
        select(CompanyInvitation)
        .join(Company, Company.id == CompanyInvitation.company_id)
        .where(CompanyInvitation.token_hash == secret_digest(token))
    )
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= (now or utcnow()):
        raise NotFound(_l("This invitation link is not valid any more. Ask for a new one."))
    return invitation


def accept_invitation(*, token: str, user: User, now: datetime | None = None) -> CompanyMember:
    """Join the company the token invites to. The link works once and only before it expires;
    the account must be a business account with the invited e-mail address, that address
    must be confirmed (the verification mail's link followed: PermissionDenied with code
    `email_unverified` otherwise), and the account must not already belong to a company."""
    moment = now or utcnow()
    with write_transaction():
        invitation = invitation_for_token(token, now=moment)
        if user.role != Role.BUSINESS:
            raise PermissionDenied(_l("Log in with a business account to accept."))
        if user.email != invitation.email:
            raise PermissionDenied(
                _l("This invitation was sent to another e-mail address. Log in with that one.")
            )
        if user.email_verified_at is None:
            raise PermissionDenied(
                _l(
                    "Confirm your e-mail address before you accept: follow the link in the mail "
                    "we sent you, or send the mail again below."
                ),
                code="email_unverified",
            )
        if membership_of(user) is not None:
            raise ConflictError(_l("Your account already belongs to a company."))
        invitation.accepted_at = moment
        invitation.accepted_by_id = user.id
        member = CompanyMember(
            company_id=invitation.company_id, user_id=user.id, role=MemberRole.MEMBER, joined_at=moment
        )
        db.session.add(member)
    return member


def remove_member(*, company: Company, actor: User, user_id: int) -> None:
    """An owner removes a member. Owners cannot be removed this way (a company keeps an owner)."""
    require_owner(company, actor)
    with write_transaction():
        member = db.session.scalar(
            select(CompanyMember).where(
                CompanyMember.company_id == company.id, CompanyMember.user_id == user_id
            )
        )
        if member is None:
            raise NotFound(_l("No such member."))
        if member.is_owner:
            raise PermissionDenied(_l("An owner cannot be removed."))
        db.session.delete(member)
