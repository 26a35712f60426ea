"""Admin-owned tables: the history of setting overrides and the live screen's secret link."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class SettingChange(Base):
    """One change of an admin-editable setting. The newest row per name is the current value;
    a row with no value means "back to the configured default". Rows are never updated."""

    __tablename__ = "setting_changes"
    __table_args__ = (Index("ix_setting_changes_name_id", "name", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    value: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class LiveScreenLink(Base):
    """The unguessable token behind the public live screen. Rotating retires the current row
    (its link stops working at once) and adds a new one."""

    __tablename__ = "live_screen_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
