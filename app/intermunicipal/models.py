"""An inter-municipal challenge, the municipalities taking part and their running totals.

National rows (no TenantMixin): the platform owns the challenge, and its board shows every
municipality that opted in. A municipality's own pages read only its own entry."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.actions.models import Action
from app.db import Base, UTCDateTime, utcnow


class InterChallengeAction(Base):
    __tablename__ = "inter_challenge_actions"

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("inter_challenges.id", ondelete="CASCADE"), primary_key=True
    )
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="RESTRICT"), primary_key=True)


class InterChallenge(Base):
    """[starts_on, ends_on] in local days, both inclusive; the collective target is in the metric's
    unit (points, or kg CO2e) and counts every opted-in municipality together."""

    __tablename__ = "inter_challenges"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="window_ordered"),
        CheckConstraint("target_value > 0", name="target_positive"),
        CheckConstraint("metric IN ('points', 'co2e')", name="metric_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_da: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(String(120))
    description_da: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(10), default="points")
    target_value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actions: Mapped[list[Action]] = relationship(
        secondary="inter_challenge_actions", lazy="selectin", order_by=Action.sort_order
    )

    def __repr__(self) -> str:
        return f"<InterChallenge {self.slug}>"


class InterChallengeEntry(Base):
    """A municipality taking part, with its running totals (what the board reads)."""

    __tablename__ = "inter_challenge_entries"
    __table_args__ = (UniqueConstraint("challenge_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("inter_challenges.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    opted_in_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who opted in is in the audit log, not here.
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    co2e_g: Mapped[int] = mapped_column(BigInteger, default=0)
    logs: Mapped[int] = mapped_column(Integer, default=0)
    participants: Mapped[int] = mapped_column(Integer, default=0)  # citizens with a counted log in it


class InterChallengeParticipant(Base):
    """One citizen's counted logs in the challenge: the entry's participants are the rows above 0."""

    __tablename__ = "inter_challenge_participants"
    __table_args__ = (UniqueConstraint("challenge_id", "participant_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("inter_challenges.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("inter_challenge_entries.id", ondelete="CASCADE"), index=True
    )
    # The log's participant_ref (a random id, not the account): it counts a citizen once, also after
    # the account is deleted, and says nothing about who it was.
    participant_ref: Mapped[str] = mapped_column(String(36))
    logs: Mapped[int] = mapped_column(Integer, default=0)


class InterChallengeCredit(Base):
    """That one log counted in one challenge (so an undo or void takes exactly it back)."""

    __tablename__ = "inter_challenge_credits"
    __table_args__ = (UniqueConstraint("challenge_id", "log_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("inter_challenges.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("inter_challenge_participants.id", ondelete="CASCADE"), index=True
    )
    log_id: Mapped[int] = mapped_column(ForeignKey("action_logs.id", ondelete="CASCADE"), index=True)
