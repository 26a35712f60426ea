"""The usual day and always-do marks as use cases: every rule, each entry on its own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.actions.models import MAX_USUAL_DAY_ITEMS, Action, LogEntry
from app.actions.queries import always_do_marks, usual_day_items
from app.actions.routines import (
    EntryStatus,
    entry_key,
    log_usual_day,
    mark_always,
    save_todays_logs_as_usual_day,
    save_usual_day,
    unmark_always,
)
from app.actions.services import log_action
from app.db import db, write_transaction
from app.errors import PermissionDenied, ValidationError
from app.settings import local_today
from tests.conftest import Person

pytestmark = pytest.mark.usefixtures("frozen_day")

BIKE, PLANT, BUS = "cykel-frem-for-bil", "plantebaseret-dag", "kollektiv-frem-for-bil"


@pytest.fixture
def user(ctx: Flask, citizen: Person) -> User:
    return db.session.get_one(User, citizen.id)


def _action(slug: str) -> Action:
    action = db.session.scalar(select(Action).where(Action.slug == slug))
    assert action is not None
    return action


def _logs() -> int:
    return int(db.session.scalar(select(func.count()).select_from(LogEntry)) or 0)


def _keys(*slugs: str, prefix: str = "k") -> dict[str, str]:
    return {slug: f"{prefix}-key-{slug}"[:64] for slug in slugs}


def test_save_keeps_the_order_and_the_amounts(user: User) -> None:
    save_usual_day(user=user, items=[(PLANT, "1"), (BIKE, "12,5")])
    assert [(i.action.slug, i.quantity_centi) for i in usual_day_items(user)] == [(PLANT, 100), (BIKE, 1250)]
    save_usual_day(user=user, items=[(BIKE, "3"), (PLANT, "1")])  # reordered, replaced
    assert [(i.action.slug, i.position) for i in usual_day_items(user)] == [(BIKE, 0), (PLANT, 1)]
    save_usual_day(user=user, items=[])
    assert usual_day_items(user) == []


@pytest.mark.parametrize(
    ("items", "field", "code"),
    [
        ([("teleporterede", "1")], "items.0.action", "unknown_action"),
        ([(BIKE, "1"), (BIKE, "2")], "items.1.action", "duplicate_action"),
        ([(BIKE, "0")], "items.0.quantity", "quantity_not_positive"),
        ([(BIKE, "abc")], "items.0.quantity", "quantity_not_a_number"),
        ([(BIKE, "2,555")], "items.0.quantity", "quantity_too_precise"),
        ([(PLANT, "1"), (BIKE, "61")], "items.1.quantity", "over_daily_cap"),  # the bike's cap is 60 km
    ],
)
def test_save_refuses_bad_items_and_keeps_the_old_day(
    user: User, items: list[tuple[str, str]], field: str, code: str
) -> None:
    save_usual_day(user=user, items=[(BUS, "4")])
    with pytest.raises(ValidationError) as refused:
        save_usual_day(user=user, items=items)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert [i.action.slug for i in usual_day_items(user)] == [BUS]


def test_save_refuses_more_than_the_maximum(user: User) -> None:
    slugs = list(db.session.scalars(select(Action.slug).where(Action.is_active.is_(True))))
    assert len(slugs) > MAX_USUAL_DAY_ITEMS
    with pytest.raises(ValidationError) as refused:
        save_usual_day(user=user, items=[(slug, "1") for slug in slugs[: MAX_USUAL_DAY_ITEMS + 1]])
    assert refused.value.code == "too_many_items"
    assert usual_day_items(user) == []


def _retire(slug: str) -> None:
    with write_transaction():
        _action(slug).is_active = False


def test_a_retired_action_cannot_be_added_and_is_skipped_when_logging(user: User) -> None:
    save_usual_day(user=user, items=[(BIKE, "5"), (PLANT, "1")])
    _retire(PLANT)
    with pytest.raises(ValidationError) as refused:
        save_usual_day(user=user, items=[(PLANT, "1")])
    assert refused.value.code == "action_retired"
    outcome = log_usual_day(user=user, occurred_on=None, keys=_keys(BIKE, PLANT))
    assert [(e.action.slug, e.status) for e in outcome.entries] == [
        (BIKE, EntryStatus.LOGGED),
        (PLANT, EntryStatus.SKIPPED),
    ]
    assert _logs() == 1
    assert [i.action.slug for i in usual_day_items(user)] == [BIKE, PLANT]  # kept, shown as retired


def test_log_all_logs_each_entry_with_its_points(user: User) -> None:
    save_usual_day(user=user, items=[(BIKE, "5"), (PLANT, "1")])
    outcome = log_usual_day(user=user, occurred_on=None, keys=_keys(BIKE, PLANT))
    assert [e.status for e in outcome.entries] == [EntryStatus.LOGGED, EntryStatus.LOGGED]
    assert outcome.points == 10 + 15
    assert (outcome.logged, outcome.refused) == (2, 0)
    keys = set(db.session.scalars(select(LogEntry.idempotency_key)))
    assert keys == set(_keys(BIKE, PLANT).values())  # one key per entry


def test_the_same_keys_again_log_nothing_twice(user: User) -> None:
    save_usual_day(user=user, items=[(BIKE, "5"), (PLANT, "1")])
    log_usual_day(user=user, occurred_on=None, keys=_keys(BIKE, PLANT))
    again = log_usual_day(user=user, occurred_on=None, keys=_keys(BIKE, PLANT))
    assert [e.replayed for e in again.entries] == [True, True]
    assert _logs() == 2


def test_each_entry_keeps_its_daily_cap_partial_success(user: User) -> None:
    log_action(user=user, action=_action(BIKE), quantity="58", idempotency_key="earlier-bike-1")
    save_usual_day(user=user, items=[(BIKE, "5"), (PLANT, "1")])
    outcome = log_usual_day(user=user, occurred_on=None, keys=_keys(BIKE, PLANT))
    bike, plant = outcome.entries
    assert bike.status == EntryStatus.REFUSED
    assert bike.error is not None
    assert bike.error.code == "over_daily_cap"
    assert plant.status == EntryStatus.LOGGED
    assert _logs() == 2


def test_the_throttle_refuses_the_rest_with_its_reason(app: Flask, user: User) -> None:
    app.config["THROTTLE_MAX_LOGS"] = 1
    save_usual_day(user=user, items=[(BIKE, "5"), (PLANT, "1"), (BUS, "3")])
    outcome = log_usual_day(user=user, occurred_on=None, keys=_keys(BIKE, PLANT, BUS))
    assert [e.status for e in outcome.entries] == [
        EntryStatus.LOGGED,
        EntryStatus.REFUSED,
        EntryStatus.REFUSED,
    ]
    assert {e.error.code for e in outcome.entries[1:] if e.error} == {"throttled"}
    assert _logs() == 1


def test_an_entry_without_a_key_is_refused_as_stale(user: User) -> None:
    save_usual_day(user=user, items=[(BIKE, "5"), (PLANT, "1")])
    outcome = log_usual_day(user=user, occurred_on=None, keys=_keys(BIKE))
    assert outcome.entries[1].error is not None
    assert outcome.entries[1].error.code == "stale_page"
    assert _logs() == 1


def test_the_day_is_checked_once_and_the_empty_day_refused(user: User) -> None:
    with pytest.raises(ValidationError) as empty:
        log_usual_day(user=user, occurred_on=None, keys={})
    assert empty.value.code == "usual_day_empty"
    save_usual_day(user=user, items=[(BIKE, "5")])
    with pytest.raises(ValidationError) as old:
        log_usual_day(user=user, occurred_on=local_today() - timedelta(days=3), keys=_keys(BIKE))
    assert old.value.code == "too_old"
    yesterday = log_usual_day(user=user, occurred_on=local_today() - timedelta(days=1), keys=_keys(BIKE))
    assert yesterday.entries[0].result is not None
    assert yesterday.entries[0].result.entry.occurred_on == local_today() - timedelta(days=1)


def test_a_suspended_citizen_is_refused_as_a_whole(user: User) -> None:
    save_usual_day(user=user, items=[(BIKE, "5")])
    with write_transaction():
        user.is_suspended = True
    with pytest.raises(PermissionDenied):
        log_usual_day(user=user, occurred_on=None, keys=_keys(BIKE))
    assert _logs() == 0


def test_todays_logs_become_the_usual_day(user: User) -> None:
    with pytest.raises(ValidationError) as nothing:
        save_todays_logs_as_usual_day(user=user)
    assert nothing.value.code == "nothing_today"
    log_action(user=user, action=_action(PLANT), quantity="1", idempotency_key="today-plant-1")
    log_action(user=user, action=_action(BIKE), quantity="4", idempotency_key="today-bike-01")
    log_action(user=user, action=_action(BIKE), quantity="2,5", idempotency_key="today-bike-02")
    log_action(
        user=user,
        action=_action(BUS),
        quantity="3",
        occurred_on=local_today() - timedelta(days=1),
        idempotency_key="yesterday-bus",
    )
    save_todays_logs_as_usual_day(user=user)
    assert [(i.action.slug, i.quantity_centi) for i in usual_day_items(user)] == [(PLANT, 100), (BIKE, 650)]


def test_entry_keys_are_deterministic_and_valid() -> None:
    from app.actions.rules import IDEMPOTENCY_KEY

    assert entry_key("request-key-1", BIKE) == entry_key("request-key-1", BIKE)
    assert entry_key("request-key-1", BIKE) != entry_key("request-key-1", PLANT)
    assert entry_key("request-key-1", BIKE) != entry_key("request-key-2", BIKE)
    assert IDEMPOTENCY_KEY.match(entry_key("x" * 64, "a" * 80))


def test_marks_are_unique_and_retired_actions_cannot_be_marked(user: User, make_user: Any) -> None:
    assert mark_always(user=user, action=_action(PLANT)) is True
    assert mark_always(user=user, action=_action(PLANT)) is False
    assert mark_always(user=user, action=_action(BIKE)) is True
    assert [m.action.slug for m in always_do_marks(user)] == [BIKE, PLANT]  # the catalogue's order
    _retire(BIKE)
    assert [m.action.slug for m in always_do_marks(user)] == [PLANT, BIKE]  # retired last
    with pytest.raises(ValidationError):
        mark_always(user=user, action=_action(BIKE))
    assert unmark_always(user=user, action=_action(BIKE)) is True
    assert unmark_always(user=user, action=_action(BIKE)) is False
    assert [m.action.slug for m in always_do_marks(user)] == [PLANT]
