"""Use cases of a citizen's routines: the usual day ("Min typiske dag") and always-do marks."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from flask_babel.speaklater import LazyString
from sqlalchemy import delete, select

from app.accounts.models import User
from app.actions.effective import EffectiveAction, effective_many
from app.actions.models import MAX_USUAL_DAY_ITEMS, Action, AlwaysDoMark, LogEntry, LogStatus, UsualDayItem
from app.actions.queries import UsualDayRow, action_by_slug, usual_day_items
from app.actions.rules import RuleBroken, from_centi, parse_quantity
from app.actions.services import LogResult, check_log_day, lock_user, log_action, quantity_error
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, DomainError, PermissionDenied, RateLimited, ValidationError
from app.i18n import lazy_decimal
from app.settings import timezone


class EntryStatus(StrEnum):
    LOGGED = "logged"  # counted now, or earlier under the same key (replayed)
    REFUSED = "refused"  # a rule said no (cap, throttle, ...): the error says which
    SKIPPED = "skipped"  # the action was retired: it stays in the usual day, marked


@dataclass(frozen=True)
class EntryOutcome:
    """What happened to one action of the usual day."""

    action: EffectiveAction
    quantity_centi: int
    status: EntryStatus
    result: LogResult | None = None
    error: DomainError | None = None

    @property
    def replayed(self) -> bool:
        return self.result is not None and not self.result.created

    @property
    def points(self) -> int:
        return 0 if self.result is None else self.result.entry.points


@dataclass(frozen=True)
class UsualDayOutcome:
    occurred_on: date
    entries: tuple[EntryOutcome, ...]

    @property
    def logged(self) -> int:
        return sum(1 for e in self.entries if e.status == EntryStatus.LOGGED)

    @property
    def refused(self) -> int:
        return sum(1 for e in self.entries if e.status != EntryStatus.LOGGED)

    @property
    def points(self) -> int:
        return sum(e.points for e in self.entries)


def entry_key(request_key: str, slug: str) -> str:
    """The idempotency key of one action of a usual-day log, derived from the request's key:
    the same request key always gives the same entry keys, so a replay logs nothing twice."""
    digest = hashlib.sha256(f"{request_key}\n{slug}".encode()).hexdigest()
    return f"usual-{digest[:40]}"


def retired_error() -> ValidationError:
    return ValidationError(
        _l("This action has been retired and can no longer be logged."), field="action", code="action_retired"
    )


def _item_error(index: int, error: ValidationError, part: str) -> ValidationError:
    error.field = f"items.{index}.{part}"
    return error


def _checked_item(index: int, slug: str, raw: object, seen: set[int]) -> tuple[EffectiveAction, int]:
    action = action_by_slug(slug)
    if action is None:
        raise _item_error(
            index, ValidationError(_l("There is no such action."), code="unknown_action"), "action"
        )
    if not action.is_active:
        raise _item_error(index, retired_error(), "action")
    if action.id in seen:
        raise _item_error(
            index,
            ValidationError(_l("Each action can be in your usual day once."), code="duplicate_action"),
            "action",
        )
    try:
        centi = parse_quantity(raw)
    except RuleBroken as broken:
        raise _item_error(index, quantity_error(broken), "quantity") from broken
    if centi > action.max_centi_per_day:
        unit = LazyString(lambda: action.unit(str(get_locale() or "da")))
        message = _l(
            "At most %(cap)s %(unit)s per day for this action.",
            cap=lazy_decimal(from_centi(action.max_centi_per_day)),
            unit=unit,
        )
        raise _item_error(index, ValidationError(message, code="over_daily_cap"), "quantity")
    seen.add(action.id)
    return action, centi


def save_usual_day(*, user: User, items: Sequence[tuple[str, object]]) -> list[UsualDayRow]:
    """Replace the citizen's usual day with `items` ((action slug, amount), in order).

    Rules: at most MAX_USUAL_DAY_ITEMS actions (too_many_items); each action exists
    (unknown_action), can still be logged (action_retired) and appears once
    (duplicate_action); each amount passes the log's quantity rule (the same codes) and is
    within the action's daily cap (over_daily_cap). The first broken rule is refused with
    the field `items.<index>.action` or `items.<index>.quantity`; nothing is saved then.
    An empty list clears the usual day.
    """
    if len(items) > MAX_USUAL_DAY_ITEMS:
        raise ValidationError(
            _ln(
                "Your usual day can hold at most %(num)s action.",
                "Your usual day can hold at most %(num)s actions.",
                MAX_USUAL_DAY_ITEMS,
            ),
            field="items",
            code="too_many_items",
        )
    seen: set[int] = set()
    checked = [_checked_item(index, slug, raw, seen) for index, (slug, raw) in enumerate(items)]
    with write_transaction():
        lock_user(user)
        # One statement first: the unit of work would insert the new rows before deleting.
        db.session.execute(delete(UsualDayItem).where(UsualDayItem.user_id == user.id))
        for position, (action, centi) in enumerate(checked):
            db.session.add(
                UsualDayItem(user_id=user.id, action_id=action.id, position=position, quantity_centi=centi)
            )
    return usual_day_items(user)


def save_todays_logs_as_usual_day(*, user: User, now: datetime | None = None) -> list[UsualDayRow]:
    """Make today's counted logs (local day) the usual day: one item per action with the
    day's total amount, in the order they were first logged; retired actions are left out,
    and only the first MAX_USUAL_DAY_ITEMS actions are kept. Nothing logged today is refused
    (nothing_today)."""
    today = local_date(now or utcnow(), timezone())
    totals: dict[str, int] = {}
    entries = list(
        db.session.scalars(
            select(LogEntry)
            .where(
                LogEntry.user_id == user.id,
                LogEntry.occurred_on == today,
                LogEntry.status == LogStatus.COUNTED,
            )
            .order_by(LogEntry.id)
        )
    )
    for entry, action in zip(entries, effective_many(e.action for e in entries), strict=True):
        if action.is_active:  # retired nationally or here: left out
            totals[action.slug] = totals.get(action.slug, 0) + entry.quantity_centi
    if not totals:
        raise ValidationError(
            _l("You have not logged anything today yet, so there is nothing to save."), code="nothing_today"
        )
    chosen = list(totals.items())[:MAX_USUAL_DAY_ITEMS]
    return save_usual_day(user=user, items=[(slug, from_centi(centi)) for slug, centi in chosen])


def _stale() -> ConflictError:
    return ConflictError(
        _l("This action was added after the page was loaded. Reload the page and try again."),
        code="stale_page",
    )


def log_usual_day(
    *, user: User, occurred_on: date | None, keys: Mapping[str, str], now: datetime | None = None
) -> UsualDayOutcome:
    """Log every action of the citizen's usual day for `occurred_on` (default today).

    Each action is an ordinary `log_action`, in its own transaction, under its own
    idempotency key (`keys[slug]`): every rule applies to each entry on its own (daily cap,
    backdating, throttle), a repeated key returns the first result, and a refusal refuses
    that entry only, with its reason. Partial success is the normal answer. Retired actions
    are skipped. Once the throttle refuses an entry, the rest are refused with the same
    reason without trying (each try would count as another refused log). An entry without a
    key is refused (stale_page). Refused as a whole: an empty usual day (usual_day_empty), a
    day outside the backdating window, and a citizen who may not log (suspended).
    """
    items = [(item.action, item.quantity_centi) for item in usual_day_items(user)]
    if not items:
        raise ValidationError(
            _l("Your usual day is empty. Add the actions you do on a usual day first."),
            code="usual_day_empty",
        )
    day = occurred_on or local_date(now or utcnow(), timezone())
    check_log_day(occurred_on=day, today=local_date(now or utcnow(), timezone()))
    entries: list[EntryOutcome] = []
    throttled: DomainError | None = None
    for action, centi in items:
        key = keys.get(action.slug)
        if not action.is_active:
            entries.append(EntryOutcome(action, centi, EntryStatus.SKIPPED, error=retired_error()))
        elif throttled is not None or key is None:
            entries.append(EntryOutcome(action, centi, EntryStatus.REFUSED, error=throttled or _stale()))
        else:
            try:
                result = log_action(
                    user=user,
                    action=action,
                    quantity=from_centi(centi),
                    occurred_on=day,
                    idempotency_key=key,
                    now=now,
                )
            except PermissionDenied:
                raise
            except DomainError as refused:
                if isinstance(refused, RateLimited):
                    throttled = refused
                entries.append(EntryOutcome(action, centi, EntryStatus.REFUSED, error=refused))
            else:
                entries.append(EntryOutcome(action, centi, EntryStatus.LOGGED, result=result))
    return UsualDayOutcome(occurred_on=day, entries=tuple(entries))


def mark_always(*, user: User, action: EffectiveAction) -> bool:
    """Mark `action` as one the citizen always does ("Gør det allerede"); True when new.

    Marking twice is harmless (False). A retired action cannot be marked (action_retired).
    """
    if not action.is_active:
        raise retired_error()
    with write_transaction():
        lock_user(user)
        exists = db.session.scalar(
            select(AlwaysDoMark.id).where(
                AlwaysDoMark.user_id == user.id, AlwaysDoMark.action_id == action.id
            )
        )
        if exists is None:
            db.session.add(AlwaysDoMark(user_id=user.id, action_id=action.id, created_at=utcnow()))
    return exists is None


def unmark_always(*, user: User, action: Action | EffectiveAction) -> bool:
    """Take the always-do mark off `action` (retired or not); True when there was one."""
    with write_transaction():
        lock_user(user)
        removed = db.session.execute(
            delete(AlwaysDoMark).where(AlwaysDoMark.user_id == user.id, AlwaysDoMark.action_id == action.id)
        )
    return bool(removed.rowcount)  # type: ignore[attr-defined]
