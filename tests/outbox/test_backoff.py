"""Retries back off exponentially up to a ceiling and never stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.outbox.backoff import next_attempt, retry_delay


def test_delay_doubles_per_failure() -> None:
    delays = [retry_delay(n, base_seconds=60, max_seconds=10_000).total_seconds() for n in range(1, 6)]
    assert delays == [60, 120, 240, 480, 960]


def test_delay_is_capped_and_never_overflows() -> None:
    assert retry_delay(50, base_seconds=60, max_seconds=3600) == timedelta(hours=1)
    assert retry_delay(10_000, base_seconds=60, max_seconds=3600) == timedelta(hours=1)


def test_no_failure_no_delay() -> None:
    assert retry_delay(0, base_seconds=60, max_seconds=3600) == timedelta(0)


def test_next_attempt_adds_the_delay() -> None:
    moment = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    assert next_attempt(moment, 2, base_seconds=30, max_seconds=600) == moment + timedelta(seconds=60)
