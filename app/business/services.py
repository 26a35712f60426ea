"""Company use cases: register and edit, verify, members and invitations, solutions, pledges,
workplace teams."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, User
from app.business.cvr import CvrProblem, cvr_problem, normalise_cvr
from app.business.models import (
    Company,
    CompanyInvitation,
    CompanyMember,
    MemberRole,
    Pledge,
    PledgeStatus,
    Sector,
    SizeBand,
    Solution,
    SolutionCategory,
    TeamMembership,
    WorkplaceTeam,
)
from app.business.queries import is_municipality, membership_of
from app.business.text import clean_text, clean_web_link, slugify
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from app.digest import secret_digest
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.neighbourhoods.models import Neighbourhood
from app.outbox.services import absolute_url, queue_mail
from app.settings import setting, timezone

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
JOIN_CODE_LENGTH = 8


# --- profile -----------------------------------------------------------------------------------

def _required(value: str | None, *, field: str, max_length: int, message: object) -> str:
    text = clean_text(value, max_length=max_length)
    if not text:
        raise ValidationError(message, field=field)
    return text


def _check_cvr(raw: str, *, exclude_company_id: int | None = None) -> str:
    problem = cvr_problem(raw)
    messages = {
        CvrProblem.DIGITS: _l("A CVR number has digits only."),
        CvrProblem.LENGTH: _l("A CVR number has exactly 8 digits."),
        CvrProblem.CHECKSUM: _l("This is not a valid CVR number. Check the digits."),
    }
    if problem is not None:
        raise ValidationError(messages[problem], field="cvr")
    cvr = normalise_cvr(raw)
    clash = db.session.scalar(select(Company.id).where(Company.cvr == cvr))
    if clash is not None and clash != exclude_company_id:
        raise ConflictError(_l("A company with this CVR number is already registered."),
                            field="cvr")
    return cvr


def _profile_values(
    *, name: str, address: str, neighbourhood_id: int, sector: str, size_band: str,
    website: str | None, contact_name: str, contact_email: str, contact_phone: str, about: str,
) -> dict[str, object]:
    if sector not in set(Sector):
        raise ValidationError(_l("Choose a sector."), field="sector")
    if size_band not in set(SizeBand):
        raise ValidationError(_l("Choose the number of employees."), field="size_band")
    if db.session.get(Neighbourhood, neighbourhood_id) is None:
        raise ValidationError(_l("Choose the neighbourhood."), field="neighbourhood_id")
    link = None
    if website and website.strip():
        link = clean_web_link(website)
        if link is None:
            raise ValidationError(_l("Enter a web address starting with http:// or https://."),
                                  field="website")
    email = contact_email.strip().lower()
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise ValidationError(_l("Enter a valid e-mail address."), field="contact_email")
    return {
        "name": _required(name, field="name", max_length=160,
                          message=_l("Enter the company's name.")),
        "address": _required(address, field="address", max_length=200,
                             message=_l("Enter the address.")),
        "neighbourhood_id": neighbourhood_id, "sector": sector, "size_band": size_band,
        "website": link,
        "contact_name": _required(contact_name, field="contact_name", max_length=120,
                                  message=_l("Enter a contact person.")),
        "contact_email": email,
        "contact_phone": clean_text(contact_phone, max_length=30),
        "about": clean_text(about, max_length=2000),
    }


def _unique_slug(name: str) -> str:
    base = slugify(name)
    slug, number = base, 1
    while db.session.scalar(select(Company.id).where(Company.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def register_company(
    *, owner: User, name: str, cvr: str, address: str, neighbourhood_id: int, sector: str,
    size_band: str, website: str | None, contact_name: str, contact_email: str,
    contact_phone: str = "", about: str = "", is_demo: bool = False,
) -> Company:
    """Register a company with `owner` as its first owner.

    Only business accounts register companies, and a business account belongs to one company.
    The CVR number must pass the modulus-11 check and be unique; the website must be http(s).
    """
    if owner.role != Role.BUSINESS:
        raise PermissionDenied(_l("Only business accounts can register a company."))
    try:
        with write_transaction():
            if membership_of(owner) is not None:
                raise ConflictError(_l("Your account already belongs to a company."))
            values = _profile_values(
                name=name, address=address, neighbourhood_id=neighbourhood_id, sector=sector,
                size_band=size_band, website=website, contact_name=contact_name,
                contact_email=contact_email, contact_phone=contact_phone, about=about)
            company = Company(slug=_unique_slug(str(values["name"])),
                              cvr=_check_cvr(cvr), is_demo=is_demo, **values)
            db.session.add(company)
            db.session.flush()
            db.session.add(CompanyMember(company_id=company.id, user_id=owner.id,
                                         role=MemberRole.OWNER))
    except IntegrityError as exc:  # a simultaneous registration of the same CVR won the race
        raise ConflictError(_l("A company with this CVR number is already registered."),
                            field="cvr") from exc
    return company


def _require_member(company: Company, actor: User) -> CompanyMember:
    membership = membership_of(actor)
    if membership is None or membership.company_id != company.id:
        raise PermissionDenied(_l("Only the company's own members can do this."))
    return membership


def _require_owner(company: Company, actor: User) -> CompanyMember:
    membership = _require_member(company, actor)
    if not membership.is_owner:
        raise PermissionDenied(_l("Only an owner of the company can do this."))
    return membership


def update_company(
    *, company: Company, actor: User, name: str, cvr: str, address: str, neighbourhood_id: int,
    sector: str, size_band: str, website: str | None, contact_name: str, contact_email: str,
    contact_phone: str, about: str, show_sparring_journeys: bool,
) -> Company:
    """Edit the profile. Only the company's own members may; the same checks as registering.
    A changed CVR number removes the verified mark (the municipality checked the old one)."""
    _require_member(company, actor)
    try:
        with write_transaction():
            values = _profile_values(
                name=name, address=address, neighbourhood_id=neighbourhood_id, sector=sector,
                size_band=size_band, website=website, contact_name=contact_name,
                contact_email=contact_email, contact_phone=contact_phone, about=about)
            new_cvr = _check_cvr(cvr, exclude_company_id=company.id)
            if new_cvr != company.cvr:
                company.is_verified, company.verified_at, company.verified_by_id = False, None, None
            company.cvr = new_cvr
            for key, value in values.items():
                setattr(company, key, value)
            company.show_sparring_journeys = show_sparring_journeys
    except IntegrityError as exc:
        raise ConflictError(_l("A company with this CVR number is already registered."),
                            field="cvr") from exc
    return company


def set_company_verified(*, company: Company, actor: User, verified: bool,
                         now: datetime | None = None) -> Company:
    """Mark a company as verified (or remove the mark). Municipality staff and admins only;
    the time and the verifier are recorded."""
    if not is_municipality(actor):
        raise PermissionDenied(_l("Only the municipality can verify companies."))
    with write_transaction():
        company.is_verified = verified
        company.verified_at = (now or utcnow()) if verified else None
        company.verified_by_id = actor.id if verified else None
    return company


# --- members and invitations -------------------------------------------------------------------

def invite_member(
    *, company: Company, actor: User, email: str,
    accept_link: Callable[[str], str] | None = None, now: datetime | None = None,
) -> CompanyInvitation:
    """An owner invites someone by e-mail. The mail (queued in the same transaction) carries a
    random token link; only its hash is stored; it expires after INVITATION_VALID_HOURS and
    works once. The link is built from PUBLIC_BASE_URL, never from the request's Host header
    (`accept_link(token)` replaces it, for tests)."""
    _require_owner(company, actor)
    address = email.strip().lower()
    if "@" not in address or len(address) > 254 or any(c.isspace() for c in address):
        raise ValidationError(_l("Enter a valid e-mail address."), field="email")
    moment = now or utcnow()
    token = secrets.token_urlsafe(32)
    hours = int(setting("INVITATION_VALID_HOURS"))
    with write_transaction():
        already = db.session.scalar(
            select(CompanyMember).join(User, User.id == CompanyMember.user_id)
            .where(CompanyMember.company_id == company.id, User.email == address))
        if already is not None:
            raise ConflictError(_l("This person is already a member."), field="email")
        invitation = CompanyInvitation(
            company_id=company.id, email=address, token_hash=secret_digest(token),
            invited_by_id=actor.id, created_at=moment,
            expires_at=moment + timedelta(hours=hours))
        db.session.add(invitation)
        with force_locale(str(setting("BABEL_DEFAULT_LOCALE"))):
            queue_mail(
                to=address, kind="company_invitation",
                subject=_("Invitation to %(company)s on Klimadyst", company=company.name),
                body=_("%(name)s has invited you to join %(company)s's company page on "
                       "Klimadyst.\n\nAccept the invitation here (the link works once and "
                       "expires in %(hours)s hours):\n%(link)s\n\nIf you did not expect this "
                       "mail, you can ignore it.",
                       name=actor.alias, company=company.name, hours=hours,
                       link=(accept_link or _invitation_link)(token)),
            )
    return invitation


def _invitation_link(token: str) -> str:
    return absolute_url("business.invitation", token=token)


def invitation_for_token(token: str, *, now: datetime | None = None) -> CompanyInvitation:
    """The open invitation for a token; NotFound when unknown, used or expired."""
    invitation = db.session.scalar(
        select(CompanyInvitation).where(CompanyInvitation.token_hash == secret_digest(token)))
    if (invitation is None or invitation.accepted_at is not None
            or invitation.expires_at <= (now or utcnow())):
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
                _l("This invitation was sent to another e-mail address. Log in with that one."))
        if user.email_verified_at is None:
            raise PermissionDenied(
                _l("Confirm your e-mail address before you accept: follow the link in the mail "
                   "we sent you, or send the mail again below."), code="email_unverified")
        if membership_of(user) is not None:
            raise ConflictError(_l("Your account already belongs to a company."))
        invitation.accepted_at = moment
        invitation.accepted_by_id = user.id
        member = CompanyMember(company_id=invitation.company_id, user_id=user.id,
                               role=MemberRole.MEMBER, joined_at=moment)
        db.session.add(member)
    return member


def remove_member(*, company: Company, actor: User, user_id: int) -> None:
    """An owner removes a member. Owners cannot be removed this way (a company keeps an owner)."""
    _require_owner(company, actor)
    with write_transaction():
        member = db.session.scalar(select(CompanyMember).where(
            CompanyMember.company_id == company.id, CompanyMember.user_id == user_id))
        if member is None:
            raise NotFound(_l("No such member."))
        if member.is_owner:
            raise PermissionDenied(_l("An owner cannot be removed."))
        db.session.delete(member)


# --- solutions and pledges ---------------------------------------------------------------------

def _solution_values(*, title: str, description: str, category: str, effect: str,
                     effect_source: str) -> dict[str, str]:
    if category not in set(SolutionCategory):
        raise ValidationError(_l("Choose a category."), field="category")
    effect_text = clean_text(effect, max_length=200)
    source_text = clean_text(effect_source, max_length=300)
    if effect_text and not source_text:
        raise ValidationError(_l("Say where the measured effect comes from."),
                              field="effect_source")
    return {
        "title": _required(title, field="title", max_length=160,
                           message=_l("Give the solution a title.")),
        "description": _required(description, field="description", max_length=3000,
                                 message=_l("Describe the solution.")),
        "category": category, "effect": effect_text,
        "effect_source": source_text if effect_text else "",
    }


def add_solution(*, company: Company, actor: User, title: str, description: str, category: str,
                 effect: str = "", effect_source: str = "") -> Solution:
    """Add a "what we already do" solution. Members only; a measured effect needs a source."""
    _require_member(company, actor)
    values = _solution_values(title=title, description=description, category=category,
                              effect=effect, effect_source=effect_source)
    with write_transaction():
        solution = Solution(company_id=company.id, **values)
        db.session.add(solution)
    return solution


def update_solution(*, solution: Solution, actor: User, title: str, description: str,
                    category: str, effect: str = "", effect_source: str = "") -> Solution:
    """Edit a solution of the actor's own company."""
    company = db.session.get(Company, solution.company_id)
    assert company is not None  # noqa: S101 - the foreign key guarantees it
    _require_member(company, actor)
    values = _solution_values(title=title, description=description, category=category,
                              effect=effect, effect_source=effect_source)
    with write_transaction():
        for key, value in values.items():
            setattr(solution, key, value)
    return solution


def delete_solution(*, solution: Solution, actor: User) -> None:
    company = db.session.get(Company, solution.company_id)
    assert company is not None  # noqa: S101
    _require_member(company, actor)
    with write_transaction():
        db.session.delete(solution)


def add_pledge(*, company: Company, actor: User, title: str, description: str,
               target_date: date, status: str = PledgeStatus.PLANNED) -> Pledge:
    """A public pledge with a target date. Members only."""
    _require_member(company, actor)
    if status not in set(PledgeStatus):
        raise ValidationError(_l("Choose a status."), field="status")
    title_text = _required(title, field="title", max_length=160,
                           message=_l("Say what you pledge."))
    with write_transaction():
        pledge = Pledge(company_id=company.id, title=title_text, target_date=target_date,
                        description=clean_text(description, max_length=2000), status=status)
        db.session.add(pledge)
    return pledge


def set_pledge_status(*, pledge: Pledge, actor: User, status: str) -> Pledge:
    company = db.session.get(Company, pledge.company_id)
    assert company is not None  # noqa: S101
    _require_member(company, actor)
    if status not in set(PledgeStatus):
        raise ValidationError(_l("Choose a status."), field="status")
    with write_transaction():
        pledge.status = status
    return pledge


def delete_pledge(*, pledge: Pledge, actor: User) -> None:
    company = db.session.get(Company, pledge.company_id)
    assert company is not None  # noqa: S101
    _require_member(company, actor)
    with write_transaction():
        db.session.delete(pledge)


# --- workplace teams ---------------------------------------------------------------------------

def _new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(WorkplaceTeam.id).where(WorkplaceTeam.join_code == code)) \
                is None:
            return code


def open_team(*, company: Company, actor: User, name: str) -> WorkplaceTeam:
    """Open the company's workplace team (one per company) with a random join code."""
    _require_member(company, actor)
    team_name = _required(name, field="name", max_length=80,
                          message=_l("Give the team a name."))
    with write_transaction():
        if db.session.scalar(select(WorkplaceTeam.id)
                             .where(WorkplaceTeam.company_id == company.id)) is not None:
            raise ConflictError(_l("The company already has a team."))
        team = WorkplaceTeam(company_id=company.id, name=team_name, join_code=_new_join_code())
        db.session.add(team)
    return team


def new_join_code(*, team: WorkplaceTeam, actor: User) -> WorkplaceTeam:
    """Replace the join code (e.g. after it leaked). Members who joined stay."""
    _require_member(team.company, actor)
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
        team = db.session.scalar(select(WorkplaceTeam).where(
            WorkplaceTeam.join_code == code.strip().upper()))
        if team is None:
            raise ValidationError(_l("No team has this code. Check it with your workplace."),
                                  field="code")
        current = db.session.get(TeamMembership, user.id)
        if current is not None:
            if current.team_id == team.id:
                raise ConflictError(_l("You are already on this team."), field="code")
            raise ConflictError(_l("You are already on a workplace team. Leave it first."),
                                field="code")
        now = utcnow()
        membership = TeamMembership(user_id=user.id, team_id=team.id, joined_at=now,
                                    joined_on=local_date(now, timezone()))
        db.session.add(membership)
    return membership


def leave_team(*, user: User) -> None:
    """Leave the workplace team. Points already earned stay in the citizen's own score."""
    with write_transaction():
        membership = db.session.get(TeamMembership, user.id)
        if membership is None:
            raise NotFound(_l("You are not on a workplace team."))
        db.session.delete(membership)
