"""Adoptions: a company that wants to do what another company's solution does ("Vi vil også")."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.business.models import Company, Solution
from app.db import Base, UTCDateTime, utcnow
from app.sparring.models import SparringRequest
from app.tenancy.models import TenantMixin


class ContactState(StrEnum):
    """Whether the adopter asked to be put in touch with the solution's company, and its answer."""

    NOT_REQUESTED = "not_requested"
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Adoption(TenantMixin, Base):
    """One company's "we want to do that too" for one solution: made once, as a sparring request.

    Neither company sees the other's contact details unless the solution's company accepts the
    contact request (`contact_state` accepted)."""

    __tablename__ = "solution_adoptions"
    __table_args__ = (
        UniqueConstraint("solution_id", "company_id"),
        CheckConstraint(
            "contact_state IN ('not_requested', 'pending', 'accepted', 'declined')",
            name="contact_state_known",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(
        ForeignKey("company_solutions.id", ondelete="CASCADE"), index=True
    )
    # The adopting company (never the solution's own company).
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    sparring_request_id: Mapped[int] = mapped_column(
        ForeignKey("sparring_requests.id", ondelete="CASCADE"), unique=True
    )
    wants_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_state: Mapped[str] = mapped_column(String(20), default=ContactState.NOT_REQUESTED)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    solution: Mapped[Solution] = relationship(lazy="joined")
    company: Mapped[Company] = relationship(lazy="joined")
    sparring_request: Mapped[SparringRequest] = relationship()

    @property
    def contact_shared(self) -> bool:
        return self.contact_state == ContactState.ACCEPTED

    def __repr__(self) -> str:
        return f"<Adoption {self.solution_id} by {self.company_id} {self.contact_state}>"
