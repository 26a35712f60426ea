"""The partnerships under way under each plan theme: a plan contributor (app/features.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import url_for
from sqlalchemy import select

from app.db import db
from app.partnerships.labels import status_name
from app.partnerships.models import Partnership
from app.partnerships.rules import UNDER_WAY
from app.plan.contributions import ThemeItem, ThemeQuery


def partnerships_by_theme(query: ThemeQuery) -> Mapping[int, Sequence[ThemeItem]]:
    """The municipality's published partnerships that are agreed, running or completed, each
    under its theme with its status as the detail and a link to its public page, by title.
    Started after the year (`start_date`) they are not yet part of it."""
    theme_ids = [t.id for t in query.themes]
    rows = db.session.scalars(
        select(Partnership)
        .where(
            Partnership.published.is_(True),
            Partnership.theme_id.in_(theme_ids),
            Partnership.status.in_([str(s) for s in UNDER_WAY]),
        )
        .order_by(Partnership.title, Partnership.id)
    )
    result: dict[int, list[ThemeItem]] = {}
    for partnership in rows:
        theme_id = partnership.theme_id
        if theme_id is None or (
            partnership.start_date is not None and partnership.start_date.year > query.year
        ):
            continue
        result.setdefault(theme_id, []).append(
            ThemeItem(
                title=partnership.title,
                detail=status_name(partnership.status),
                url=url_for("partnerships.detail", partnership_slug=partnership.slug),
                estimate=False,
            )
        )
    return result
