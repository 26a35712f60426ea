"""The burst throttle and the refusal counts, hooked into logging through app.signals."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select

from app.accounts.models import User
from app.actions.models import LogEntry
from app.clock import local_date
from app.db import db, upsert_increment, write_transaction
from app.errors import RateLimited
from app.gamification.models import CapHit, Flag, FlagKind
from app.moderation.flags import raise_flag
from app.moderation.rules import burst_exceeded, cap_hits_flag_due, cooldown_ends, cooling_down
from app.settings import setting, timezone


class Throttled(RateLimited):
    """A log refused by the burst throttle. `new_burst` is True for the refusal that starts a
    cool-down (and raises a flag), False for refusals during the cool-down."""

    def __init__(self, message: Any, *, new_burst: bool, logs_in_window: int, at: datetime) -> None:
        super().__init__(message, field="quantity", code="throttled")
        self.new_burst = new_burst
        self.logs_in_window = logs_in_window
        self.at = at  # the refused log's time, taken under the user-row lock


def _local_time(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(timezone())).strftime("%H:%M")


def _throttle_message(until: datetime) -> Any:
    return _l(
        "You have logged a lot in a short time, so logging is paused until %(time)s. "
        "If something is wrong, contact the municipality.",
        time=_local_time(until),
    )


# Made once with bound parameters: they run on every log (bench/floor.py).
_LAST_BURST = select(func.max(Flag.created_at)).where(
    Flag.user_id == bindparam("user_id"), Flag.kind == FlagKind.BURST
)
_LOGS_IN_WINDOW = (
    select(func.count())
    .select_from(LogEntry)
    .where(
        LogEntry.user_id == bindparam("user_id"),
        LogEntry.created_at > bindparam("since"),
        LogEntry.created_at <= bindparam("now"),
    )
)


def check_throttle(*, user: User, now: datetime) -> None:
    """Refuse the log while a cool-down runs, or when it would make more than THROTTLE_MAX_LOGS
    logs registered within THROTTLE_WINDOW_MINUTES (undone ones included: a burst is a burst).

    Runs inside the log transaction after the user row is locked (the `log_requested` signal),
    and `now` must be taken after that lock too (log_action does): a request that took its time
    before waiting for the lock would not count a log committed meanwhile with a later
    created_at, and one burst could get one log past the limit. The cool-down starts at the
    burst flag's time.
    """
    cooldown = int(setting("THROTTLE_COOLDOWN_MINUTES"))
    last_burst = db.session.scalar(_LAST_BURST, {"user_id": user.id})
    if last_burst is not None and last_burst.tzinfo is None:  # SQLite's max() loses the type
        last_burst = datetime.fromisoformat(str(last_burst)).replace(tzinfo=now.tzinfo)
    if cooling_down(last_burst_at=last_burst, now=now, cooldown_minutes=cooldown):
        until = cooldown_ends(last_burst_at=last_burst, cooldown_minutes=cooldown)  # type: ignore[arg-type]
        raise Throttled(_throttle_message(until), new_burst=False, logs_in_window=0, at=now)
    window = timedelta(minutes=int(setting("THROTTLE_WINDOW_MINUTES")))
    recent = db.session.scalar(_LOGS_IN_WINDOW, {"user_id": user.id, "since": now - window, "now": now}) or 0
    if burst_exceeded(logs_in_window=recent, max_logs=int(setting("THROTTLE_MAX_LOGS"))):
        raise Throttled(
            _throttle_message(now + timedelta(minutes=cooldown)),
            new_burst=True,
            logs_in_window=recent,
            at=now,
        )


def flag_burst(*, user: User, refused: Throttled, now: datetime) -> None:
    """Record the burst that was just refused (own commit; the refused log left nothing)."""
    if not refused.new_burst:
        return
    cooldown = timedelta(minutes=int(setting("THROTTLE_COOLDOWN_MINUTES")))
    with write_transaction():
        # Two requests refused at the same moment start one cool-down, not two flags.
        if (
            db.session.scalar(
                select(Flag.id)
                .where(Flag.user_id == user.id, Flag.kind == FlagKind.BURST, Flag.created_at > now - cooldown)
                .limit(1)
            )
            is not None
        ):
            return
        raise_flag(
            user_id=user.id,
            kind=FlagKind.BURST,
            day=local_date(now, timezone()),
            now=now,
            params={
                "logs": refused.logs_in_window,
                "minutes": int(setting("THROTTLE_WINDOW_MINUTES")),
                "limit": int(setting("THROTTLE_MAX_LOGS")),
                "cooldown": int(setting("THROTTLE_COOLDOWN_MINUTES")),
            },
        )


def note_cap_refusal(*, user: User, now: datetime) -> bool:
    """Count a refusal for going past a daily cap (own commit, the log itself was refused).

    On the CAP_HITS_FLAG_PER_DAY-th refusal of a local day the citizen is flagged, once per day.
    Returns True when a flag was raised.
    """
    day = local_date(now, timezone())
    threshold = int(setting("CAP_HITS_FLAG_PER_DAY"))
    with write_transaction():
        hits = upsert_increment(
            CapHit.__table__,  # type: ignore[arg-type]
            keys={"user_id": user.id, "day": day},
            increments={"hits": 1},
            returning=("hits",),
        ).scalar_one()
        if not cap_hits_flag_due(hits_today=hits, threshold=threshold):
            return False
        raise_flag(user_id=user.id, kind=FlagKind.CAP_HITS, day=day, now=now, params={"refusals": hits})
    return True
