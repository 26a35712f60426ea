"""Pre-aggregated score rows: what leaderboards read instead of the ledger."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.tenancy.models import TenantMixin


class UserScore(Base):
    """A citizen's totals for one period (week '2026-W47', month '2026-11' or 'all')."""

    __tablename__ = "user_scores"
    __table_args__ = (Index("ix_user_scores_board", "neighbourhood_id", "period", "period_key", "points"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
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


class DailyActivity(Base):
    """One participant's totals in one category on one local day: custom date ranges and
    category filters read this instead of the ledger (admin dashboard, exports)."""

    __tablename__ = "daily_activity"
    __table_args__ = (Index("ix_daily_activity_day_area", "day", "neighbourhood_id"),)

    participant_ref: Mapped[str] = mapped_column(String(36), primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhoods.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(30), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    co2e_g: Mapped[int] = mapped_column(BigInteger, default=0)
    logs: Mapped[int] = mapped_column(Integer, default=0)


class DailyActionTotal(TenantMixin, Base):
    """One action's totals in one municipality on one local day: the top-actions list for any
    period. Keyed by municipality too: the catalogue is national, so an action's row would
    otherwise count every municipality's logs (reads are scoped like any tenant table)."""

    __tablename__ = "daily_action_totals"
    # A board's date range within one municipality.
    __table_args__ = (Index("ix_daily_action_totals_municipality_day", "municipality_id", "day"),)

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT"), primary_key=True
    )
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    co2e_g: Mapped[int] = mapped_column(BigInteger, default=0)
    logs: Mapped[int] = mapped_column(Integer, default=0)
