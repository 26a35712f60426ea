"""The live screen's table: the secret link behind the public screen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow
from app.tenancy.models import TenantMixin


class LiveScreenLink(TenantMixin, Base):
    """The unguessable token behind the public live screen. Rotating retires the current row
    (its link stops working at once) and adds a new one."""

    __tablename__ = "live_screen_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
