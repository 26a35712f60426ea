"""The admin-set yearly CO2e target and the municipality's climate-plan goals, as data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow
from app.tenancy.models import TenantMixin


class VisionTarget(TenantMixin, Base):
    """How many kg CO2e the citizens together aim to save in a calendar year."""

    __tablename__ = "vision_targets"
    __table_args__ = (CheckConstraint("target_co2e_kg > 0", name="target_positive"),)

    # One target per municipality and year: the municipality is part of the key.
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    target_co2e_kg: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ClimateGoal(TenantMixin, Base):
    """A goal of the municipality's climate plan (e.g. DK2020), with the document it comes from."""

    __tablename__ = "climate_goals"
    __table_args__ = (UniqueConstraint("municipality_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    title_da: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    body_da: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    source_label: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
