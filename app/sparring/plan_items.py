"""The sparring offers under each plan theme, with this year's requests: a plan contributor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import case, func, select

from app.db import db
from app.plan.areas import area_of
from app.plan.contributions import ThemeItem, ThemeQuery
from app.sparring.models import SparringRequest, request_offers
from app.sparring.queries import active_offers


def _request_counts(year: int) -> dict[int, tuple[int, int]]:
    """offer id → (requests made in `year`, of which completed), the municipality's requests."""
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    rows = db.session.execute(
        select(
            request_offers.c.offer_id,
            func.count(SparringRequest.id),
            func.coalesce(func.sum(case((SparringRequest.state == "completed", 1), else_=0)), 0),
        )
        .join(SparringRequest, SparringRequest.id == request_offers.c.request_id)
        .where(SparringRequest.created_at >= start, SparringRequest.created_at < end)
        .group_by(request_offers.c.offer_id)
    ).all()
    return {int(offer_id): (int(n), int(done)) for offer_id, n, done in rows}


def sparring_by_theme(query: ThemeQuery) -> Mapping[int, Sequence[ThemeItem]]:
    """Every active offer (national and the municipality's own) whose plan area maps to one of
    the municipality's themes, with its requests made in the year and how many were completed."""
    counts = _request_counts(query.year)
    result: dict[int, list[ThemeItem]] = {}
    for offer in active_offers():
        theme_id = query.area_themes.get(area_of(offer.plan_area) or "")
        if theme_id is None:
            continue
        requests, done = counts.get(offer.id, (0, 0))
        result.setdefault(theme_id, []).append(
            ThemeItem(
                title=offer.title,
                detail=offer.provider,
                url=offer.url or None,
                estimate=False,
                source=offer.source,
                count=requests,
                done=done,
            )
        )
    return result
