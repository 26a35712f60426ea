"""Reads of the catalogue and of a citizen's own logs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import groupby
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select

from app import signals
from app.accounts.models import User
from app.actions.catalogue import CATALOGUE_GENERATION
from app.actions.effective import (
    EffectiveAction,
    effective_actions,
    effective_by_slug,
    effective_many,
    loggable_here,
)
from app.actions.models import Action, AlwaysDoMark, Category, LogEntry, LogStatus, UsualDayItem
from app.cache import generation, remembered_for
from app.clock import Period, local_date, local_day_bounds
from app.db import db, page_of
from app.leaderboards.queries import user_totals_by_period
from app.leaderboards.rebuild import LedgerGroups

CATEGORY_ORDER = [c.value for c in Category]


def _category_rank(action: Action | EffectiveAction) -> tuple[int, int, str]:
    rank = CATEGORY_ORDER.index(action.category) if action.category in CATEGORY_ORDER else 99
    return rank, action.sort_order, action.slug


def active_categories() -> frozenset[str]:
    """The categories of the actions loggable here (the all-categories badge's goal), kept in
    the cache like the home's catalogue: a catalogue change starts a new generation."""
    family = generation(CATALOGUE_GENERATION)
    return remembered_for(
        f"actions:active-categories:{family}",
        int(current_app.config.get("CATALOGUE_FRAGMENT_SECONDS") or 0),
        lambda: frozenset(db.session.scalars(select(Action.category).where(loggable_here()).distinct())),
    )


def active_actions() -> list[EffectiveAction]:
    """The actions loggable in this municipality, with its own values (app/actions/effective.py)."""
    actions = [a for a in effective_actions(Action.is_active.is_(True)) if a.is_active]
    return sorted(actions, key=_category_rank)


def actions_by_category() -> list[tuple[str, list[EffectiveAction]]]:
    """Loggable actions grouped by category, in the catalogue's fixed category order."""
    return [(cat, list(items)) for cat, items in groupby(active_actions(), key=lambda a: a.category)]


def action_by_slug(slug: str) -> EffectiveAction | None:
    """The action as this municipality sees it (retired ones too: the log refuses them)."""
    return effective_by_slug(slug)


@dataclass(frozen=True)
class UsualDayRow:
    """One action of the usual day, the action as this municipality sees it."""

    item: UsualDayItem
    action: EffectiveAction

    @property
    def quantity_centi(self) -> int:
        return self.item.quantity_centi

    @property
    def quantity(self) -> Decimal:
        return self.item.quantity

    @property
    def position(self) -> int:
        return self.item.position


@dataclass(frozen=True)
class MarkRow:
    """One "Gør det allerede" mark, the action as this municipality sees it."""

    mark: AlwaysDoMark
    action: EffectiveAction

    @property
    def action_id(self) -> int:
        return self.mark.action_id

    @property
    def created_at(self) -> datetime:
        return self.mark.created_at


def usual_day_items(user: User) -> list[UsualDayRow]:
    """The citizen's usual day in their order, retired actions included (the pages mark them)."""
    items = list(
        db.session.scalars(
            select(UsualDayItem).where(UsualDayItem.user_id == user.id).order_by(UsualDayItem.position)
        )
    )
    actions = effective_many(item.action for item in items)
    return [UsualDayRow(item, action) for item, action in zip(items, actions, strict=True)]


def always_do_marks(user: User) -> list[MarkRow]:
    """The actions the citizen always does, in the catalogue's order; retired ones last."""
    marks = list(db.session.scalars(select(AlwaysDoMark).where(AlwaysDoMark.user_id == user.id)))
    actions = effective_many(m.action for m in marks)
    rows = [MarkRow(mark, action) for mark, action in zip(marks, actions, strict=True)]
    return sorted(rows, key=lambda m: (not m.action.is_active, *_category_rank(m.action)))


def always_do_ids(user: User) -> set[int]:
    """Ids of the actions the citizen marked as always done."""
    return set(db.session.scalars(select(AlwaysDoMark.action_id).where(AlwaysDoMark.user_id == user.id)))


def todays_logs(user: User, now: datetime, tz: str) -> list[LogEntry]:
    """What the citizen registered today (local day), newest first, whatever its status."""
    start, end = local_day_bounds(local_date(now, tz), tz)
    return list(
        db.session.scalars(
            select(LogEntry)
            .where(LogEntry.user_id == user.id, LogEntry.created_at >= start, LogEntry.created_at < end)
            .order_by(LogEntry.created_at.desc(), LogEntry.id.desc())
        )
    )


@dataclass(frozen=True)
class MyNumbers:
    points_today: int
    points_week: int
    co2e_g_week: int
    points_all: int
    co2e_g_all: int


def _challenge_bonus_on(user_id: int, day: date) -> int:
    """Challenge bonus points of the citizen's counted logs for `day` (they are in the score
    rows, so "today" shows them too); challenges answers through `day_bonus_wanted`."""
    return sum(int(points or 0) for _receiver, points in signals.day_bonus_wanted.send(user_id, day=day))


def my_numbers(user: User, today: date) -> MyNumbers:
    """The citizen's headline numbers: today from their own ledger rows, the rest from scores."""
    points_today = db.session.scalar(
        select(func.coalesce(func.sum(LogEntry.points), 0)).where(
            LogEntry.user_id == user.id, LogEntry.occurred_on == today, LogEntry.status == LogStatus.COUNTED
        )
    )
    bonus_today = _challenge_bonus_on(user.id, today)
    totals = user_totals_by_period(user.id, (Period.WEEK, Period.ALL), today)
    (week_points, week_co2e), (all_points, all_co2e) = totals[Period.WEEK], totals[Period.ALL]
    return MyNumbers(
        points_today=int(points_today or 0) + bonus_today,
        points_week=week_points,
        co2e_g_week=week_co2e,
        points_all=all_points,
        co2e_g_all=all_co2e,
    )


HISTORY_PAGE_SIZE = 30


@dataclass(frozen=True)
class HistoryPage:
    entries: list[LogEntry]
    page: int
    pages: int


def my_log_history(user: User, *, page: int = 1) -> HistoryPage:
    """The citizen's own ledger rows, newest day first, whatever their status (voided ones show
    the administrator's reason)."""
    where = LogEntry.user_id == user.id
    found = page_of(
        select(LogEntry)
        .where(where)
        .order_by(LogEntry.occurred_on.desc(), LogEntry.created_at.desc(), LogEntry.id.desc()),
        page=page,
        per_page=HISTORY_PAGE_SIZE,
    )
    return HistoryPage(entries=found.items, page=found.page, pages=max(1, found.pages))


def logs_page(user: User, *, before_id: int | None, limit: int) -> tuple[list[LogEntry], bool]:
    """The citizen's own ledger rows, newest registration first (keyset on id), any status;
    True when there are more after this page."""
    query = select(LogEntry).where(LogEntry.user_id == user.id)
    if before_id is not None:
        query = query.where(LogEntry.id < before_id)
    rows = list(db.session.scalars(query.order_by(LogEntry.id.desc()).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


def own_log(user: User, log_id: int) -> LogEntry | None:
    """One of the citizen's own ledger rows; None for anyone else's, so ids reveal nothing."""
    entry = db.session.get(LogEntry, log_id)
    return entry if entry is not None and entry.user_id == user.id else None


def ledger_groups(bonuses: Select[*tuple[Any, ...]] | None = None) -> LedgerGroups:
    """The counted ledger grouped as `app.leaderboards.services.rebuild_scores` reads it (the
    ledger's owner writes the queries; leaderboards never reads this table itself)."""
    counted = LogEntry.status == LogStatus.COUNTED
    sums = (func.sum(LogEntry.points), func.sum(func.coalesce(LogEntry.co2e_g, 0)), func.count())
    days = (
        select(
            LogEntry.user_id, LogEntry.participant_ref, LogEntry.neighbourhood_id, LogEntry.occurred_on, *sums
        )
        .where(counted)
        .group_by(LogEntry.user_id, LogEntry.participant_ref, LogEntry.neighbourhood_id, LogEntry.occurred_on)
    )
    activity = (
        select(
            LogEntry.participant_ref, LogEntry.neighbourhood_id, Action.category, LogEntry.occurred_on, *sums
        )
        .join(Action, Action.id == LogEntry.action_id)
        .where(counted)
        .group_by(LogEntry.participant_ref, LogEntry.neighbourhood_id, Action.category, LogEntry.occurred_on)
    )
    action_days = (
        select(LogEntry.municipality_id, LogEntry.action_id, LogEntry.occurred_on, *sums)
        .where(counted)
        .group_by(LogEntry.municipality_id, LogEntry.action_id, LogEntry.occurred_on)
    )
    return LedgerGroups(days=days, activity=activity, action_days=action_days, bonuses=bonuses)
