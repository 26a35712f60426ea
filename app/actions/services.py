"""Use cases that write the ledger: log an action, undo a log (voiding: app.moderation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from flask_babel.speaklater import LazyString
from sqlalchemy import bindparam, func, inspect, select

from app import signals
from app.accounts.models import User
from app.actions.effective import EffectiveAction, effective
from app.actions.models import Action, LogEntry, LogStatus
from app.actions.rules import (
    IDEMPOTENCY_KEY,
    RuleBroken,
    check_daily_cap,
    check_occurred_on,
    co2e_grams_for,
    from_centi,
    parse_quantity,
    points_for,
)
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, DomainError, NotFound, PermissionDenied, ValidationError
from app.i18n import lazy_decimal
from app.leaderboards.services import apply_score_delta
from app.settings import setting, timezone


@dataclass(frozen=True)
class LogResult:
    entry: LogEntry
    created: bool  # False when the idempotency key had been used: the first result is returned
    badges: tuple[str, ...] = ()  # codes of badges this log earned (the UI celebrates them)
    new_level: int | None = None  # the level this log reached, when it crossed a threshold
    challenge_bonus: int = 0  # extra points from the challenges this log counts toward
    celebrations: tuple[str, ...] = ()  # what the toast after the log says (badges, level, bonus)


# Stable codes of the quantity rule, with the message each door shows (the API adds the code).
QUANTITY_MESSAGES = {
    "quantity_not_a_number": _l("Enter the amount as a number, e.g. 2,5."),
    "quantity_not_positive": _l("Enter an amount above 0."),
    "quantity_too_precise": _l("Enter the amount with at most two decimals."),
    "quantity_too_large": _l("That amount is too large."),
}


def _rule_error(broken: RuleBroken, action: EffectiveAction | None) -> ValidationError:
    details = broken.details
    if broken.code == "over_daily_cap" and action is not None:
        locale_unit = LazyString(lambda: action.unit(str(get_locale() or "da")))
        return ValidationError(
            # The unit is a label here ("dag" has no plural in the catalogue), and the numbers
            # are formatted when the message is shown, in that reader's language.
            _l(
                "Daily cap for this action: %(cap)s (unit: %(unit)s). Left today: %(remaining)s.",
                cap=lazy_decimal(Decimal(str(details["cap"]))),
                remaining=lazy_decimal(Decimal(str(details["remaining"]))),
                unit=locale_unit,
            ),
            field="quantity",
            code="over_daily_cap",
        )
    if broken.code == "in_the_future":
        return ValidationError(
            _l("You cannot log something that has not happened yet."),
            field="occurred_on",
            code="in_the_future",
        )
    if broken.code == "too_old":
        return ValidationError(
            _ln(
                "You can log today and up to %(num)s day back.",
                "You can log today and up to %(num)s days back.",
                int(str(details["backdate_days"])),
            ),
            field="occurred_on",
            code="too_old",
        )
    return quantity_error(broken)


def check_log_day(*, occurred_on: date, today: date) -> None:
    """`check_occurred_on` as a service-level refusal (today or BACKDATE_DAYS back), for a
    caller that checks the day once before logging several actions."""
    try:
        check_occurred_on(occurred_on=occurred_on, today=today, backdate_days=int(setting("BACKDATE_DAYS")))
    except RuleBroken as broken:
        raise _rule_error(broken, None) from broken


def quantity_error(broken: RuleBroken) -> ValidationError:
    """The ValidationError for a refused quantity, with the rule's stable code."""
    message = QUANTITY_MESSAGES.get(broken.code, QUANTITY_MESSAGES["quantity_not_positive"])
    return ValidationError(message, field="quantity", code=broken.code)


def parse_log_quantity(raw: object) -> int:
    """`parse_quantity` as a service-level refusal: hundredths, or a ValidationError with the
    rule's code (both doors call the log service, which calls this)."""
    try:
        return parse_quantity(raw)
    except RuleBroken as broken:
        raise quantity_error(broken) from broken


# Made once with bound parameters: they run on every log (SQLAlchemy's compiled cache and the
# tenant criteria are reused, bench/floor.py).
_LOCK_USER = (
    select(User)
    .where(User.id == bindparam("user_id"))
    .with_for_update(of=User)  # the user row only (its area is joined in, nullable side)
    .execution_options(populate_existing=True)
)
_OWN = LogEntry.user_id == bindparam("user_id")
_REPLAY_AND_QUANTITY_TODAY = select(
    select(LogEntry.id).where(_OWN, LogEntry.idempotency_key == bindparam("key")).scalar_subquery(),
    select(func.coalesce(func.sum(LogEntry.quantity_centi), 0))
    .where(
        _OWN,
        LogEntry.action_id == bindparam("action_id"),
        LogEntry.occurred_on == bindparam("day"),
        LogEntry.status == LogStatus.COUNTED,
    )
    .scalar_subquery(),
)


def lock_user(user: User) -> None:
    """Serialise one citizen's writes (PostgreSQL row lock; SQLite already holds the write lock).

    The same statement reloads the row into `user`, so the checks after the lock read the
    values under the lock, with no second query."""
    identity = inspect(user).identity  # not user.id: that would reload the expired row first
    user_id = identity[0] if identity else user.id
    db.session.execute(_LOCK_USER, {"user_id": user_id}).scalar_one()  # fetched: only then is it in `user`


def _replay_and_quantity_today(
    user: User, idempotency_key: str, action: EffectiveAction, day: date
) -> tuple[LogEntry | None, int]:
    """The citizen's log with this key, if any, and the hundredths of `action` they have counted
    on `day`: one statement for both (a replay then reads its row by id)."""
    existing_id, total = db.session.execute(
        _REPLAY_AND_QUANTITY_TODAY,
        {"user_id": user.id, "key": idempotency_key, "action_id": action.id, "day": day},
    ).one()
    existing = db.session.get(LogEntry, existing_id) if existing_id is not None else None
    return existing, int(total or 0)


def _check_can_log(user: User, action: EffectiveAction) -> int:
    if user.is_suspended:
        raise PermissionDenied(_l("Your account is suspended, so you cannot log actions."))
    if user.neighbourhood_id is None:
        raise PermissionDenied(_l("Only citizens with a neighbourhood can log actions."))
    if not action.is_active:
        raise ValidationError(_l("This action has been retired and can no longer be logged."), field="action")
    return user.neighbourhood_id


def log_action(
    *,
    user: User,
    action: Action | EffectiveAction,
    quantity: Decimal | int | float | str,
    occurred_on: date | None = None,
    idempotency_key: str,
    now: datetime | None = None,
) -> LogResult:
    """Log `quantity` units of `action` for `occurred_on` (default: today), once per key.

    Rules: the quantity passes `parse_quantity` (above 0, at most two decimals, at most
    MAX_QUANTITY; text may use a decimal comma) - the web form's text and the API's number
    meet the same rule and the same codes; points, the daily cap and "retired" are this
    municipality's (app/actions/effective.py: its override, else the national value; CO2e is
    always national); the day's total for the action stays within its cap, compared in
    integer hundredths (a log past the cap is refused, no partial credit);
    `occurred_on` is today or up to BACKDATE_DAYS local days back; a repeated key returns the
    first result without crediting again. The ledger row and every score row are written in
    one transaction.

    Game and fairness, in the same transaction: a burst past THROTTLE_MAX_LOGS logs in
    THROTTLE_WINDOW_MINUTES is refused (RateLimited) and logging pauses for the cool-down. The
    time (`now`, unless a caller fixes it) is taken after the citizen's row is locked, so
    concurrent requests are counted in the order they hold the lock and none slips past the
    limit. Challenge credit (bonus points also go into the score rows), badges, level-ups and
    feed lines are written with the log. A refused log still leaves its trace: the burst flag
    and the cap-refusal count are written as their own commit after the refused transaction
    rolled back. Those higher features hook in through app.signals (log_requested,
    log_counted, log_settled, log_refused): this module imports none of them.
    """
    quantity_centi = parse_log_quantity(quantity)
    if not IDEMPOTENCY_KEY.match(idempotency_key or ""):
        raise ValidationError(_l("The request is missing a valid idempotency key."), field="idempotency_key")
    try:
        return _log_once(
            user=user,
            action=effective(action),  # at most one small query; none when the caller has it
            quantity_centi=quantity_centi,
            occurred_on=occurred_on,
            idempotency_key=idempotency_key,
            now=now,
        )
    except DomainError as refused:
        signals.log_refused.send(user, error=refused, now=now or utcnow())
        raise


def _log_once(
    *,
    user: User,
    action: EffectiveAction,
    quantity_centi: int,
    occurred_on: date | None,
    idempotency_key: str,
    now: datetime | None,
) -> LogResult:
    """One attempt at `log_action`, in one transaction."""
    with write_transaction(keep_loaded=True):
        lock_user(user)
        now = now or utcnow()  # after the lock: see log_action
        today = local_date(now, timezone())
        occurred_on = occurred_on or today
        existing, already_centi = _replay_and_quantity_today(user, idempotency_key, action, occurred_on)
        if existing is not None:
            if (existing.action_id, existing.quantity_centi, existing.occurred_on) != (
                action.id,
                quantity_centi,
                occurred_on,
            ):
                raise ConflictError(
                    _l("This idempotency key was already used for another log."),
                    code="idempotency_key_reused",
                )
            return LogResult(entry=existing, created=False)
        neighbourhood_id = _check_can_log(user, action)
        signals.log_requested.send(user, now=now)  # the throttle (app.moderation) may refuse
        try:
            check_occurred_on(
                occurred_on=occurred_on, today=today, backdate_days=int(setting("BACKDATE_DAYS"))
            )
            check_daily_cap(
                quantity_centi=quantity_centi, already_centi=already_centi, cap_centi=action.max_centi_per_day
            )
        except RuleBroken as broken:
            raise _rule_error(broken, action) from broken
        units = from_centi(quantity_centi)
        entry = LogEntry(
            user_id=user.id,
            participant_ref=user.public_id,
            neighbourhood_id=neighbourhood_id,
            action_id=action.id,
            quantity_centi=quantity_centi,
            points=points_for(units, action.points_per_unit),
            co2e_g=co2e_grams_for(units, action.co2e_kg_per_unit),
            occurred_on=occurred_on,
            created_at=now,
            idempotency_key=idempotency_key,
            status=LogStatus.COUNTED,
        )
        db.session.add(entry)
        db.session.flush()
        # Challenge credit first: its bonus goes into the score rows with the log's own points,
        # one upsert per table for both.
        bonus = sum(int(points or 0) for _receiver, points in signals.log_counted.send(entry, today=today))
        apply_score_delta(
            user_id=user.id,
            neighbourhood_id=neighbourhood_id,
            occurred_on=occurred_on,
            points=entry.points,
            co2e_g=entry.co2e_g or 0,
            direction=1,
            participant_ref=entry.participant_ref,
            action_id=action.id,
            category=action.category,
            municipality_id=entry.municipality_id,
            bonus=bonus,
        )
        outcomes = [
            outcome
            for _receiver, outcome in signals.log_settled.send(
                entry, user=user, today=today, now=now, bonus=bonus
            )
            if outcome is not None
        ]
    return LogResult(
        entry=entry,
        created=True,
        challenge_bonus=bonus,
        badges=tuple(code for outcome in outcomes for code in outcome.badges),
        new_level=next((o.new_level for o in outcomes if o.new_level is not None), None),
        celebrations=tuple(text for outcome in outcomes for text in outcome.celebrations),
    )


def take_back_entry(entry: LogEntry, *, status: LogStatus, reason: str | None, now: datetime) -> None:
    """Move a counted ledger row to `status` and subtract it from every score row.

    Runs inside the caller's transaction; shared by the citizen's undo and admin voiding.
    """
    if entry.status != LogStatus.COUNTED:
        raise ConflictError(_l("This log no longer counts."))
    entry.status = status
    entry.status_changed_at = now
    entry.status_reason = reason
    # Before the log's own score rows: the challenge bonus is subtracted while they exist.
    signals.log_taken_back.send(entry)
    apply_score_delta(
        user_id=entry.user_id,  # type: ignore[arg-type]
        neighbourhood_id=entry.neighbourhood_id,
        occurred_on=entry.occurred_on,
        points=entry.points,
        co2e_g=entry.co2e_g or 0,
        direction=-1,
        participant_ref=entry.participant_ref,
        action_id=entry.action_id,
        category=entry.action.category,
        municipality_id=entry.municipality_id,
    )


def undo_log(*, user: User, log_id: int, now: datetime | None = None) -> LogEntry:
    """Take back one of the citizen's own logs, registered today (local day).

    Another citizen's log is reported as not found, so ids reveal nothing.
    """
    now = now or utcnow()
    tz = timezone()
    with write_transaction():
        lock_user(user)
        entry = db.session.get(LogEntry, log_id)
        if entry is None or entry.user_id != user.id:
            raise NotFound(_l("That log does not exist."))
        if local_date(entry.created_at, tz) != local_date(now, tz):
            raise ValidationError(_l("You can only undo logs you registered today."))
        take_back_entry(entry, status=LogStatus.UNDONE, reason=None, now=now)
    return entry
