"""Neighbourhoods: the areas that compete."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.tenancy.models import TenantMixin


class Neighbourhood(TenantMixin, Base):
    __tablename__ = "neighbourhoods"
    __table_args__ = (
        CheckConstraint("population > 0", name="population_positive"),
        UniqueConstraint("municipality_id", "slug"),
        UniqueConstraint("municipality_id", "name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    includes_da: Mapped[str] = mapped_column(String(255), default="")
    includes_en: Mapped[str] = mapped_column(String(255), default="")
    population: Mapped[int] = mapped_column(Integer)
    population_year: Mapped[int | None] = mapped_column(Integer)
    source_da: Mapped[str] = mapped_column(Text, default="")
    source_en: Mapped[str] = mapped_column(Text, default="")

    def includes(self, locale: str) -> str:
        return self.includes_en if locale == "en" else self.includes_da

    def source(self, locale: str) -> str:
        return self.source_en if locale == "en" else self.source_da

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.slug}>"
