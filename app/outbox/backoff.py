"""Pure retry rule: exponential backoff with a ceiling."""

from __future__ import annotations

from datetime import datetime, timedelta


def retry_delay(attempts: int, *, base_seconds: int, max_seconds: int) -> timedelta:
    """Wait base·2^(attempts-1) seconds after the n-th failed attempt, at most max_seconds.

    1 failure → base, 2 → 2·base, 3 → 4·base … so a broken mail server is not hammered, and a
    mail is retried for as long as it takes (it is never given up).
    """
    if attempts < 1:
        return timedelta(0)
    exponent = min(attempts - 1, 30)  # 2**30 · base is far past any ceiling
    return timedelta(seconds=min(base_seconds * 2**exponent, max_seconds))


def next_attempt(failed_at: datetime, attempts: int, *, base_seconds: int, max_seconds: int) -> datetime:
    return failed_at + retry_delay(attempts, base_seconds=base_seconds, max_seconds=max_seconds)
