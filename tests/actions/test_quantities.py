"""Quantities in integer hundredths: exact sums, exact caps, one rule and its codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action, LogEntry
from app.actions.services import log_action
from app.clock import local_date
from app.db import db
from app.errors import ValidationError
from app.features import rebuild_derived_rows
from app.gamification.models import ActionTally
from tests.conftest import Person

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _action(slug: str) -> Action:
    action = db.session.scalar(select(Action).where(Action.slug == slug))
    assert action is not None
    return action


def _log(person: Person, slug: str, quantity: object, key: str, now: datetime = NOW) -> LogEntry:
    return log_action(
        user=db.session.get(User, person.id),
        action=_action(slug),
        quantity=quantity,
        occurred_on=local_date(now),
        idempotency_key=key,
        now=now,
    ).entry


def _tally(slug: str) -> ActionTally:
    tally = db.session.scalar(select(ActionTally).where(ActionTally.action_id == _action(slug).id))
    assert tally is not None
    return tally


def test_many_logs_of_a_tenth_sum_exactly_and_rebuild_agrees(citizen: Person, ctx: Flask) -> None:
    # 0.1 has no exact float: a REAL/NUMERIC sum on SQLite drifts (2695.1600000000035)
    for n in range(59):
        _log(citizen, "cykel-frem-for-bil", "0,1", f"tenth-{n:04d}", NOW + timedelta(minutes=n))
    entry = _log(citizen, "cykel-frem-for-bil", 0.1, "tenth-last", NOW + timedelta(minutes=59))
    assert entry.quantity_centi == 10
    assert entry.quantity == Decimal("0.10")
    tally = _tally("cykel-frem-for-bil")
    assert (tally.logs, tally.quantity_centi, tally.quantity) == (60, 600, Decimal("6.00"))
    incremental = (tally.logs, tally.quantity_centi, tally.co2e_g)
    rebuild_derived_rows()
    db.session.expire_all()
    tally = _tally("cykel-frem-for-bil")
    assert (tally.logs, tally.quantity_centi, tally.co2e_g) == incremental


def test_the_daily_cap_compares_hundredths(citizen: Person, ctx: Flask) -> None:
    # "Undgik madspild" has a cap of 1 a day: ten tenths fill it exactly, not one hundredth more
    for n in range(10):
        _log(citizen, "undgik-madspild", "0.1", f"cap-{n:04d}", NOW + timedelta(minutes=n))
    with pytest.raises(ValidationError) as refused:
        _log(citizen, "undgik-madspild", "0.01", "cap-over", NOW + timedelta(minutes=11))
    assert refused.value.code == "over_daily_cap"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (2.555, "quantity_too_precise"),
        ("2,555", "quantity_too_precise"),
        (0.004, "quantity_too_precise"),
        (0, "quantity_not_positive"),
        ("-1", "quantity_not_positive"),
        (1e9, "quantity_too_large"),
        ("abc", "quantity_not_a_number"),
    ],
)
def test_the_log_service_refuses_bad_quantities_with_a_code(
    citizen: Person, ctx: Flask, raw: object, code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _log(citizen, "cykel-frem-for-bil", raw, "bad-quantity")
    assert (refused.value.code, refused.value.field) == (code, "quantity")
    assert db.session.scalar(select(LogEntry.id)) is None
