"""Neighbourhoods: the areas that compete."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Neighbourhood(Base):
    __tablename__ = "neighbourhoods"
    __table_args__ = (CheckConstraint("population > 0", name="population_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    includes: Mapped[str] = mapped_column(String(255), default="")
    population: Mapped[int] = mapped_column(Integer)
    population_year: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.slug}>"
