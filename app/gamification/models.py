"""Badges held, fairness flags, daily cap-hit counters, feed events and per-action tallies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.actions.rules import from_centi
from app.db import Base, UTCDateTime, utcnow
from app.tenancy.models import TenantMixin


class UserBadge(Base):
    """A badge a citizen has earned. The unique pair makes every badge an award of one."""

    __tablename__ = "user_badges"
    __table_args__ = (UniqueConstraint("user_id", "badge_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    badge_code: Mapped[str] = mapped_column(String(40))
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FlagKind(StrEnum):
    BURST = "burst"  # more logs in a short window than the throttle allows
    CAP_HITS = "cap_hits"  # repeatedly refused for going past daily caps
    OUTLIER = "outlier"  # a day's points far above the area's distribution


class FlagStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Flag(TenantMixin, Base):
    """Something for a moderator to look at. Flags never change points by themselves."""

    __tablename__ = "flags"
    __table_args__ = (
        Index("ix_flags_status_created", "status", "created_at"),
        Index("ix_flags_user_kind_created", "user_id", "kind", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)  # local day it happened on
    # What happened, as a message code and its numbers, worded in the reader's language when
    # shown (app/gamification/flagtext.py). Flags from before that keep their English `details`
    # under the code "legacy".
    code: Mapped[str] = mapped_column(String(20))
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    details: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=FlagStatus.OPEN)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")

    @property
    def is_open(self) -> bool:
        return self.status == FlagStatus.OPEN


class CapHit(Base):
    """How often a citizen was refused for going past a daily cap on one local day."""

    __tablename__ = "cap_hits"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)


class FeedKind(StrEnum):
    ACTION = "action"
    BADGE = "badge"
    LEVEL = "level"
    MILESTONE = "milestone"  # an area passed a CO2e mark
    TARGET = "target"  # a challenge reached its collective target


class FeedEvent(TenantMixin, Base):
    """One line of a neighbourhood feed, written with the log that caused it.

    Who may appear is decided when the feed is read (opt-in, not suspended, log still counted),
    so a citizen who opts out later disappears from past events as well.
    """

    __tablename__ = "feed_events"
    __table_args__ = (
        Index("ix_feed_events_area_id", "neighbourhood_id", "id"),
        Index("ix_feed_events_kind_id", "kind", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    log_id: Mapped[int | None] = mapped_column(ForeignKey("action_logs.id", ondelete="CASCADE"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    badge_code: Mapped[str | None] = mapped_column(String(40))
    value: Mapped[int | None] = mapped_column(BigInteger)  # level number or kg CO2e mark
    # Milestones fire once, even when an undo and a new log cross the mark again.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ActionTally(TenantMixin, Base):
    """Counted logs and quantity per municipality, action and calendar year, for 'most logged
    actions' (keyed by municipality: the catalogue is national)."""

    __tablename__ = "action_tallies"

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT"), primary_key=True
    )
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    logs: Mapped[int] = mapped_column(Integer, default=0)
    quantity_centi: Mapped[int] = mapped_column(BigInteger, default=0)  # hundredths of a unit
    co2e_g: Mapped[int] = mapped_column(BigInteger, default=0)

    @property
    def quantity(self) -> Decimal:
        return from_centi(self.quantity_centi)
