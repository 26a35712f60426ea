"""A municipality's climate plan, its themes and measures, and which plan areas feed which theme."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime, utcnow
from app.tenancy.models import TenantMixin


class ClimatePlan(TenantMixin, Base):
    """The municipality's climate plan (one per municipality): baseline and targets, with source.

    `baseline_emissions_t` may be unknown (NULL): the pages then say so and nothing is derived
    from it. `citizen_target_mode` is "typed" (the vision target an admin types) or "derived"
    (app/plan/rules.py:derived_citizen_target_kg from the baseline, the target and
    `citizen_share_pct`)."""

    __tablename__ = "climate_plans"
    __table_args__ = (
        UniqueConstraint("municipality_id"),
        CheckConstraint("target_2030_pct BETWEEN 0 AND 100", name="target_pct_range"),
        CheckConstraint("national_2030_pct BETWEEN 0 AND 100", name="national_pct_range"),
        CheckConstraint("citizen_share_pct BETWEEN 0 AND 100", name="citizen_share_range"),
        CheckConstraint("citizen_target_mode IN ('typed', 'derived')", name="target_mode"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    adopted_on: Mapped[date | None] = mapped_column(Date)
    baseline_year: Mapped[int] = mapped_column(Integer)
    baseline_emissions_t: Mapped[int | None] = mapped_column(Integer)
    baseline_note: Mapped[str] = mapped_column(Text, default="")
    target_2030_pct: Mapped[int] = mapped_column(Integer)
    neutral_year: Mapped[int] = mapped_column(Integer, default=2050)
    national_2030_pct: Mapped[int] = mapped_column(Integer, default=70)
    citizen_target_mode: Mapped[str] = mapped_column(String(10), default="typed")
    citizen_share_pct: Mapped[int | None] = mapped_column(Integer)
    source_label: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<ClimatePlan {self.title!r}>"


class PlanTheme(TenantMixin, Base):
    """A theme of the plan (Køge: Varmeforsyning, El, Landbrug, Mobilitet, Forbrug, Klimatilpasning).
    Other features point at `plan_themes.id` (solutions, pledges, partnerships)."""

    __tablename__ = "plan_themes"
    __table_args__ = (UniqueConstraint("municipality_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60))
    name_da: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_da: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    source_label: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")

    measures: Mapped[list[PlanMeasure]] = relationship(
        back_populates="theme",
        order_by="PlanMeasure.sort_order, PlanMeasure.code",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<PlanTheme {self.slug}>"


class PlanMeasure(TenantMixin, Base):
    """A measure ("tiltag") of the plan under one theme, e.g. "M1"."""

    __tablename__ = "plan_measures"
    __table_args__ = (UniqueConstraint("municipality_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("plan_themes.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    title_da: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    description_da: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(Text, default="")

    theme: Mapped[PlanTheme] = relationship(back_populates="measures")

    def __repr__(self) -> str:
        return f"<PlanMeasure {self.code}>"


class PlanAreaTheme(TenantMixin, Base):
    """Which of the municipality's themes a national plan area (app/plan/areas.py) feeds: an action
    or offer with that area counts under this theme. One theme per area and municipality."""

    __tablename__ = "plan_area_themes"

    # The municipality is part of the key (one mapping per area and municipality).
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT"), primary_key=True
    )
    plan_area: Mapped[str] = mapped_column(String(20), primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("plan_themes.id", ondelete="CASCADE"), index=True)
