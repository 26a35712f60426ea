"""The worker job: due reminders go out once per local day, across DST, by at most one worker."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action
from app.db import db
from app.reminders.models import ReminderPreference
from tests.conftest import Person


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def log_bike(app: Flask, person: Person, *, now: datetime, key: str) -> None:
    from app.actions.services import log_action
    from app.clock import local_date

    with app.app_context():
        action = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
        assert action is not None
        log_action(
            user=db.session.get_one(User, person.id),
            action=action,
            quantity=Decimal(5),
            occurred_on=local_date(now),
            idempotency_key=key,
            now=now,
        )
        db.session.remove()


def marker(app: Flask, person: Person) -> date | None:
    with app.app_context():
        value = db.session.get_one(ReminderPreference, person.id).reminder_sent_on
        db.session.remove()
    return value


def test_a_due_reminder_is_queued_once_with_its_unsubscribe_link(
    app: Flask, citizen: Person, choose: Callable[..., None], mails: Any, run_job: Any
) -> None:
    choose(citizen, reminder_time=time(19, 0))
    assert run_job(utc(2026, 6, 10, 16, 59)).reminders == 0  # 18:59 in Copenhagen
    assert run_job(utc(2026, 6, 10, 17, 0)).reminders == 1
    assert run_job(utc(2026, 6, 10, 17, 1)).reminders == 0
    assert run_job(utc(2026, 6, 10, 21, 0)).reminders == 0
    [mail] = mails("reminder")
    assert mail.to_address == citizen.email
    assert "Deltager" in mail.body
    assert "/hjem" in mail.body
    assert mail.list_unsubscribe is not None
    assert "/afmeld/reminder." in mail.list_unsubscribe
    assert mail.list_unsubscribe in mail.body
    assert marker(app, citizen) == date(2026, 6, 10)
    assert run_job(utc(2026, 6, 11, 17, 0)).reminders == 1  # the next day, again
    assert len(mails("reminder")) == 2


def test_the_mail_is_danish(app: Flask, citizen: Person, choose: Any, mails: Any, run_job: Any) -> None:
    choose(citizen)
    run_job(utc(2026, 6, 10, 17, 0))
    [mail] = mails("reminder")
    assert "påmindelse" in mail.subject.lower()
    assert "Hej" in mail.body


def test_only_if_not_logged_today(app: Flask, make_user: Any, choose: Any, mails: Any, run_job: Any) -> None:
    logged, idle = make_user(), make_user()
    choose(logged, only_if_not_logged=True)
    choose(idle, only_if_not_logged=True)
    log_bike(app, logged, now=utc(2026, 6, 10, 8, 0), key="reminder-log-00001")
    report = run_job(utc(2026, 6, 10, 17, 0))
    assert (report.reminders, report.skipped_logged) == (1, 1)
    assert [m.to_address for m in mails("reminder")] == [idle.email]
    assert marker(app, logged) == date(2026, 6, 10)  # handled for today: not looked at again
    assert run_job(utc(2026, 6, 10, 17, 5)).skipped_logged == 0


def test_a_log_yesterday_does_not_count_as_today(
    app: Flask, citizen: Person, choose: Any, mails: Any, run_job: Any
) -> None:
    choose(citizen, only_if_not_logged=True)
    log_bike(app, citizen, now=utc(2026, 6, 9, 8, 0), key="reminder-log-00002")
    assert run_job(utc(2026, 6, 10, 17, 0)).reminders == 1


def test_without_the_option_a_logged_citizen_is_reminded_too(
    app: Flask, citizen: Person, choose: Any, run_job: Any
) -> None:
    choose(citizen, only_if_not_logged=False)
    log_bike(app, citizen, now=utc(2026, 6, 10, 8, 0), key="reminder-log-00003")
    assert run_job(utc(2026, 6, 10, 17, 0)).reminders == 1


def test_catch_up_the_same_day_never_yesterdays(
    app: Flask, citizen: Person, choose: Any, mails: Any, run_job: Any
) -> None:
    choose(citizen, reminder_time=time(8, 0), weekdays=[2])  # Wednesdays at 08:00
    assert run_job(utc(2026, 6, 10, 19, 0)).reminders == 1  # the worker came back at 21:00
    choose(citizen, reminder_time=time(23, 30), weekdays=[3])  # Thursdays 23:30
    # Down from 23:00 on Thursday to 00:30 on Friday: Thursday's is not sent on Friday.
    assert run_job(utc(2026, 6, 11, 22, 30)).reminders == 0
    assert len(mails("reminder")) == 1


def test_spring_forward_night_a_0230_reminder_goes_at_0300(
    app: Flask, citizen: Person, choose: Any, mails: Any, run_job: Any
) -> None:
    choose(citizen, reminder_time=time(2, 30))
    for day in (date(2026, 3, 29), date(2027, 3, 28)):
        with time_machine.travel(datetime(day.year, 3, day.day, 0, 59, tzinfo=UTC), tick=False):
            assert run_job().reminders == 0  # 01:59 CET
        with time_machine.travel(datetime(day.year, 3, day.day, 1, 0, tzinfo=UTC), tick=False):
            assert run_job().reminders == 1  # 03:00 CEST, the first moment after the gap
        with time_machine.travel(datetime(day.year, 3, day.day, 1, 30, tzinfo=UTC), tick=False):
            assert run_job().reminders == 0
    assert len(mails("reminder")) == 2


def test_fall_back_night_an_ambiguous_time_is_sent_once(
    app: Flask, citizen: Person, choose: Any, mails: Any, run_job: Any
) -> None:
    choose(citizen, reminder_time=time(2, 30))
    for day in (date(2026, 10, 25), date(2027, 10, 31)):
        sent = 0
        for minute in range(0, 180, 10):  # every ten minutes from 00:00 to 03:00 UTC
            moment = datetime(day.year, 10, day.day, tzinfo=UTC) + timedelta(minutes=minute)
            with time_machine.travel(moment, tick=False):
                sent += run_job().reminders
        assert sent == 1, day
    assert len(mails("reminder")) == 2


def test_two_workers_at_once_send_it_once(
    app: Flask, make_user: Any, choose: Any, mails: Any, run_job: Any
) -> None:
    people = [make_user() for _ in range(4)]
    for person in people:
        choose(person)
    barrier = threading.Barrier(2)
    reports: list[Any] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            reports.append(run_job(utc(2026, 6, 10, 17, 0)))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sum(report.reminders for report in reports) == 4
    assert sorted(m.to_address for m in mails("reminder")) == sorted(p.email for p in people)


def test_the_claim_is_conditional(app: Flask, citizen: Person, choose: Any) -> None:
    from app.reminders.services import claim_digest, claim_reminder

    choose(citizen)
    with app.app_context():
        assert claim_reminder(user_id=citizen.id, day=date(2026, 6, 10)) is True
        assert claim_reminder(user_id=citizen.id, day=date(2026, 6, 10)) is False
        assert claim_reminder(user_id=citizen.id, day=date(2026, 6, 11)) is True
        assert claim_digest(user_id=citizen.id, week="2026-W24") is True
        assert claim_digest(user_id=citizen.id, week="2026-W24") is False
        db.session.remove()


def test_nothing_for_reminders_off_suspended_or_non_citizens(
    app: Flask, make_user: Any, choose: Any, mails: Any, run_job: Any
) -> None:
    off, suspended = make_user(), make_user()
    choose(off, reminder_enabled=False)
    choose(suspended)
    with app.app_context():
        db.session.get_one(User, suspended.id).is_suspended = True
        db.session.commit()
        db.session.remove()
    assert run_job(utc(2026, 6, 10, 17, 0)).reminders == 0
    assert mails() == []


def test_the_worker_runs_the_job_every_minute() -> None:
    from app.outbox.worker import PERIODIC_JOBS
    from app.reminders.sending import send_due_notifications

    job = next(job for job in PERIODIC_JOBS if job.name == "reminders")
    assert (job.interval_seconds, job.run) == (60, send_due_notifications)
