"""Companies, their members and invitations, green solutions, pledges and workplace teams."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import Base, UTCDateTime, utcnow
from app.neighbourhoods.models import Neighbourhood
from app.plan.models import PlanTheme
from app.tenancy.models import TenantMixin


class Sector(StrEnum):
    MANUFACTURING = "manufacturing"
    CONSTRUCTION = "construction"
    RETAIL = "retail"
    HOSPITALITY = "hospitality"
    TRANSPORT = "transport"
    FOOD = "food"
    ENERGY = "energy"
    SERVICES = "services"
    HEALTH = "health"
    CULTURE = "culture"
    OTHER = "other"


class SizeBand(StrEnum):
    MICRO = "1-9"
    SMALL = "10-49"
    MEDIUM = "50-249"
    LARGE = "250+"


class MemberRole(StrEnum):
    OWNER = "owner"
    MEMBER = "member"


class SolutionCategory(StrEnum):
    ENERGY = "energy"
    TRANSPORT = "transport"
    CIRCULAR = "circular"
    FOOD = "food"
    WATER = "water"
    NATURE = "nature"
    PEOPLE = "people"
    OTHER = "other"


class SolutionState(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    IN_USE = "in_use"


class PledgeStatus(StrEnum):
    PLANNED = "planned"
    UNDER_WAY = "under_way"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class Company(TenantMixin, Base):
    __tablename__ = "companies"
    # A company joins each municipality on its own: slug and CVR number are per municipality.
    __table_args__ = (UniqueConstraint("municipality_id", "slug"), UniqueConstraint("municipality_id", "cvr"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(160))
    # Stored without spaces or prefix; modulus-11 checked by app.business.cvr.
    cvr: Mapped[str] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(200))
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhoods.id", ondelete="RESTRICT"), index=True
    )
    sector: Mapped[str] = mapped_column(String(30), index=True)
    size_band: Mapped[str] = mapped_column(String(10))
    website: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    about: Mapped[str] = mapped_column(Text, default="")
    # The company decides whether completed sparring journeys appear on its public page.
    show_sparring_journeys: Mapped[bool] = mapped_column(Boolean, default=False)
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Fictional companies from the demo seed carry a visible "Demo" label.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    neighbourhood: Mapped[Neighbourhood] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Company {self.slug}>"


class CompanyMember(Base):
    """A business user's seat in a company. A business account belongs to at most one company."""

    __tablename__ = "company_members"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, unique=True
    )
    role: Mapped[str] = mapped_column(String(10), default=MemberRole.MEMBER)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
    company: Mapped[Company] = relationship(lazy="joined")

    @property
    def is_owner(self) -> bool:
        return self.role == MemberRole.OWNER


class CompanyInvitation(Base):
    """An e-mailed invitation. Only a hash of the token is stored; it expires and works once."""

    __tablename__ = "company_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    company: Mapped[Company] = relationship(lazy="joined")


class Solution(Base):
    """Something green the company already does ("what we already do")."""

    __tablename__ = "company_solutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20))
    # Optional measured effect ("−30 % electricity since 2023") and where the figure comes from.
    effect: Mapped[str] = mapped_column(String(200), default="")
    effect_source: Mapped[str] = mapped_column(String(300), default="")
    # The climate plan theme it feeds (one of the municipality's); NULL once that theme is deleted.
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_themes.id", ondelete="SET NULL"), index=True
    )
    # An optional estimate, always shown as one, and where it comes from (required with it).
    co2e_kg_per_year: Mapped[Decimal | None] = mapped_column(Numeric(12, 1))
    co2e_source: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(20), default=SolutionState.IN_USE)
    # Set by the municipality's administrators only: shown first on the vision page.
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    theme: Mapped[PlanTheme | None] = relationship(lazy="joined")
    company: Mapped[Company] = relationship(lazy="joined")


class Pledge(Base):
    """A public promise with a target date and a status."""

    __tablename__ = "company_pledges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=PledgeStatus.PLANNED)
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_themes.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    theme: Mapped[PlanTheme | None] = relationship(lazy="joined")


class WorkplaceTeam(TenantMixin, Base):
    """A company's team in the competition; citizens join it with the join code."""

    __tablename__ = "workplace_teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    company: Mapped[Company] = relationship(lazy="joined")


class TeamMembership(Base):
    """A citizen's workplace team: at most one (user_id is the key); the neighbourhood stays."""

    __tablename__ = "team_memberships"
    __table_args__ = (Index("ix_team_memberships_team", "team_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("workplace_teams.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The local (Europe/Copenhagen) day of joining: the team board counts the member's logs
    # from this day on, read from the per-day aggregates (day granularity).
    joined_on: Mapped[date] = mapped_column(Date)

    team: Mapped[WorkplaceTeam] = relationship(lazy="joined")
