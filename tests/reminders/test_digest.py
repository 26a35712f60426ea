"""The Monday digest: last week's numbers, streak, area rank, running challenge, a suggestion."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import time_machine
from flask import Flask
from sqlalchemy import select

from app.actions.models import Action
from app.clock import Period
from app.db import db
from app.leaderboards.queries import user_totals
from tests.admin.samples import make_challenge
from tests.conftest import Person
from tests.reminders.test_sending import log_bike

MONDAY_0700 = datetime(2026, 6, 8, 5, 0, tzinfo=UTC)  # 07:00 in Copenhagen, ISO week 24


def _last_week_logs(app: Flask, person: Person) -> None:
    for day in (5, 6, 7):  # Friday to Sunday of week 23
        log_bike(app, person, now=datetime(2026, 6, day, 10, 0, tzinfo=UTC), key=f"digest-log-0000{day}")


def test_the_digest_says_what_last_week_brought(
    app: Flask, make_user: Any, choose: Any, mails: Any, run_job: Any
) -> None:
    citizen, admin = make_user(), make_user(role="admin")
    choose(citizen, reminder_enabled=False, digest_enabled=True)
    _last_week_logs(app, citizen)
    with time_machine.travel(MONDAY_0700, tick=False):
        make_challenge(app, admin, slug="cykeluge", starts_in_days=-2, days=10)
        report = run_job()
    assert report.digests == 1
    [mail] = mails("digest")
    assert mail.subject == "Din uge 23 i Klimadyst"  # the week the numbers are about
    with app.app_context():
        points, _ = user_totals(citizen.id, Period.WEEK, date(2026, 6, 3))
        fresh = db.session.scalars(
            select(Action)
            .where(Action.is_active.is_(True), Action.slug != "cykel-frem-for-bil")
            .order_by(Action.co2e_kg_per_unit.desc().nulls_last(), Action.sort_order, Action.slug)
        ).first()
        assert fresh is not None
        suggestion = fresh.name_da
        db.session.remove()
    assert points > 0
    body = mail.body
    assert f"- Point i sidste uge: {points}\n" in body
    assert "- Din stribe: 3 dage\n" in body  # Friday, Saturday and Sunday
    assert (
        "- Herfølge blev nr. 1 af 10 områder (efter den fair score, der tager højde for størrelsen).\n"
        in body
    )
    assert "- Igangværende udfordring: Cykeluge (til " in body
    assert f"- Prøv dette i denne uge: {suggestion}\n" in body
    assert mail.list_unsubscribe is not None
    assert "/afmeld/digest." in mail.list_unsubscribe


def test_an_unranked_area_and_no_challenge(
    app: Flask, citizen: Person, choose: Any, mails: Any, run_job: Any
) -> None:
    choose(citizen, reminder_enabled=False, digest_enabled=True)
    with time_machine.travel(MONDAY_0700, tick=False):
        run_job()
    [mail] = mails("digest")
    assert "- Herfølge er ikke placeret endnu: området mangler flere aktive deltagere.\n" in mail.body
    assert "udfordring" not in mail.body
    assert "- Point i sidste uge: 0\n" in mail.body


def test_once_per_week_monday_only(
    app: Flask, citizen: Person, choose: Any, mails: Any, run_job: Any
) -> None:
    choose(citizen, reminder_enabled=False, digest_enabled=True)
    assert run_job(datetime(2026, 6, 8, 4, 59, tzinfo=UTC)).digests == 0  # 06:59
    assert run_job(MONDAY_0700).digests == 1
    assert run_job(datetime(2026, 6, 8, 18, 0, tzinfo=UTC)).digests == 0
    assert run_job(datetime(2026, 6, 9, 5, 0, tzinfo=UTC)).digests == 0  # Tuesday
    assert run_job(datetime(2026, 6, 15, 5, 0, tzinfo=UTC)).digests == 1  # next Monday
    assert len(mails("digest")) == 2


def test_a_worker_down_on_monday_morning_catches_up_that_monday_only(
    app: Flask, citizen: Person, choose: Any, mails: Any, run_job: Any
) -> None:
    choose(citizen, reminder_enabled=False, digest_enabled=True)
    assert run_job(datetime(2026, 6, 9, 6, 0, tzinfo=UTC)).digests == 0  # Tuesday: week 24's is lost
    assert run_job(datetime(2026, 6, 8, 20, 0, tzinfo=UTC)).digests == 1  # Monday 22:00


def test_the_suggestion_is_the_top_co2_action_when_everything_was_logged(ctx: Flask, citizen: Person) -> None:
    from app.reminders.queries import suggested_action

    top = db.session.scalars(
        select(Action).where(Action.is_active.is_(True)).order_by(Action.co2e_kg_per_unit.desc().nulls_last())
    ).first()
    first = suggested_action(citizen.id)
    assert first is not None
    assert top is not None
    assert first.co2e_kg_per_unit == top.co2e_kg_per_unit  # never logged anything: the top one
