"""Pre-aggregated score rows: what leaderboards read instead of the ledger."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class UserScore(Base):
    """A citizen's totals for one period (week '2026-W47', month '2026-11' or 'all')."""

    __tablename__ = "user_scores"
    __table_args__ = (
        Index("ix_user_scores_board", "neighbourhood_id", "period", "period_key", "points"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    period_key: Mapped[str] = mapped_column(String(10), primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"))
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    co2e_g: Mapped[int] = mapped_column(BigInteger, default=0)
    logs: Mapped[int] = mapped_column(Integer, default=0)


class NeighbourhoodScore(Base):
    """An area's totals and number of active participants for one period."""

    __tablename__ = "neighbourhood_scores"

    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhoods.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    period_key: Mapped[str] = mapped_column(String(10), primary_key=True)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    co2e_g: Mapped[int] = mapped_column(BigInteger, default=0)
    logs: Mapped[int] = mapped_column(Integer, default=0)
    participants: Mapped[int] = mapped_column(Integer, default=0)
