"""A case: one municipality's account of a challenge, a partnership or a campaign, for the others."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow
from app.tenancy.models import TenantMixin


class CaseKind(StrEnum):
    CHALLENGE = "challenge"
    PARTNERSHIP = "partnership"
    CAMPAIGN = "campaign"


class CaseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


# The languages a case may be written in; the text is shown as written, tagged with its language.
CASE_LANGUAGES = ("da", "en")


class Case(TenantMixin, Base):
    """Written once, in one language (`language`), by the publishing municipality (the tenant).

    Numbers are free text in `results`, plus optional figures (participants, points, CO2e) that
    the pages show as numbers. A challenge case keeps `challenge_template`, a snapshot of the
    challenge taken when it is published, so another municipality can copy it even after the
    challenge itself is deleted (`challenge_id` is then NULL).
    """

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("kind IN ('challenge', 'partnership', 'campaign')", name="kind_known"),
        CheckConstraint("status IN ('draft', 'published')", name="status_known"),
        CheckConstraint("language IN ('da', 'en')", name="language_known"),
        Index("ix_cases_status_published_at", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5), default="da")
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(Text, default="")
    what_was_done: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[int | None] = mapped_column(Integer)
    points_total: Mapped[int | None] = mapped_column(BigInteger)
    co2e_kg: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.DRAFT)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL"), index=True
    )
    # {"slug", "title_da", "title_en", "description_da", "description_en", "action_slugs",
    #  "reward_kind", "reward_value", "target_metric", "target_value", "duration_days"}
    challenge_template: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    @property
    def is_published(self) -> bool:
        return self.status == CaseStatus.PUBLISHED

    def __repr__(self) -> str:
        return f"<Case {self.id} {self.kind}>"
