"""A climate partnership (KL's catalogue form), its partners, its KPIs and their check-ins."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.business.models import Company
from app.db import Base, UTCDateTime, utcnow
from app.plan.models import PlanTheme
from app.tenancy.models import TenantMixin


class PartnershipStatus(StrEnum):
    IDEA = "idea"
    AGREED = "agreed"
    RUNNING = "running"
    COMPLETED = "completed"
    STOPPED = "stopped"


class Partnership(TenantMixin, Base):
    """One partnership of the municipality, written in KL's catalogue form: how it arose, what
    it does, advice to others. Public (page, catalogue, API, the other municipalities' admins)
    only while `published`. Partners, KPIs and check-ins are reached through it."""

    __tablename__ = "partnerships"
    __table_args__ = (
        UniqueConstraint("municipality_id", "slug"),
        CheckConstraint(
            "status IN ('idea', 'agreed', 'running', 'completed', 'stopped')", name="status_known"
        ),
        CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR end_date >= start_date", name="dates_in_order"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(160))
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_themes.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=PartnershipStatus.IDEA)
    how_it_arose: Mapped[str] = mapped_column(Text, default="")
    what_it_does: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # A role ("Klimakoordinator, Køge Kommune"), never a person's name: the page is public.
    contact_role: Mapped[str] = mapped_column(String(160), default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    from_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("sparring_requests.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    theme: Mapped[PlanTheme | None] = relationship(lazy="joined")
    partners: Mapped[list[PartnershipPartner]] = relationship(
        back_populates="partnership", order_by="PartnershipPartner.id", cascade="all, delete-orphan"
    )
    kpis: Mapped[list[PartnershipKpi]] = relationship(
        back_populates="partnership", order_by="PartnershipKpi.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Partnership {self.slug}>"


class PartnershipPartner(Base):
    """A partner: a company of the municipality in the app, or another organisation by name."""

    __tablename__ = "partnership_partners"
    __table_args__ = (
        CheckConstraint("company_id IS NOT NULL OR organisation_name <> ''", name="company_or_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), index=True)
    # CASCADE: a deleted company leaves the partnership (its name was only ever read through it).
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    organisation_name: Mapped[str] = mapped_column(String(160), default="")
    role: Mapped[str] = mapped_column(String(160), default="")

    partnership: Mapped[Partnership] = relationship(back_populates="partners")
    company: Mapped[Company | None] = relationship(lazy="joined")

    @property
    def display_name(self) -> str:
        return self.company.name if self.company is not None else self.organisation_name


class PartnershipKpi(Base):
    """A goal with a measurable KPI, checked in every `check_in_every_days` days."""

    __tablename__ = "partnership_kpis"
    __table_args__ = (CheckConstraint("check_in_every_days BETWEEN 1 AND 3660", name="interval_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    target: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    check_in_every_days: Mapped[int] = mapped_column(Integer, default=90)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    partnership: Mapped[Partnership] = relationship(back_populates="kpis")
    check_ins: Mapped[list[KpiCheckIn]] = relationship(
        back_populates="kpi", order_by="KpiCheckIn.on_date, KpiCheckIn.id", cascade="all, delete-orphan"
    )


class KpiCheckIn(Base):
    """One measurement of a KPI on a day, with who recorded it (SET NULL: the value outlives the
    account; erasure unlinks it too)."""

    __tablename__ = "kpi_check_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("partnership_kpis.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    kpi: Mapped[PartnershipKpi] = relationship(back_populates="check_ins")
    recorded_by: Mapped[User | None] = relationship()
