"""The action catalogue and the append-only ledger of logged actions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.actions.rules import from_centi, to_centi
from app.db import Base, UTCDateTime, utcnow
from app.tenancy.models import SharedOrTenantMixin, TenantMixin


class Category(StrEnum):
    TRANSPORT = "transport"
    FOOD = "food"
    HOME = "home"
    WASTE = "waste"
    CONSUMPTION = "consumption"
    COMMUNITY = "community"


class Action(SharedOrTenantMixin, Base):
    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint("points_per_unit >= 0", name="points_not_negative"),
        CheckConstraint("max_units_per_day > 0", name="cap_positive"),
        CheckConstraint("default_quantity > 0", name="default_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_da: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    category: Mapped[str] = mapped_column(String(30), index=True)
    unit_da: Mapped[str] = mapped_column(String(30))
    unit_en: Mapped[str] = mapped_column(String(30))
    # Empty when there is no trustworthy figure: the action earns points but makes no CO2 claim.
    co2e_kg_per_unit: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))
    # Where the CO2e figure comes from, in each language (publication titles stay as published).
    source_da: Mapped[str] = mapped_column(Text, default="")
    source_en: Mapped[str] = mapped_column(Text, default="")
    points_per_unit: Mapped[int] = mapped_column(Integer)
    max_units_per_day: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    default_quantity: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    effort: Mapped[int] = mapped_column(Integer, default=1)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Retired actions keep their history but can no longer be logged.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_da

    def unit(self, locale: str) -> str:
        return self.unit_en if locale == "en" else self.unit_da

    def source(self, locale: str) -> str:
        return self.source_en if locale == "en" else self.source_da

    @property
    def max_centi_per_day(self) -> int:
        """The daily cap in hundredths, as the cap check compares it (the column keeps two
        decimals; an unsaved value with more is rounded as the database would store it)."""
        return to_centi(Decimal(self.max_units_per_day).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    @property
    def has_co2_figure(self) -> bool:
        return self.co2e_kg_per_unit is not None

    def __repr__(self) -> str:
        return f"<Action {self.slug}>"


class LogStatus(StrEnum):
    COUNTED = "counted"
    UNDONE = "undone"  # the citizen took it back the same day
    VOIDED = "voided"  # an admin voided it, with a reason


class LogEntry(TenantMixin, Base):
    """One logged action. Points and CO2e are fixed at log time and never updated in place."""

    __tablename__ = "action_logs"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key", name="uq_action_logs_user_key"),
        CheckConstraint("quantity_centi > 0", name="quantity_positive"),
        Index("ix_action_logs_user_day", "user_id", "occurred_on"),
        Index("ix_action_logs_user_action_day", "user_id", "action_id", "occurred_on"),
        Index("ix_action_logs_day", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # NULL after the citizen deleted their account: the row stays so neighbourhood totals hold.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    participant_ref: Mapped[str] = mapped_column(String(36))
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhoods.id", ondelete="RESTRICT"), index=True
    )
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="RESTRICT"))
    # Hundredths of a unit (2.5 km is 250): integers sum exactly on every database.
    quantity_centi: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    co2e_g: Mapped[int | None] = mapped_column(Integer)
    occurred_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default=LogStatus.COUNTED)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_reason: Mapped[str | None] = mapped_column(Text)

    action: Mapped[Action] = relationship(lazy="joined")

    @property
    def quantity(self) -> Decimal:
        """The quantity in units, for display and exports (2 decimals, exact)."""
        return from_centi(self.quantity_centi)

    @property
    def is_counted(self) -> bool:
        return self.status == LogStatus.COUNTED

    def __repr__(self) -> str:
        return f"<LogEntry {self.id} {self.status}>"


# A citizen's usual day holds at most this many actions (one tap logs them all).
MAX_USUAL_DAY_ITEMS = 12


class UsualDayItem(Base):
    """One action of a citizen's usual day ("Min typiske dag"), with its amount and place."""

    __tablename__ = "usual_day_items"
    __table_args__ = (
        UniqueConstraint("user_id", "action_id", name="uq_usual_day_items_user_action"),
        UniqueConstraint("user_id", "position", name="uq_usual_day_items_user_position"),
        CheckConstraint("quantity_centi > 0", name="quantity_positive"),
        CheckConstraint("position >= 0", name="position_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    quantity_centi: Mapped[int] = mapped_column(Integer)

    action: Mapped[Action] = relationship(lazy="joined")

    @property
    def quantity(self) -> Decimal:
        return from_centi(self.quantity_centi)

    def __repr__(self) -> str:
        return f"<UsualDayItem {self.user_id} {self.position}>"


class AlwaysDoMark(Base):
    """An action the citizen always does ("Gør det allerede"), suggested first on their home."""

    __tablename__ = "always_do_marks"
    __table_args__ = (UniqueConstraint("user_id", "action_id", name="uq_always_do_marks_user_action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    action: Mapped[Action] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<AlwaysDoMark {self.user_id} {self.action_id}>"


class ActionOverride(TenantMixin, Base):
    """One municipality's local values for an action of the national catalogue (points, caps,
    labels, or retired here). CO2e and its source are never overridden: one national figure.
    Read only through app/actions/effective.py."""

    __tablename__ = "action_overrides"
    __table_args__ = (
        UniqueConstraint("municipality_id", "action_id", name="uq_action_overrides_municipality_action"),
        CheckConstraint("points_per_unit >= 0", name="points_not_negative"),
        CheckConstraint("max_units_per_day > 0", name="cap_positive"),
        CheckConstraint("default_quantity > 0", name="default_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    # NULL: the national value applies.
    points_per_unit: Mapped[int | None] = mapped_column(Integer)
    max_units_per_day: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    default_quantity: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    name_da: Mapped[str | None] = mapped_column(String(160))
    name_en: Mapped[str | None] = mapped_column(String(160))
    unit_da: Mapped[str | None] = mapped_column(String(30))
    unit_en: Mapped[str | None] = mapped_column(String(30))
    # Retired here: not listed and not loggable in this municipality; its logs keep counting.
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<ActionOverride {self.municipality_id} {self.action_id}>"
