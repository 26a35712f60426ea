"""Sparring offers, requests with their state history, and the comment thread."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.business.models import Company
from app.db import Base, UTCDateTime, utcnow
from app.tenancy.models import SharedOrTenantMixin, TenantMixin


class Scope(StrEnum):
    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"


class Cost(StrEnum):
    FREE = "free"
    SUBSIDISED = "subsidised"
    CO_FUNDED = "co-funded"
    PAID = "paid"


class ContactMethod(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    MEETING = "meeting"
    VIDEO = "video"


class SparringOffer(SharedOrTenantMixin, Base):
    """A real advice offer. Retired offers stay (is_active False) so requests keep their link."""

    __tablename__ = "sparring_offers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    provider: Mapped[str] = mapped_column(String(160))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    cost: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # The national plan area the offer serves (app/plan/areas.py): each municipality's theme for it.
    plan_area: Mapped[str | None] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<SparringOffer {self.slug}>"


# Which offers a request is about; none means general sparring. RESTRICT: offers are retired,
# never deleted while requests point to them.
request_offers = Table(
    "sparring_request_offers",
    Base.metadata,
    Column("request_id", ForeignKey("sparring_requests.id", ondelete="CASCADE"), primary_key=True),
    Column("offer_id", ForeignKey("sparring_offers.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class SparringRequest(TenantMixin, Base):
    """A company's request for sparring, moved through its states by the municipality."""

    __tablename__ = "sparring_requests"
    __table_args__ = (Index("ix_sparring_requests_state_created", "state", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    topic: Mapped[str] = mapped_column(String(160))
    message: Mapped[str] = mapped_column(Text)
    contact_method: Mapped[str] = mapped_column(String(20))
    contact_time: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(20), default="new")
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # One timestamp per state: when the request reached it.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    in_progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    company: Mapped[Company] = relationship(lazy="joined")
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    offers: Mapped[list[SparringOffer]] = relationship(
        secondary=request_offers, order_by=SparringOffer.sort_order
    )

    def __repr__(self) -> str:
        return f"<SparringRequest {self.id} {self.state}>"


class SparringStateChange(Base):
    """The request's history: who moved it from which state to which, and why."""

    __tablename__ = "sparring_state_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("sparring_requests.id", ondelete="CASCADE"), index=True
    )
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor: Mapped[User | None] = relationship()


class CommentSide(StrEnum):
    COMPANY = "company"
    MUNICIPALITY = "municipality"


class SparringComment(Base):
    """One message in the thread between the company and the municipality."""

    __tablename__ = "sparring_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("sparring_requests.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept on the row so the thread still reads right after an author's account is deleted.
    side: Mapped[str] = mapped_column(String(20))
    author_name: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
