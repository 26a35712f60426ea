"""Register and edit a company, verify it, and the member/owner checks every use case starts with."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, User
from app.business.cvr import CvrProblem, cvr_problem, normalise_cvr
from app.business.models import Company, CompanyMember, MemberRole, Sector, SizeBand
from app.business.queries import is_municipality, membership_of
from app.business.text import clean_text, clean_web_link, slugify
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.neighbourhoods.models import Neighbourhood


def required_text(value: str | None, *, field: str, max_length: int, message: object) -> str:
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
        raise ConflictError(_l("A company with this CVR number is already registered."), field="cvr")
    return cvr


def _profile_values(
    *,
    name: str,
    address: str,
    neighbourhood_id: int,
    sector: str,
    size_band: str,
    website: str | None,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    about: str,
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
            raise ValidationError(
                _l("Enter a web address starting with http:// or https://."), field="website"
            )
    email = contact_email.strip().lower()
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise ValidationError(_l("Enter a valid e-mail address."), field="contact_email")
    return {
        "name": required_text(name, field="name", max_length=160, message=_l("Enter the company's name.")),
        "address": required_text(address, field="address", max_length=200, message=_l("Enter the address.")),
        "neighbourhood_id": neighbourhood_id,
        "sector": sector,
        "size_band": size_band,
        "website": link,
        "contact_name": required_text(
            contact_name, field="contact_name", max_length=120, message=_l("Enter a contact person.")
        ),
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
    *,
    owner: User,
    name: str,
    cvr: str,
    address: str,
    neighbourhood_id: int,
    sector: str,
    size_band: str,
    website: str | None,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    about: str = "",
    is_demo: bool = False,
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
                name=name,
                address=address,
                neighbourhood_id=neighbourhood_id,
                sector=sector,
                size_band=size_band,
                website=website,
                contact_name=contact_name,
                contact_email=contact_email,
                contact_phone=contact_phone,
                about=about,
            )
            company = Company(
                slug=_unique_slug(str(values["name"])), cvr=_check_cvr(cvr), is_demo=is_demo, **values
            )
            db.session.add(company)
            db.session.flush()
            db.session.add(CompanyMember(company_id=company.id, user_id=owner.id, role=MemberRole.OWNER))
    except IntegrityError as exc:  # a simultaneous registration of the same CVR won the race
        raise ConflictError(_l("A company with this CVR number is already registered."), field="cvr") from exc
    return company


def require_member(company: Company, actor: User) -> CompanyMember:
    membership = membership_of(actor)
    if membership is None or membership.company_id != company.id:
        raise PermissionDenied(_l("Only the company's own members can do this."))
    return membership


def require_owner(company: Company, actor: User) -> CompanyMember:
    membership = require_member(company, actor)
    if not membership.is_owner:
        raise PermissionDenied(_l("Only an owner of the company can do this."))
    return membership


def update_company(
    *,
    company: Company,
    actor: User,
    name: str,
    cvr: str,
    address: str,
    neighbourhood_id: int,
    sector: str,
    size_band: str,
    website: str | None,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    about: str,
    show_sparring_journeys: bool,
) -> Company:
    """Edit the profile. Only the company's own members may; the same checks as registering.
    A changed CVR number removes the verified mark (the municipality checked the old one)."""
    require_member(company, actor)
    try:
        with write_transaction():
            values = _profile_values(
                name=name,
                address=address,
                neighbourhood_id=neighbourhood_id,
                sector=sector,
                size_band=size_band,
                website=website,
                contact_name=contact_name,
                contact_email=contact_email,
                contact_phone=contact_phone,
                about=about,
            )
            new_cvr = _check_cvr(cvr, exclude_company_id=company.id)
            if new_cvr != company.cvr:
                company.is_verified, company.verified_at, company.verified_by_id = False, None, None
            company.cvr = new_cvr
            for key, value in values.items():
                setattr(company, key, value)
            company.show_sparring_journeys = show_sparring_journeys
    except IntegrityError as exc:
        raise ConflictError(_l("A company with this CVR number is already registered."), field="cvr") from exc
    return company


def set_company_verified(
    *, company: Company, actor: User, verified: bool, now: datetime | None = None
) -> Company:
    """Mark a company as verified (or remove the mark). Municipality staff and admins only;
    the time and the verifier are recorded."""
    if not is_municipality(actor):
        raise PermissionDenied(_l("Only the municipality can verify companies."))
    with write_transaction():
        company.is_verified = verified
        company.verified_at = (now or utcnow()) if verified else None
        company.verified_by_id = actor.id if verified else None
    return company
