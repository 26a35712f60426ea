"""Partnership use cases (administrators only, every write audited).

The rules: a title of 1–160 characters; a theme, when given, of the municipality's plan; the end
on or after the start; the status moves only as app/partnerships/rules.py allows; a partner is a
company of the municipality or an organisation named in 1–160 characters; a KPI is named, checked
in every 1–3660 days; a check-in is on a day not in the future, with a number. A partnership made
from a sparring request names a completed request of the municipality and gets its company as a
partner. Nothing is saved when a rule refuses (one transaction per call).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit, snapshot
from app.business.models import Company
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, ValidationError
from app.partnerships import rules
from app.partnerships.models import (
    KpiCheckIn,
    Partnership,
    PartnershipKpi,
    PartnershipPartner,
    PartnershipStatus,
)
from app.plan.models import PlanTheme
from app.slugs import unique_slug
from app.sparring.models import SparringRequest
from app.sparring.states import RequestState

TEXT_MAX = 8000
FIELDS = (
    "title",
    "theme_id",
    "status",
    "start_date",
    "end_date",
    "contact_role",
    "published",
    "from_request_id",
)


@dataclass(frozen=True)
class PartnershipInput:
    """The editable fields of a partnership, already shape-checked by a form."""

    title: str
    theme_id: int | None = None
    how_it_arose: str = ""
    what_it_does: str = ""
    advice: str = ""
    start_date: date | None = None
    end_date: date | None = None
    contact_role: str = ""
    from_request_id: int | None = None


@dataclass(frozen=True)
class KpiInput:
    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    check_in_every_days: int = 90


def own_partnership(partnership_id: int) -> Partnership:
    """A scoped SELECT (session.get would answer from the identity map without the criteria)."""
    found = db.session.scalar(select(Partnership).where(Partnership.id == partnership_id))
    if found is None:
        raise NotFound(_l("That partnership does not exist."))
    return found


def completed_request(request_id: int) -> SparringRequest:
    """One of the municipality's sparring requests, completed: only that may become a partnership."""
    found = db.session.scalar(select(SparringRequest).where(SparringRequest.id == request_id))
    if found is None:
        raise NotFound(_l("That sparring request does not exist."))
    if found.state != RequestState.COMPLETED:
        raise ConflictError(_l("Only a completed sparring request can become a partnership."))
    return found


def _validate(data: PartnershipInput) -> None:
    if not 1 <= len(data.title.strip()) <= 160:
        raise ValidationError(_l("Enter a title of at most 160 characters."), field="title")
    for field in ("how_it_arose", "what_it_does", "advice"):
        if len(getattr(data, field) or "") > TEXT_MAX:
            raise ValidationError(_l("At most %(n)s characters.", n=TEXT_MAX), field=field)
    if len(data.contact_role.strip()) > 160:
        raise ValidationError(_l("At most %(n)s characters.", n=160), field="contact_role")
    if data.theme_id is not None and (
        db.session.scalar(select(PlanTheme.id).where(PlanTheme.id == data.theme_id)) is None
    ):
        raise ValidationError(_l("Choose one of the climate plan's themes."), field="theme_id")
    if not rules.dates_in_order(data.start_date, data.end_date):
        raise ValidationError(_l("The end must be on or after the start."), field="end_date")


def _audit(admin: User, verb: str, partnership: Partnership, now: datetime, **changes: object) -> None:
    record_audit(
        actor=admin,
        verb=verb,
        object_type="partnership",
        object_id=partnership.id,
        object_label=partnership.title,
        after=dict(changes) or None,
        now=now,
    )


def save_partnership(
    *, admin: User, data: PartnershipInput, partnership_id: int | None = None, now: datetime | None = None
) -> Partnership:
    """Create (no id, status idea) or edit one of the municipality's partnerships. A new one made
    from a sparring request (`from_request_id`) gets the request's company as its first partner."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        partnership = (
            Partnership(created_at=now, status=PartnershipStatus.IDEA)
            if partnership_id is None
            else own_partnership(partnership_id)
        )
        before = None if partnership_id is None else snapshot(partnership, FIELDS)
        _validate(data)
        request = None
        if partnership_id is None and data.from_request_id is not None:
            request = completed_request(data.from_request_id)
            partnership.from_request_id = request.id
        if partnership_id is None:
            partnership.slug = unique_slug(Partnership, data.title.strip())
        partnership.title = data.title.strip()
        partnership.theme_id = data.theme_id
        partnership.how_it_arose = data.how_it_arose.strip()
        partnership.what_it_does = data.what_it_does.strip()
        partnership.advice = data.advice.strip()
        partnership.start_date = data.start_date
        partnership.end_date = data.end_date
        partnership.contact_role = data.contact_role.strip()
        partnership.updated_at = now
        if partnership_id is None:
            db.session.add(partnership)
            if request is not None:
                partnership.partners.append(PartnershipPartner(company_id=request.company_id, role=""))
        db.session.flush()
        after = snapshot(partnership, FIELDS)
        if before != after:
            record_audit(
                actor=admin,
                verb="create" if before is None else "update",
                object_type="partnership",
                object_id=partnership.id,
                object_label=partnership.title,
                before={k: v for k, v in before.items() if after.get(k) != v} if before else None,
                after={k: v for k, v in after.items() if before is None or before.get(k) != v},
                now=now,
            )
    return partnership


def change_status(
    *, admin: User, partnership_id: int, new_status: str, now: datetime | None = None
) -> Partnership:
    """Move the partnership one allowed step (rules.TRANSITIONS); anything else is a conflict."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        partnership = own_partnership(partnership_id)
        if not rules.can_move(partnership.status, new_status):
            raise ConflictError(
                _l("The partnership cannot move to that status from here."), field="new_status"
            )
        old = partnership.status
        partnership.status = new_status
        partnership.updated_at = now
        record_audit(
            actor=admin,
            verb="state",
            object_type="partnership",
            object_id=partnership.id,
            object_label=partnership.title,
            before={"status": old},
            after={"status": new_status},
            now=now,
        )
    return partnership


def set_published(
    *, admin: User, partnership_id: int, published: bool, now: datetime | None = None
) -> Partnership:
    """Publish (the public page, the catalogue, the API and the other municipalities' admins
    read it) or take back to the municipality only. Setting the same value changes nothing."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        partnership = own_partnership(partnership_id)
        if partnership.published == published:
            return partnership
        partnership.published = published
        partnership.updated_at = now
        _audit(admin, "publish" if published else "unpublish", partnership, now)
    return partnership


def add_partner(
    *,
    admin: User,
    partnership_id: int,
    company_id: int | None,
    organisation: str,
    role: str = "",
    now: datetime | None = None,
) -> PartnershipPartner:
    """Add a company of the municipality, or an organisation by name (exactly one of them)."""
    require_admin(admin)
    now = now or utcnow()
    organisation, role = organisation.strip(), role.strip()
    with write_transaction():
        partnership = own_partnership(partnership_id)
        if (company_id is None) == (not organisation):
            raise ValidationError(
                _l("Choose a company or type the name of an organisation (one of them)."), field="company_id"
            )
        if len(organisation) > 160:
            raise ValidationError(_l("At most %(n)s characters.", n=160), field="organisation")
        if len(role) > 160:
            raise ValidationError(_l("At most %(n)s characters.", n=160), field="role")
        if company_id is not None:
            company = db.session.scalar(select(Company).where(Company.id == company_id))  # scoped
            if company is None:
                raise ValidationError(_l("Choose one of the municipality's companies."), field="company_id")
            if any(p.company_id == company_id for p in partnership.partners):
                raise ConflictError(_l("That company is already a partner."), field="company_id")
        partner = PartnershipPartner(company_id=company_id, organisation_name=organisation, role=role)
        partnership.partners.append(partner)
        partnership.updated_at = now
        db.session.flush()
        _audit(admin, "update", partnership, now, partner=partner.display_name)
    return partner


def remove_partner(*, admin: User, partnership_id: int, partner_id: int, now: datetime | None = None) -> None:
    """Take a partner off the partnership."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        partnership = own_partnership(partnership_id)
        partner = next((p for p in partnership.partners if p.id == partner_id), None)
        if partner is None:
            raise NotFound(_l("That partner is not part of the partnership."))
        name = partner.display_name
        partnership.partners.remove(partner)
        partnership.updated_at = now
        record_audit(
            actor=admin,
            verb="update",
            object_type="partnership",
            object_id=partnership.id,
            object_label=partnership.title,
            before={"partner": name},
            now=now,
        )


def add_kpi(
    *, admin: User, partnership_id: int, data: KpiInput, now: datetime | None = None
) -> PartnershipKpi:
    """A goal with its KPI, checked in every `check_in_every_days` days (1–3660)."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        partnership = own_partnership(partnership_id)
        if not 1 <= len(data.name.strip()) <= 160:
            raise ValidationError(_l("Name the KPI in at most 160 characters."), field="name")
        if len(data.unit.strip()) > 40:
            raise ValidationError(_l("At most %(n)s characters.", n=40), field="unit")
        if not rules.INTERVAL_MIN <= data.check_in_every_days <= rules.INTERVAL_MAX:
            raise ValidationError(_l("Check in every 1 to 3660 days."), field="check_in_every_days")
        for field in ("baseline", "target"):
            value = getattr(data, field)
            if value is not None and not rules.value_ok(value):
                raise ValidationError(_l("Enter a smaller number."), field=field)
        kpi = PartnershipKpi(
            name=data.name.strip(),
            unit=data.unit.strip(),
            baseline=data.baseline,
            target=data.target,
            check_in_every_days=data.check_in_every_days,
            created_at=now,
        )
        partnership.kpis.append(kpi)
        partnership.updated_at = now
        db.session.flush()
        _audit(admin, "update", partnership, now, kpi=kpi.name)
    return kpi


def add_check_in(
    *,
    admin: User,
    partnership_id: int,
    kpi_id: int,
    on_date: date,
    value: Decimal,
    note: str = "",
    today: date,
    now: datetime | None = None,
) -> KpiCheckIn:
    """Record a KPI's value on a day (today or before), with an optional note."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        partnership = own_partnership(partnership_id)
        kpi = next((k for k in partnership.kpis if k.id == kpi_id), None)
        if kpi is None:
            raise NotFound(_l("That KPI is not part of the partnership."))
        if not rules.check_in_day_ok(on_date, today):
            raise ValidationError(_l("A check-in cannot be dated in the future."), field="on_date")
        if not rules.value_ok(value):
            raise ValidationError(_l("Enter a smaller number."), field="value")
        if len(note.strip()) > 1000:
            raise ValidationError(_l("At most %(n)s characters.", n=1000), field="note")
        check_in = KpiCheckIn(
            on_date=on_date, value=value, note=note.strip(), recorded_by_id=admin.id, created_at=now
        )
        kpi.check_ins.append(check_in)
        partnership.updated_at = now
        db.session.flush()
        _audit(admin, "update", partnership, now, kpi=kpi.name, on_date=on_date.isoformat(), value=str(value))
    return check_in
