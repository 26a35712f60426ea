"""A citizen's reminder and weekly-digest choices, with the markers that make each send once."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class Channel(StrEnum):
    EMAIL = "email"
    PUSH = "push"


class ReminderPreference(Base):
    """One row per citizen who saved the preferences page (no row: nothing is sent).

    weekdays is a bit mask, Monday = bit 0 … Sunday = bit 6. reminder_time is a Copenhagen wall
    time. reminder_sent_on (a local date) and digest_sent_week (an ISO week key) are claimed by
    a conditional UPDATE before anything is sent, so each goes out at most once per local day or
    week, even with two workers.
    """

    __tablename__ = "reminder_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    reminder_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    weekdays: Mapped[int] = mapped_column(Integer, default=0)
    reminder_time: Mapped[time] = mapped_column(Time(), default=lambda: time(19, 0))
    only_if_not_logged: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(10), default=Channel.EMAIL)
    reminder_sent_on: Mapped[date | None] = mapped_column(Date)
    digest_sent_week: Mapped[str | None] = mapped_column(String(10))
    # A reminder whose time today had already passed when it was saved starts the next day.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<ReminderPreference user={self.user_id}>"
