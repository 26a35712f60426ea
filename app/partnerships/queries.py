"""Partnership reads. The municipality's own (every status, for its admins), the published ones
(the public pages and the API), and, deliberately across municipalities, every municipality's
published partnerships for the admins (`published_everywhere`, PLATFORM_OPTION with its own
criterion `published`), as the case library does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from app.db import db
from app.partnerships import rules
from app.partnerships.models import Partnership, PartnershipKpi
from app.partnerships.services import PartnershipInput, completed_request
from app.plan.models import PlanTheme
from app.tenancy.context import PLATFORM_OPTION
from app.tenancy.models import Municipality

LIST_LIMIT = 200

_LOADED = (
    selectinload(Partnership.partners),
    selectinload(Partnership.kpis).selectinload(PartnershipKpi.check_ins),
)


@dataclass(frozen=True)
class KpiStatus:
    """A KPI with its latest check-in day, when the next is due, and whether that has passed."""

    kpi: PartnershipKpi
    last_check_in: date | None
    next_due: date | None
    overdue: bool


def kpi_status(partnership: Partnership, kpi: PartnershipKpi, today: date) -> KpiStatus:
    last = rules.latest(c.on_date for c in kpi.check_ins)
    return KpiStatus(
        kpi=kpi,
        last_check_in=last,
        next_due=rules.next_check_in(
            last_check_in=last, start_date=partnership.start_date, every_days=kpi.check_in_every_days
        ),
        overdue=rules.is_overdue(
            status=partnership.status,
            last_check_in=last,
            start_date=partnership.start_date,
            every_days=kpi.check_in_every_days,
            today=today,
        ),
    )


def is_overdue(partnership: Partnership, today: date) -> bool:
    """Any of its KPIs overdue (rules.is_overdue); a partnership without KPIs never is."""
    return any(kpi_status(partnership, kpi, today).overdue for kpi in partnership.kpis)


# --- The current municipality's own --------------------------------------------------------


def own_partnerships(*, status: str | None = None, theme_id: int | None = None) -> list[Partnership]:
    """The municipality's partnerships, every status, last changed first."""
    statement = select(Partnership).options(*_LOADED)
    if status:
        statement = statement.where(Partnership.status == status)
    if theme_id:
        statement = statement.where(Partnership.theme_id == theme_id)
    return list(db.session.scalars(statement.order_by(Partnership.updated_at.desc(), Partnership.id.desc())))


def own_partnership(partnership_id: int) -> Partnership | None:
    """One of the municipality's own. A SELECT, not session.get: another municipality's row read
    earlier in the request may sit in the identity map."""
    return db.session.scalar(select(Partnership).options(*_LOADED).where(Partnership.id == partnership_id))


def overdue_partnerships(today: date) -> list[Partnership]:
    """The municipality's agreed and running partnerships with an overdue check-in, by title."""
    candidates = db.session.scalars(
        select(Partnership)
        .options(*_LOADED)
        .where(Partnership.status.in_([str(s) for s in rules.FOLLOWED_UP]))
        .order_by(Partnership.title, Partnership.id)
    )
    return [p for p in candidates if is_overdue(p, today)]


def prefill_from_request(request_id: int) -> PartnershipInput:
    """A new partnership from a completed sparring request: its topic as the title, its message
    as how the partnership arose. Refused (409) for a request that is not completed."""
    request = completed_request(request_id)
    return PartnershipInput(title=request.topic, how_it_arose=request.message, from_request_id=request.id)


# --- Published, in the current municipality --------------------------------------------------


def published_partnerships(*, theme_slug: str | None = None, status: str | None = None) -> list[Partnership]:
    """The municipality's published partnerships, by start (newest first), then title."""
    statement = select(Partnership).options(*_LOADED).where(Partnership.published.is_(True))
    if theme_slug:
        statement = statement.join(PlanTheme, PlanTheme.id == Partnership.theme_id).where(
            PlanTheme.slug == theme_slug
        )
    if status:
        statement = statement.where(Partnership.status == status)
    return list(
        db.session.scalars(
            statement.order_by(
                Partnership.start_date.desc().nulls_last(), Partnership.title, Partnership.id
            ).limit(LIST_LIMIT)
        )
    )


def published_partnership(slug: str) -> Partnership | None:
    """One of the municipality's published partnerships; None for an unpublished or unknown one."""
    return db.session.scalar(
        select(Partnership).options(*_LOADED).where(Partnership.slug == slug, Partnership.published.is_(True))
    )


# --- Every municipality's published ones (the admins' shared knowledge) ------------------------


@dataclass(frozen=True)
class PartnershipEntry:
    """A published partnership with the municipality that runs it."""

    partnership: Partnership
    municipality_slug: str
    municipality_name: str
    municipality_host: str | None


def _everywhere() -> Select[Partnership, str, str, str | None]:
    return (
        select(Partnership, Municipality.slug, Municipality.name, Municipality.host_name)
        .join(Municipality, Municipality.id == Partnership.municipality_id)
        .outerjoin(PlanTheme, PlanTheme.id == Partnership.theme_id)
        .where(Partnership.published.is_(True), Municipality.active.is_(True))
        .execution_options(**{PLATFORM_OPTION: True})
    )


def published_everywhere(*, theme: str | None = None) -> list[PartnershipEntry]:
    """Published partnerships of every active municipality, by municipality then title; `theme`
    narrows to those whose theme's name (Danish or English) contains it. At most LIST_LIMIT."""
    statement = _everywhere()
    if theme and theme.strip():
        needle = theme.strip()
        statement = statement.where(
            or_(
                PlanTheme.name_da.icontains(needle, autoescape=True),
                PlanTheme.name_en.icontains(needle, autoescape=True),
            )
        )
    rows = db.session.execute(
        statement.order_by(Municipality.name, Partnership.title, Partnership.id).limit(LIST_LIMIT)
    ).all()
    return [PartnershipEntry(p, slug, name, host) for p, slug, name, host in rows]
