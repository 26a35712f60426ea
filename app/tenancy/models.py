"""The municipality (tenant) table and the mixins that tie a row to one municipality."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from app.db import Base, UTCDateTime, utcnow


class Municipality(Base):
    """A municipality on the platform. Its address is `<slug>.<PLATFORM_DOMAIN>`, or its own
    `host_name` (a custom domain) when one is set."""

    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    host_name: Mapped[str | None] = mapped_column(String(253), unique=True)
    inhabitants: Mapped[int] = mapped_column(Integer)
    inhabitants_year: Mapped[int | None] = mapped_column(Integer)
    inhabitants_source: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class TenantMixin:
    """A row owned by one municipality. Reads see only the current municipality's rows and new
    rows are stamped with it (app/tenancy/scoping.py); nobody sets the column by hand."""

    @declared_attr
    def municipality_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("municipalities.id", ondelete="RESTRICT"), index=True)


class SharedOrTenantMixin:
    """A row that is national (NULL: shown in every municipality) or one municipality's own.
    Reads see the national rows and the current municipality's; a new row written in a
    municipality is its own, one written in platform scope is national."""

    @declared_attr
    def municipality_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("municipalities.id", ondelete="RESTRICT"), index=True, nullable=True)
