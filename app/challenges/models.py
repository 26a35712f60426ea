"""Challenges, the actions they cover, their participants and the credit each log earned."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
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

from app.actions.models import Action
from app.actions.rules import from_centi
from app.db import Base, UTCDateTime, utcnow
from app.tenancy.models import TenantMixin


class ChallengeAction(Base):
    __tablename__ = "challenge_actions"

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True
    )
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="RESTRICT"), primary_key=True)


class Challenge(TenantMixin, Base):
    """A time-boxed campaign: [starts_on, ends_on] in local days, both inclusive."""

    __tablename__ = "challenges"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="window_ordered"),
        CheckConstraint("reward_value > 0", name="reward_positive"),
        Index("ix_challenges_window", "starts_on", "ends_on"),
        UniqueConstraint("municipality_id", "slug"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    title_da: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(String(120))
    description_da: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reward_kind: Mapped[str] = mapped_column(String(20))  # rules.RewardKind
    reward_value: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    target_metric: Mapped[str | None] = mapped_column(String(20))  # rules.TargetMetric
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    actions: Mapped[list[Action]] = relationship(
        secondary="challenge_actions", lazy="selectin", order_by=Action.sort_order
    )

    def __repr__(self) -> str:
        return f"<Challenge {self.slug}>"


class ChallengeParticipant(Base):
    """A citizen who joined, with running totals of what counted toward the challenge.

    The row outlives a deleted account (user_id becomes NULL) so final results stay final.
    """

    __tablename__ = "challenge_participants"
    __table_args__ = (
        UniqueConstraint("challenge_id", "user_id"),
        Index("ix_challenge_participants_area", "challenge_id", "neighbourhood_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id", ondelete="RESTRICT"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    points: Mapped[int] = mapped_column(BigInteger, default=0)  # log points + bonus
    bonus_points: Mapped[int] = mapped_column(BigInteger, default=0)
    quantity_centi: Mapped[int] = mapped_column(BigInteger, default=0)  # hundredths of a unit
    co2e_g: Mapped[int] = mapped_column(BigInteger, default=0)
    logs: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def quantity(self) -> Decimal:
        return from_centi(self.quantity_centi)


class ChallengeCredit(Base):
    """What one log earned in one challenge; counts only while the log is counted."""

    __tablename__ = "challenge_credits"
    __table_args__ = (UniqueConstraint("challenge_id", "log_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("challenge_participants.id", ondelete="CASCADE"))
    log_id: Mapped[int] = mapped_column(ForeignKey("action_logs.id", ondelete="CASCADE"), index=True)
    bonus_points: Mapped[int] = mapped_column(Integer, default=0)
